using LanguageExt;

namespace PortReservation.Domain;

/// <summary>A live reservation: a block of one protocol's ports, its token, its kind and, for runtime ones, its holder.</summary>
/// <param name="Protocol">The port space it reserves in.</param>
/// <param name="Range">The reserved ports.</param>
/// <param name="Token">The token that names it.</param>
/// <param name="Kind">Persistent or runtime.</param>
/// <param name="Owner">The holder of a runtime reservation; none for persistent ones.</param>
public sealed record Reservation(
    Protocol Protocol,
    PortRange Range,
    ReservationToken Token,
    ReservationKind Kind,
    Option<Holder> Owner)
{
    /// <summary>The block and its token.</summary>
    public ReservationInstance Instance => new(Range, Token);

    /// <summary>Whether <paramref name="process"/> holds this reservation (persistent ones have no holder).</summary>
    public bool IsHeldBy(ProcessId process) => Owner.Exists(holder => holder.Process == process);
}
