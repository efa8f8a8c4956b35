using LanguageExt;

namespace PortReservation.Domain.Ports;

/// <summary>
/// Runtime reservations, as the WinSock IOCTLs offer them to the calling process: a reservation lives
/// as long as the socket it was acquired on.
/// </summary>
public interface IRuntimeReservations
{
    /// <summary>Opens a new socket of <paramref name="protocol"/> for the calling process.</summary>
    Fin<SocketId> OpenSocket(Protocol protocol);

    /// <summary>SIO_ACQUIRE_PORT_RESERVATION: reserves a block held by <paramref name="socket"/>.</summary>
    Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request);

    /// <summary>SIO_ASSOCIATE_PORT_RESERVATION: an unbound <paramref name="socket"/>'s automatic bind will draw from the reservation.</summary>
    Fin<Unit> Associate(SocketId socket, ReservationToken token);

    /// <summary>Binds <paramref name="socket"/> and answers the port it got.</summary>
    Fin<Port> Bind(SocketId socket, BindTarget target);

    /// <summary>SIO_RELEASE_PORT_RESERVATION: ends a runtime reservation the calling process acquired.</summary>
    Fin<Unit> Release(SocketId socket, ReservationToken token);

    /// <summary>Closes <paramref name="socket"/>; the runtime reservations acquired on it end.</summary>
    Fin<Unit> Close(SocketId socket);
}
