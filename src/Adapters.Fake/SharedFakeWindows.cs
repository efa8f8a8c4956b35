using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// A fake Windows shared through a state file by every process that opens the same path: the processes of a
/// test suite (a service and its clients), and <c>portres</c>, share one simulated machine. Each transaction
/// is a read-decide-write sandwich under an exclusive lock on a file beside the state file: it reads the
/// table, ends the runtime reservations of holders that are gone (their process id is free, or another
/// process with another start time has it), resumes a <see cref="FakeWindows"/> over the table, lets the work
/// call it, and records what changed: a journal line appended to the file when only runtime state changed, or
/// the whole table written to a temporary file renamed over the state file (flushed to disk first when
/// persistent reservations changed). What a failed call changed is not kept.
/// </summary>
/// <remarks>
/// Files are private to the user (0600, a new folder 0700). A file that cannot be read, is damaged, is another
/// program's or of a newer format is a <see cref="StateFileProblem"/> and is never written. An instance may be
/// used from several threads; a transaction's work must not call the machine again (the lock is held).
/// </remarks>
public sealed class SharedFakeWindows
{
    /// <summary>What the file keeps as the start of <see cref="ProcessId.SimulatedSystem"/>, which runs on no host and is never reclaimed.</summary>
    private static readonly ProcessStart SimulatedSystemStart = new(0);

    /// <summary>No broker's clients: the transaction speaks for this process alone.</summary>
    private static readonly IReadOnlyDictionary<ProcessId, ProcessStart> NoClients = new Dictionary<ProcessId, ProcessStart>();

    private readonly Lock gate = new();
    private readonly StateFile file;
    private readonly SharedFakeOptions options;

    /// <summary>
    /// The stamp of the state file as this instance last read or wrote it, with the state it holds. A later
    /// transaction that finds the same stamp (a release after its acquire, or the next request of a port server,
    /// when no other process wrote in between) takes the state as it is instead of reading and decoding the file.
    /// </summary>
    private (StateStamp Stamp, StoredState Stored)? known;

    private SharedFakeWindows(StateFile file, SharedFakeOptions options) => (this.file, this.options) = (file, options);

    /// <summary>
    /// The machine kept in the state file at <paramref name="path"/> (made on the first change, with its folder),
    /// as the process of <paramref name="options"/> sees it. Nothing is read yet: every transaction reads the file.
    /// Fails with <see cref="ReservationError.InvalidParameter"/> when the path cannot name a file.
    /// </summary>
    public static Fin<SharedFakeWindows> Open(string path, SharedFakeOptions options) => Open(path, options, HostFileSystem.Instance);

    /// <summary>The same machine, its state file kept on <paramref name="files"/>: the host's, or one that fails where a test says.</summary>
    internal static Fin<SharedFakeWindows> Open(string path, SharedFakeOptions options, IStateFileSystem files)
    {
        try
        {
            return new SharedFakeWindows(new StateFile(path, options.LockWait, files), options);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return FinFail<SharedFakeWindows>(new ReservationError.InvalidParameter(
                $"the state file path '{path}' cannot be used ({e.Message.TrimEnd('.')})", WindowsCodes.ERROR_INVALID_PARAMETER));
        }
    }

    /// <summary>The state file's full path.</summary>
    public string Path => file.Path;

    /// <summary>
    /// The port through which this process (<see cref="SharedFakeOptions.Process"/>) calls, elevated as the
    /// options say. Every call is a transaction of its own; <see cref="Transact{T}(Func{IReservationPort, Fin{T}})"/>
    /// makes one of several calls.
    /// </summary>
    public IReservationPort Process() => new SharedFakeProcess(this);

    /// <summary>
    /// Runs <paramref name="work"/> against this process's port as one transaction: no other process changes the
    /// machine in between, and what the work changed is kept when it succeeds (when it fails, only the reclaim of
    /// gone holders is). The host's ports in use of both protocols count. The port is valid during the work only.
    /// </summary>
    public Fin<T> Transact<T>(Func<IReservationPort, Fin<T>> work)
    {
        // Read before taking the lock: the host's sockets are a moment's view either way, and the lock is held briefly.
        var (tcp, udp) = (options.PortsInUse(Protocol.Tcp), options.PortsInUse(Protocol.Udp));
        return OnProcess(FakeOptions.Default.WithPortsInUse(asked => asked == Protocol.Tcp ? tcp : udp), work);
    }

    /// <summary>
    /// <see cref="Transact{T}(Func{IReservationPort, Fin{T}})"/>, reading the host's ports in use of
    /// <paramref name="portsInUseOf"/> only: the protocol of the calls that consult them (acquire, bind, create,
    /// explain), or none when the work makes no such call (list, lookup, delete, release, close).
    /// </summary>
    public Fin<T> Transact<T>(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<T>> work) =>
        Transact(portsInUseOf, work, CancellationToken.None);

