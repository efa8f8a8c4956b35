using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Host;
using PortReservation.App.State;
using PortReservation.Domain;
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
    /// <inheritdoc />
    public Fin<T> Transact<T>(Func<IReservationPort, Fin<T>> work)
    {
        // Read before taking the lock: the host's sockets are a moment's view either way, and the lock is held briefly.
        var inUse = host.PortsInUse();
        var options = FakeOptions.Default.WithElevation(isElevated).WithPortsInUse(inUse.For);
        if (RuntimeFeature.IsDynamicCodeCompiled)
        {
            Rehearse(work, options);
        }

        return file.Transact(current =>
            from saved in current.Match(
                Some: bytes => StateCodec.Decode(bytes, file.Path),
                None: () => FinSucc(StateCodec.Fresh(host.NewTokenSeed())))
            let machine = FakeWindows.Resume(saved.Table, options)
            let reclaimed = Reclaim(machine, saved.Holders)
            let answer = work(machine.Process(host.Self, isElevated))
            from next in Saved(answer.IsSucc ? machine.State : reclaimed, saved.Holders)
            select Decide(saved, next, answer));
    }

    /// <summary>
    /// Runs the work once against an empty table, outside the lock, and throws the result away. Under the
    /// JIT most of a short process's time goes to compiling code on its first call; compiled here, that
    /// time is no longer spent while other portres processes wait for the lock. Native AOT skips this.
    /// </summary>
    private void Rehearse<T>(Func<IReservationPort, Fin<T>> work, FakeOptions options)
    {
        var empty = StateCodec.Fresh(1);
        _ = StateCodec.Decode(StateCodec.Encode(empty), file.Path).Map(saved =>
        {
            var machine = FakeWindows.Resume(saved.Table, options);
            _ = work(machine.Process(host.Self, isElevated));
            return StateCodec.Encode(saved with { Table = machine.State });
        });
    }

    private static StateDecision<T> Decide<T>(SavedState before, SavedState after, Fin<T> answer)
    {
        var bytes = StateCodec.Encode(after);
        return new StateDecision<T>(answer, bytes.AsSpan().SequenceEqual(StateCodec.Encode(before)) ? None : Some(bytes));
    }

    /// <summary>Ends the runtime reservations of every holder that is gone (its pid is free, or another process now has it); answers the table after.</summary>
    private ReservationTable Reclaim(FakeWindows machine, Map<ProcessId, ProcessStart> holders)
    {
        foreach (var (process, start) in holders)
        {
            if (host.Processes.StartOf(process) != Some(start))
            {
                machine.EndProcess(process);
            }
        }

        return machine.State;
    }

    /// <summary>The table with the start of each process that has sockets in it: this process its own, the others the one known for them.</summary>
    private Fin<SavedState> Saved(ReservationTable table, Map<ProcessId, ProcessStart> known) =>
        toSet(table.Sockets.Map(s => s.Process)).ToSeq()
            .Map(process => (process == host.Self ? host.Processes.StartOf(process) : known.Find(process))
                .Map(start => (process, start))
                .ToFin(Error.New($"the start time of process {process}, which has sockets, is not known")))
            .Sequence()
            .Map(pairs => new SavedState(table, toMap(pairs)));
}
