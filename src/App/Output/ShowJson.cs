namespace PortReservation.App.Output;

/// <summary>The answer of show.</summary>
/// <param name="Reservations">Every reservation, sorted by protocol, then start.</param>
internal sealed record ShowJson(IReadOnlyList<ReservationJson> Reservations);
