using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// A TCP or UDP port number from 1 to 65535. Port 0 is not a port here: it is how the native
/// APIs say "let the system choose", which this library spells as a separate value.
/// </summary>
/// <remarks>
/// <c>default(Port)</c> holds 0 and so is not a port: every function of the domain and every adapter
/// refuses it with <see cref="ReservationError.InvalidParameter"/> (see <see cref="Checked"/>).
/// </remarks>
public readonly record struct Port : IComparable<Port>, IComparable
{
    /// <summary>The lowest port, 1.</summary>
    public const int MinValue = 1;

    /// <summary>The highest port, 65535.</summary>
    public const int MaxValue = 65535;

    private Port(int value) => Value = value;

    /// <summary>The port number, 1 to 65535.</summary>
    public int Value { get; }

    /// <summary>The port with that number, or <see cref="ReservationError.InvalidParameter"/> outside 1..65535.</summary>
    public static Fin<Port> Create(int value) =>
        value is >= MinValue and <= MaxValue
            ? FinSucc(new Port(value))
            : FinFail<Port>(new ReservationError.InvalidParameter(
                $"port {value} is outside 1-65535", WindowsCodes.ERROR_INVALID_PARAMETER));

    /// <summary>
    /// <paramref name="port"/> itself, or <see cref="ReservationError.InvalidParameter"/> with
    /// <paramref name="invalidCode"/> when it is <c>default(Port)</c>. The domain's functions and the
    /// adapters check every port that enters through them with this.
    /// </summary>
    public static Fin<Port> Checked(Port port, int invalidCode) =>
        port.Value == 0
            ? FinFail<Port>(new ReservationError.InvalidParameter(
                "the port is default(Port), which is not a port; make ports with Port.Create", invalidCode))
            : FinSucc(port);

    /// <summary>A port already known to be in range; for the domain's own arithmetic.</summary>
    internal static Port Trusted(int value) => new(value);

    /// <inheritdoc />
    public int CompareTo(Port other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <summary>Orders ports by number.</summary>
    public static bool operator <(Port left, Port right) => left.Value < right.Value;

    /// <summary>Orders ports by number.</summary>
    public static bool operator >(Port left, Port right) => left.Value > right.Value;

    /// <summary>Orders ports by number.</summary>
    public static bool operator <=(Port left, Port right) => left.Value <= right.Value;

    /// <summary>Orders ports by number.</summary>
    public static bool operator >=(Port left, Port right) => left.Value >= right.Value;

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
