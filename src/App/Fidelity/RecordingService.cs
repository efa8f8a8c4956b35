using LanguageExt;
using PortReservation.App.Cli;
using PortReservation.App.Machine;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using PortReservation.Recording;
using static LanguageExt.Prelude;

namespace PortReservation.App.Fidelity;

/// <summary>
/// The reservations of <c>portres --record FILE</c>: every call a command makes on its port goes through a
/// <see cref="RecordingReservations"/> into the trace. Import changes the fake's table as a whole rather than
/// through a process's calls, so it is not recorded (the next recording's header holds what it made).
/// </summary>
internal sealed class RecordingService(IReservationService inner, TraceWriter trace, ProcessId self) : IReservationService, IDisposable
{
    /// <summary>The trace written so far.</summary>
    public TraceWriter Trace => trace;

    /// <summary>
    /// Starts a trace at <paramref name="path"/> (created, or emptied) whose header describes the machine
    /// <paramref name="inner"/> serves: the adapter, its dynamic range, the elevation and the reservations it holds now.
    /// </summary>
    public static Fin<RecordingService> Start(string path, IReservationService inner, GlobalSettings settings, ProcessId self) =>
        from header in Header(inner, settings)
        from file in Create(path)
        select new RecordingService(inner, new TraceWriter(file, header), self);

    /// <summary>The header for the machine <paramref name="inner"/> serves, read with calls that are not recorded.</summary>
    public static Fin<TraceHeader> Header(IReservationService inner, GlobalSettings settings) =>
        inner.Transact(None, reservations =>
            from dynamic in reservations.DynamicPorts()
            from existing in reservations.List(None)
            select TraceHeader.ForThisMachine(
                settings.Adapter == AdapterKind.Winsock ? "winsock" : "fake",
                dynamic,
                // The fake's elevation is the option's; Windows' is the process's own.
                settings.Adapter == AdapterKind.Winsock ? Environment.IsPrivilegedProcess : settings.IsElevated,
                [.. existing.Map(ExistingBlock.Of)]));

    /// <summary>Creates (or empties) the trace file, or says why it cannot.</summary>
    public static Fin<Stream> Create(string path)
    {
        if (path.Length == 0)
        {
            return new UsageProblem("--record needs a file path for the trace");
        }

        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new UsageProblem($"the trace cannot be written to '{path}': {e.Message}");
        }
    }

    /// <inheritdoc />
    public Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work, CancellationToken cancel) =>
        inner.Transact(portsInUseOf, reservations => work(new RecordingReservations(reservations, trace, self, isSimulated: false)), cancel);

    /// <inheritdoc />
    public Fin<Option<IDisposable>> HoldForChildren() => inner.HoldForChildren();

    /// <inheritdoc />
    public Fin<Seq<Reservation>> Import(Func<ReservationTable, Fin<ExcludedPortTable>> rows, bool replace) => inner.Import(rows, replace);

    /// <inheritdoc />
    public void Dispose() => trace.Dispose();
}
