namespace PortReservation.App.Output;

/// <summary>The answer of release.</summary>
/// <param name="Released">The reservation that was released.</param>
internal sealed record ReleaseJson(ReleasedJson Released);

/// <summary>A released runtime reservation, named by its protocol and token.</summary>
/// <param name="Protocol">tcp or udp.</param>
/// <param name="Token">The token, as a decimal string.</param>
internal sealed record ReleasedJson(string Protocol, string Token);
