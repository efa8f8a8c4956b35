namespace PortReservation.Domain;

/// <summary>A granted block and the token that names it (<c>INET_PORT_RESERVATION_INSTANCE</c>).</summary>
/// <param name="Range">The reserved ports.</param>
/// <param name="Token">The token that names the reservation.</param>
public sealed record ReservationInstance(PortRange Range, ReservationToken Token) : IComparable<ReservationInstance>, IComparable
{
    /// <summary>Orders instances by block, then token; null sorts first.</summary>
    public int CompareTo(ReservationInstance? other) =>
        other is null ? 1
        : Range.CompareTo(other.Range) is var byRange and not 0 ? byRange
        : Token.CompareTo(other.Token);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);
}
