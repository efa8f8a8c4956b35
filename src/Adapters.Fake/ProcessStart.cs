using System.Globalization;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// When a process started, as the host measures it (clock ticks since boot on Linux). A live process
/// with the same id but another start is a different process that reuses the id.
/// </summary>
/// <param name="Value">The measurement; only compared for equality.</param>
public readonly record struct ProcessStart(ulong Value) : IComparable<ProcessStart>, IComparable
{
    /// <inheritdoc />
    public int CompareTo(ProcessStart other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ProcessStart other => CompareTo(other),
        _ => throw new ArgumentException($"a {nameof(ProcessStart)} compares only with another {nameof(ProcessStart)}, not with {obj.GetType().Name}", nameof(obj)),
    };

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
