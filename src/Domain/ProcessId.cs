namespace PortReservation.Domain;

/// <summary>A process, as the system numbers it. Runtime reservations belong to one.</summary>
/// <param name="Value">The process id.</param>
public readonly record struct ProcessId(long Value) : IComparable<ProcessId>, IComparable
{
    /// <inheritdoc />
    public int CompareTo(ProcessId other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
