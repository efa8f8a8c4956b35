namespace PortReservation.Domain;

/// <summary>A transport protocol. TCP and UDP are two independent port spaces.</summary>
public enum Protocol
{
    /// <summary>TCP: reservations made on TCP sockets or with the Tcp IP Helper functions.</summary>
    Tcp,

    /// <summary>UDP: reservations made on UDP sockets or with the Udp IP Helper functions.</summary>
    Udp,
}