    /// <summary>
    /// <see cref="Transact{T}(Option{Protocol}, Func{IReservationPort, Fin{T}})"/> that stops waiting for another
    /// process's lock as soon as <paramref name="cancel"/> is cancelled, and then answers <see cref="Errors.Cancelled"/>
    /// having changed nothing.
    /// </summary>
    public Fin<T> Transact<T>(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<T>> work, CancellationToken cancel)
    {
        var fake = portsInUseOf.Match(
            Some: protocol => FakeOptions.Default.WithPortsInUse(PortsInUse(protocol, options.PortsInUse(protocol))),
            None: () => FakeOptions.Default);
        return OnMachine(fake, NoClients, machine => work(machine.Process(options.Process, options.IsElevated)), cancel);
    }

    /// <summary>
    /// Opens this process's holder handle, which the child processes it starts from then on inherit, as a Windows child
    /// inherits a socket handle: while any process holds it open, the runtime reservations of this process stay held
    /// even after this process has ended (killed with SIGKILL, say), and the next transaction after the last of them
    /// closes it ends them. Dispose it once the children have ended. Linux only (a Unix socket in the abstract
    /// namespace); elsewhere it fails, and the reservations end with their process.
    /// </summary>
    public Fin<IDisposable> OpenHandleForChildren() =>
        from start in options.Processes.StartOf(options.Process).ToFin(Error.New($"process {options.Process} is not running"))
        from handle in HolderHandle.Open(file.Path, options.Process, start)
        select (IDisposable)handle;

    /// <summary>
    /// Runs <paramref name="work"/> on the whole machine as one transaction: the <see cref="FakeWindows"/> it is
    /// given holds the table (after the reclaim of gone holders) and serves any process, for example
    /// <see cref="FakeWindows.Import"/> or <see cref="FakeWindows.EndProcess"/>; its processes are elevated as the
    /// options say, and no port is in use on it. What the work changed is kept when it succeeds. The machine is
    /// valid during the work only.
    /// </summary>
    public Fin<T> TransactMachine<T>(Func<FakeWindows, Fin<T>> work) => OnMachine(FakeOptions.Default, NoClients, work);

    /// <summary>
    /// <see cref="TransactMachine{T}"/> for a broker that acquires on behalf of other processes (a port server):
    /// the sockets the work opens for a process of <paramref name="clients"/> are kept as that process's, with the
    /// start given there (the one the broker read when it made sure the process runs), so its runtime reservations
    /// end when it does. No port is in use on the machine: the broker checks the host itself.
    /// </summary>
    public Fin<T> TransactFor<T>(IReadOnlyDictionary<ProcessId, ProcessStart> clients, Func<FakeWindows, Fin<T>> work) =>
        OnMachine(FakeOptions.Default, clients, work);

    /// <summary>The machine's table as it is now, after the reclaim of gone holders.</summary>
    public Fin<ReservationTable> Table() => TransactMachine(machine => FinSucc(machine.State));

    private Fin<T> OnProcess<T>(FakeOptions fake, Func<IReservationPort, Fin<T>> work) =>
        OnMachine(fake, NoClients, machine => work(machine.Process(options.Process, options.IsElevated)));

    /// <summary>One transaction of <paramref name="work"/> on the whole machine: read, reclaim, work, write when changed.</summary>
    private Fin<T> OnMachine<T>(FakeOptions fake, IReadOnlyDictionary<ProcessId, ProcessStart> clients, Func<FakeWindows, Fin<T>> work, CancellationToken cancel = default)
    {
        lock (gate)
        {
            return file.Transact(cancel, current =>
                from stored in current.Match(
                    Some: Read,
                    None: () => FinSucc(new StoredState(StateCodec.Fresh(options.NewTokenSeed()), StateLayout.NoFile)))
                let saved = stored.State
                let machine = FakeWindows.Resume(saved.Table, fake.WithElevation(options.IsElevated))
                let reclaimed = Reclaim(machine, saved.Holders, clients)
                let answer = work(machine)
                from next in Saved(answer.IsSucc ? machine.State : reclaimed, saved.Holders, clients)
                select Decide(current, stored, next, answer));
        }
    }

    /// <summary>The ports in use the fake asks for: those of <paramref name="protocol"/>, and none of the other, which the work does not consult.</summary>
    private static Func<Protocol, IEnumerable<Port>> PortsInUse(Protocol protocol, IReadOnlyCollection<Port> ports) =>
        asked => asked == protocol ? ports : [];

