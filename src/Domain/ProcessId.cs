namespace PortReservation.Domain;

/// <summary>A process, as the system numbers it. Runtime reservations belong to one.</summary>
/// <param name="Value">The process id.</param>
public readonly record struct ProcessId(long Value) : IComparable<ProcessId>, IComparable
{
    /// <summary>
    /// Windows' System process, pid 4, in whose name kernel components such as WinNAT, HNS and HTTP.sys hold
    /// ports. An import of netsh's table makes it the holder of every unstarred row, and the Winsock adapter
    /// names it as the holder of the rows netsh shows without one (some process; netsh does not say which). It stands for the
    /// system, not for a program of the simulation, so it never ends: a shell that ends the runtime
    /// reservations of processes that are gone leaves this one's alone.
    /// </summary>
    public static ProcessId SimulatedSystem { get; } = new(4);

    /// <inheritdoc />
    public int CompareTo(ProcessId other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
