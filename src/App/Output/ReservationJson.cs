namespace PortReservation.App.Output;

/// <summary>One reservation, as show and why print it.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Start">The first port.</param>
/// <param name="Count">How many ports.</param>
/// <param name="End">The last port.</param>
/// <param name="Kind"><c>persistent</c> or <c>runtime</c>.</param>
/// <param name="Token">The token, as a decimal string.</param>
/// <param name="OwnerPid">The holding process of a runtime reservation; null for persistent ones.</param>
internal sealed record ReservationJson(string Protocol, int Start, int Count, int End, string Kind, string Token, long? OwnerPid);
