using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Host;
using PortReservation.App.State;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>
/// The fake Windows over a state file shared by every portres process of the user. Each transaction is
/// a read-decide-write sandwich: under the file's lock it reads the table, ends the runtime
/// reservations of processes that are gone, resumes a <see cref="FakeWindows"/> over the table, lets the
/// work call this process's port, and writes the table back when it changed.
/// </summary>
internal sealed class StateFileReservations(StateFile file, HostServices host, bool isElevated) : IReservationService
{
    /// <summary>
    /// The content of the state file as this process last read or wrote it, with the state it holds. A later
    /// transaction that finds exactly these bytes in the file (run's release after its acquire, when no other
    /// portres wrote in between) takes the state as it is instead of decoding the file again.
    /// </summary>
    private (ReadOnlyMemory<byte> Content, SavedState State)? known;

    /// <inheritdoc />
    public Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work)
    {
        // Read before taking the lock: the host's sockets are a moment's view either way, and the lock is held briefly.
        var options = portsInUseOf.Match(
            Some: protocol => FakeOptions.Default.WithPortsInUse(PortsInUse(protocol, host.PortsInUse(protocol))),
            None: () => FakeOptions.Default);
        return OnMachine(options, machine => work(machine.Process(host.Self, isElevated)));
    }

    /// <inheritdoc />
    public Fin<Seq<Reservation>> Import(Func<ReservationTable, Fin<ExcludedPortTable>> rows, bool replace)
    {
        var imported = Seq<Reservation>();
        return OnMachine(FakeOptions.Default, machine =>
        {
            var made = rows(machine.State).Bind(table => machine.Import(table, replace));
            if (made.IsFail)
            {
                return (Error)made;
            }

            imported = (Seq<Reservation>)made;
            return unit;
        }).Map(_ => imported);
    }

    /// <summary>One transaction of <paramref name="work"/> on the whole machine: read, reclaim, work, write when changed.</summary>
    private Fin<Unit> OnMachine(FakeOptions options, Func<FakeWindows, Fin<Unit>> work) =>
        file.Transact(current =>
            from saved in current.Match(
                Some: Read,
                None: () => FinSucc(StateCodec.Fresh(host.NewTokenSeed())))
            let machine = FakeWindows.Resume(saved.Table, options.WithElevation(isElevated))
            let reclaimed = Reclaim(machine, saved.Holders)
            let answer = work(machine)
            from next in Saved(answer.IsSucc ? machine.State : reclaimed, saved.Holders)
            select Decide(saved, next, answer));

    /// <summary>The ports in use the fake asks for: those of <paramref name="protocol"/>, and none of the other, which the work does not consult.</summary>
    private static Func<Protocol, IEnumerable<Port>> PortsInUse(Protocol protocol, IReadOnlyCollection<Port> ports) =>
        asked => asked == protocol ? ports : [];

    /// <summary>The state the file's <paramref name="content"/> holds: the one this process knows when the content is the same, else decoded.</summary>
    private Fin<SavedState> Read(byte[] content)
    {
        if (known is { } same && same.Content.Span.SequenceEqual(content))
        {
            return same.State;
        }

        var decoded = StateCodec.Decode(content, file.Path);
        if (decoded.IsSucc)
        {
            known = (content, (SavedState)decoded);
        }

        return decoded;
    }

    private StateDecision<T> Decide<T>(SavedState before, SavedState after, Fin<T> answer)
    {
        var change = StateChanges.Between(before, after);
        if (change == StateChange.None)
        {
            return new StateDecision<T>(answer, None);
        }

        var content = StateCodec.Encode(after);

        // What decoding the new content gives back: the same state without the host's ports in use, which the file does not keep.
        known = (content, after with
        {
            Table = after.Table.WithPortsInUseElsewhere(Protocol.Tcp, []).WithPortsInUseElsewhere(Protocol.Udp, []),
        });
        return new StateDecision<T>(answer, Some(new StateReplacement(content, change == StateChange.Persistent)));
    }

    /// <summary>Ends the runtime reservations of every holder that is gone (its pid is free, or another process now has it); answers the table after.</summary>
    private ReservationTable Reclaim(FakeWindows machine, ImmutableSortedDictionary<ProcessId, ProcessStart> holders)
    {
        foreach (var (process, start) in holders)
        {
            // The simulated system process stands for WinNAT and HNS on the imported machine: it never ends.
            if (process != ProcessId.SimulatedSystem && !host.Processes.StartOf(process).Exists(now => now == start))
            {
                machine.EndProcess(process);
            }
        }

        return machine.State;
    }

    /// <summary>What the file keeps as the start of <see cref="ProcessId.SimulatedSystem"/>, which runs on no host and is never reclaimed.</summary>
    private static readonly ProcessStart SimulatedSystemStart = new(0);

    /// <summary>The table with the start of each process that has sockets in it: this process its own, the others the one known for them.</summary>
    private Fin<SavedState> Saved(ReservationTable table, ImmutableSortedDictionary<ProcessId, ProcessStart> known)
    {
        var starts = ImmutableSortedDictionary.CreateBuilder<ProcessId, ProcessStart>();
        foreach (var socket in table.Sockets)
        {
            var process = socket.Process;
            if (starts.ContainsKey(process))
            {
                continue;
            }

            var start = process == host.Self ? host.Processes.StartOf(process)
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
