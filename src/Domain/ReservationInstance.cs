namespace PortReservation.Domain;

/// <summary>A granted block and the token that names it (<c>INET_PORT_RESERVATION_INSTANCE</c>).</summary>
/// <param name="Range">The reserved ports.</param>
/// <param name="Token">The token that names the reservation.</param>
public sealed record ReservationInstance(PortRange Range, ReservationToken Token);
