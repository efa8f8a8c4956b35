using System.Globalization;

namespace PortReservation.App.Host;

/// <summary>
/// When a process started, as the host measures it (clock ticks since boot on Linux). A live process
/// with the same id but another start is a different process that reuses the id.
/// </summary>
/// <param name="Value">The measurement; only compared for equality.</param>
internal readonly record struct ProcessStart(ulong Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
