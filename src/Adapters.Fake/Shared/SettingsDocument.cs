namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The dynamic range and the wildcard policy.</summary>
/// <param name="DynamicStart">The first port of the dynamic range.</param>
/// <param name="DynamicCount">How many ports the dynamic range holds.</param>
/// <param name="WildcardFit"><c>firstFitFromBottom</c> or <c>firstFitFromTop</c>.</param>
internal sealed record SettingsDocument(int DynamicStart, int DynamicCount, string WildcardFit);
