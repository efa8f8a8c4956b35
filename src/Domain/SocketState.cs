using LanguageExt;

namespace PortReservation.Domain;

/// <summary>A socket of the model: its process, protocol, the reservation it is associated with and the port it is bound to.</summary>
/// <param name="Id">The socket.</param>
/// <param name="Process">The process that opened it.</param>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="Association">The reservation it draws its port from at an automatic bind, if associated.</param>
/// <param name="BoundPort">The port it is bound to, once bound.</param>
public sealed record SocketState(
    SocketId Id,
    ProcessId Process,
    Protocol Protocol,
    Option<ReservationToken> Association,
    Option<Port> BoundPort);
