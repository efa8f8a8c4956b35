namespace PortReservation.Domain;

/// <summary>How long a reservation lives.</summary>
public enum ReservationKind
{
    /// <summary>Kept in the persistent store until deleted; made by an administrator ("administered").</summary>
    Persistent,

    /// <summary>Lives as long as the socket that acquired it.</summary>
    Runtime,
}
