using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// The opaque 64-bit token (<c>INET_PORT_RESERVATION_TOKEN</c>) that names a reservation. Never 0:
/// 0 is <c>INVALID_PORT_RESERVATION_TOKEN</c>.
/// </summary>
public readonly record struct ReservationToken : IComparable<ReservationToken>
{
    private ReservationToken(ulong value) => Value = value;

    /// <summary>The token's value as the native APIs carry it.</summary>
    public ulong Value { get; }

    /// <summary>The token with that value, or <see cref="ReservationError.InvalidParameter"/> for 0.</summary>
    public static Fin<ReservationToken> Create(ulong value) =>
        value == 0
            ? FinFail<ReservationToken>(new ReservationError.InvalidParameter(
                "token 0 is INVALID_PORT_RESERVATION_TOKEN", WindowsCodes.WSAEINVAL))
            : FinSucc(new ReservationToken(value));

    /// <summary>A token already known to be non-zero.</summary>
    internal static ReservationToken Trusted(ulong value) => new(value);

    /// <inheritdoc />
    public int CompareTo(ReservationToken other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
