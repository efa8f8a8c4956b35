namespace PortReservation.Domain;

/// <summary>The result of a transition: the table after it and what it answers.</summary>
/// <typeparam name="T">What the operation answers.</typeparam>
/// <param name="State">The table after the operation.</param>
/// <param name="Output">What the operation answers.</param>
public sealed record Transition<T>(ReservationTable State, T Output);
