namespace PortReservation.App.Output;

/// <summary>The answer of any failure.</summary>
/// <param name="Error">What failed.</param>
internal sealed record ErrorJson(ErrorBodyJson Error);
