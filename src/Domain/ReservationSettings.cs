namespace PortReservation.Domain;

/// <summary>The machine's configuration the rules read: the dynamic range and the wildcard policy.</summary>
/// <param name="DynamicPorts">Where wildcard blocks and automatic binds come from.</param>
/// <param name="Fit">Which free block a wildcard request gets.</param>
public sealed record ReservationSettings(DynamicPortRange DynamicPorts, WildcardFit Fit)
{
    /// <summary>Windows' defaults: 49152-65535, first fit from the bottom.</summary>
    public static ReservationSettings Default { get; } = new(DynamicPortRange.Default, WildcardFit.FirstFitFromBottom);
}
