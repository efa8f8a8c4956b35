namespace PortReservation.Domain;

/// <summary>What happens when a socket that is not associated with a reservation binds a specific port.</summary>
public enum BindVerdict
{
    /// <summary>The bind succeeds.</summary>
    Allowed,

    /// <summary>The port lies in another process's runtime reservation: "access forbidden" (WSAEACCES).</summary>
    AccessForbidden,

    /// <summary>A socket already holds the port (WSAEADDRINUSE).</summary>
    InUse,
}
