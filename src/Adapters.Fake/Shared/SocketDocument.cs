namespace PortReservation.Adapters.Fake.Shared;

/// <summary>One socket of the model.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Pid">The process that opened it.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Association">The token of the reservation it is associated with, if any.</param>
/// <param name="BoundPort">The port it is bound to, if any.</param>
internal sealed record SocketDocument(long Id, long Pid, string Protocol, string? Association, int? BoundPort);
