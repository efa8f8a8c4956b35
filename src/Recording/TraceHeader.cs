using PortReservation.Domain;

namespace PortReservation.Recording;

/// <summary>
/// The first line of a trace: what it is, and the machine it was recorded on, enough to set up a fresh
/// fake like it.
/// </summary>
/// <param name="Os">The operating system's description (for example "Microsoft Windows 10.0.22631").</param>
/// <param name="OsBuild">The operating system's version number (for example "10.0.22631.0").</param>
/// <param name="Adapter">The adapter the calls went to: "winsock", "fake", or another adapter's name.</param>
/// <param name="DynamicPorts">The machine's dynamic port range when the recording began.</param>
/// <param name="IsElevated">Whether the recording processes ran as elevated administrators.</param>
/// <param name="Existing">The reservations the machine held when the recording began (of other programs, or of the system).</param>
public sealed record TraceHeader(
    string Os,
    string OsBuild,
    string Adapter,
    DynamicPortRange DynamicPorts,
    bool IsElevated,
    IReadOnlyList<ExistingBlock> Existing)
{
    /// <summary>The value of the header's "format" field: a trace of port-reservation calls.</summary>
    public const string Format = "portreservation-trace";

    /// <summary>The version of the line format this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>A header for this process's operating system.</summary>
    public static TraceHeader ForThisMachine(string adapter, DynamicPortRange dynamicPorts, bool isElevated, IReadOnlyList<ExistingBlock> existing) =>
        new(
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            Environment.OSVersion.Version.ToString(),
            adapter,
            dynamicPorts,
            isElevated,
            existing);
}

/// <summary>A reservation present before the recording began.</summary>
/// <param name="Protocol">Its port space.</param>
/// <param name="Range">Its block.</param>
/// <param name="IsPersistent">Persistent (administered, starred in netsh's table), or held at runtime by a process.</param>
public sealed record ExistingBlock(Protocol Protocol, PortRange Range, bool IsPersistent)
{
    /// <summary>The block as a reservation of <paramref name="reservation"/>'s kind.</summary>
    public static ExistingBlock Of(Reservation reservation) =>
        new(reservation.Protocol, reservation.Range, reservation is Reservation.Persistent);
}
