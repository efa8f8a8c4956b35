namespace PortReservation.Adapters.Fake.Shared;

/// <summary>One reservation.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Start">The first port.</param>
/// <param name="Count">How many ports.</param>
/// <param name="Token">The token, as a decimal string.</param>
/// <param name="Kind"><c>persistent</c> or <c>runtime</c>.</param>
/// <param name="HolderPid">The holding process of a runtime reservation.</param>
/// <param name="HolderSocket">The socket a runtime reservation was acquired on.</param>
internal sealed record ReservationDocument(
    string Protocol, int Start, int Count, string Token, string Kind, long? HolderPid, long? HolderSocket);
