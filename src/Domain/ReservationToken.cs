using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// The opaque 64-bit token (<c>INET_PORT_RESERVATION_TOKEN</c>) that names a reservation. Never 0:
/// 0 is <c>INVALID_PORT_RESERVATION_TOKEN</c>.
/// </summary>
/// <remarks>
/// <c>default(ReservationToken)</c> holds 0 and so names nothing: every function of the domain and every
/// adapter refuses it with <see cref="ReservationError.InvalidParameter"/> (see <see cref="Checked"/>).
/// </remarks>
public readonly record struct ReservationToken : IComparable<ReservationToken>, IComparable
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

    /// <summary>
    /// <paramref name="token"/> itself, or <see cref="ReservationError.InvalidParameter"/> with WSAEINVAL
    /// when it is <c>default(ReservationToken)</c>, which is INVALID_PORT_RESERVATION_TOKEN. The domain's
    /// functions and the adapters check every token that enters through them with this.
    /// </summary>
    public static Fin<ReservationToken> Checked(ReservationToken token) => Create(token.Value);

    /// <summary>A token already known to be non-zero.</summary>
    internal static ReservationToken Trusted(ulong value) => new(value);

    /// <inheritdoc />
    public int CompareTo(ReservationToken other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