    /// <summary>The state the file holds: the one this instance knows when the file still has its stamp, else decoded.</summary>
    private Fin<StoredState> Read(StoredFile current)
    {
        if (known is { } same && same.Stamp.Equals(current.Stamp))
        {
            return same.Stored;
        }

        var decoded = from bytes in current.Bytes()
                      from stored in StateCodec.Read(bytes, file.Path)
                      select stored;
        known = decoded.IsSucc ? (current.Stamp, (StoredState)decoded) : null;
        return decoded;
    }

    /// <summary>
    /// How the file changes from <paramref name="before"/> (read from <paramref name="current"/>, if there is a file) to
    /// <paramref name="after"/>: not at all; a journal line when only runtime state changed and the journal has room; or
    /// a rewrite of the whole file under a new generation, flushed to disk when persistent reservations changed.
    /// </summary>
    private StateDecision<T> Decide<T>(Option<StoredFile> current, StoredState before, SavedState after, Fin<T> answer)
    {
        var delta = StateChanges.Delta(before.State, after);
        var change = delta.Change;
        if (change == StateChange.None)
        {
            return new StateDecision<T>(answer, None);
        }

        // What decoding the new content gives back: the same state without the host's ports in use, which the file does not keep.
        var kept = after with
        {
            Table = after.Table.WithPortsInUseElsewhere(Protocol.Tcp, []).WithPortsInUseElsewhere(Protocol.Udp, []),
            Generation = before.State.Generation,
        };
        var layout = before.Layout;
        if (change == StateChange.Runtime && current.Case is StoredFile read)
        {
            var line = StateCodec.EncodeChange(delta);
            if (layout.TakesLine(line.Length))
            {
                known = read.Stamp.Appended(layout.ValidBytes, line.Length) is { } stamp
                    ? (stamp, new StoredState(kept, layout with { ValidBytes = layout.ValidBytes + line.Length }))
                    : null;
                return new StateDecision<T>(answer, Some<StateWrite>(new StateWrite.Appending(line, layout.ValidBytes)));
            }
        }

        var rewritten = kept with { Generation = NextGeneration(before.State.Generation) };
        var content = StateCodec.Encode(rewritten);
        known = (StateStamp.Of(content.Span), new StoredState(rewritten, StateLayout.Rewritten(content.Length)));
        return new StateDecision<T>(answer, Some<StateWrite>(new StateWrite.Replacement(content, change == StateChange.Persistent)));
    }

    /// <summary>The generation of a rewrite: the next number, or a random one for a file that had none (new, or of an older format).</summary>
    private static ulong NextGeneration(ulong generation) =>
        generation is 0 or ulong.MaxValue ? (ulong)Random.Shared.NextInt64(1, long.MaxValue) : generation + 1;

    /// <summary>
    /// Ends the runtime reservations of every holder that is gone (its pid is free, or another process now has it) and
    /// whose handle no child holds either; answers the table after. A broker's client whose start the broker read for
    /// this transaction is not read again.
    /// </summary>
    private ReservationTable Reclaim(
        FakeWindows machine, ImmutableSortedDictionary<ProcessId, ProcessStart> holders, IReadOnlyDictionary<ProcessId, ProcessStart> clients)
    {
        foreach (var (process, start) in holders)
        {
            // The simulated system process stands for WinNAT and HNS on the imported machine: it never ends. A process
            // that is gone still holds while a child that inherited its handle runs (COMMAND of a killed portres run).
            if (process != ProcessId.SimulatedSystem
                && !(clients.TryGetValue(process, out var read) && read == start)
                && !options.Processes.StartOf(process).Exists(now => now == start)
                && !HolderHandle.IsHeld(file.Path, process, start))
            {
                machine.EndProcess(process);
            }
        }

        return machine.State;
    }

    /// <summary>
    /// The table with the start of each process that has sockets in it: this process its own, a broker's client the
    /// one the broker read (a holder gone since the file was read may have passed its id on), the others the one known for them.
    /// </summary>
    private Fin<SavedState> Saved(
        ReservationTable table, ImmutableSortedDictionary<ProcessId, ProcessStart> known, IReadOnlyDictionary<ProcessId, ProcessStart> clients)
    {
        var starts = ImmutableSortedDictionary.CreateBuilder<ProcessId, ProcessStart>();
        foreach (var process in table.ProcessesWithSockets)
        {
            var start = process == options.Process ? options.Processes.StartOf(process)
                : clients.TryGetValue(process, out var read) ? Some(read)
                : known.TryGetValue(process, out var earlier) ? Some(earlier)
                : process == ProcessId.SimulatedSystem ? Some(SimulatedSystemStart)
                : None;
            if (start.IsNone)
            {
                return FinFail<SavedState>(Error.New($"the start time of process {process}, which has sockets, is not known"));
            }

            starts[process] = start.IfNone(default(ProcessStart));
        }

        return new SavedState(table, starts.ToImmutable());
    }
}
