using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// An in-memory Windows machine: one reservation table that every simulated process shares, changed
/// only by the domain's transitions under one lock, so concurrent callers never get overlapping blocks.
/// Each process gets its own <see cref="IReservationPort"/>, as each Windows process makes its own calls.
/// </summary>
public sealed class FakeWindows
{
    private readonly Lock gate = new();
    private readonly FakeOptions options;

    // Read out of the option once: matching it on every call built two delegates per call.
    private readonly Func<Protocol, IEnumerable<Port>>? portsInUse;
    private ReservationTable state;

    /// <summary>A machine with no reservations, set up by <paramref name="options"/>.</summary>
    public FakeWindows(FakeOptions options)
        : this(ReservationTable.Empty(options.Settings, options.TokenSeed), options)
    {
    }

    private FakeWindows(ReservationTable state, FakeOptions options) =>
        (this.state, this.options, portsInUse) = (state, options, options.PortsInUse.MatchUnsafe(Some: f => f, None: () => null));

    /// <summary>A machine that carries on from <paramref name="table"/> (for example one read back from a file).</summary>
    public static FakeWindows Resume(ReservationTable table, FakeOptions options) => new(table, options);

    /// <summary>The machine's table as it is now.</summary>
    public ReservationTable State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>The port through which process <paramref name="process"/> calls, elevated as the options say.</summary>
    public IReservationPort Process(ProcessId process) => Process(process, options.IsElevated);

    /// <summary>The port through which process <paramref name="process"/> calls, elevated or not.</summary>
    public IReservationPort Process(ProcessId process, bool isElevated) =>
        new FakeProcess(this, new Caller(process, isElevated));

    /// <summary>Process <paramref name="process"/> is gone: its sockets close and its runtime reservations end. Answers those reservations.</summary>
    public Seq<Reservation> EndProcess(ProcessId process) =>
        Apply(process, static (table, ended) => Reservations.EndProcess(table, ended));

    /// <summary>
    /// Loads netsh's table of excluded port ranges (<see cref="ExcludedPortRanges.Parse"/>, or a profile of
    /// <see cref="FakeProfiles"/>) into the machine, with the rules of <see cref="Reservations.Import"/>:
    /// starred rows persistent, the others held by <see cref="ProcessId.SimulatedSystem"/>, a row that
    /// overlaps the table a conflict unless <paramref name="replace"/> ends that protocol's reservations
    /// first. Nothing changes on an error. Answers the reservations made.
    /// </summary>
    public Fin<Seq<Reservation>> Import(ExcludedPortTable rows, bool replace) =>
        Apply((rows, replace), static (table, import) => Reservations.Import(table, import.rows, import.replace));

    /// <summary>
    /// Runs <paramref name="transition"/> on the current table with <paramref name="input"/> under the lock and
    /// keeps its table on success. The input travels as an argument, so a caller passes a static lambda and a
    /// call allocates no closure.
    /// </summary>
    internal Fin<T> Apply<TInput, T>(TInput input, Func<ReservationTable, TInput, Fin<Transition<T>>> transition)
    {
        lock (gate)
        {
            var result = transition(Current(), input);
            if (result.IsFail)
            {
                return (Error)result;
            }

            var next = (Transition<T>)result;
            state = next.State;
            return next.Output;
        }
    }

    /// <summary>The same for a transition that cannot fail.</summary>
    internal T Apply<TInput, T>(TInput input, Func<ReservationTable, TInput, Transition<T>> transition)
    {
        lock (gate)
        {
            var result = transition(Current(), input);
            state = result.State;
            return result.Output;
        }
    }

    /// <summary>Answers <paramref name="query"/> on the current table under the lock.</summary>
    internal T Read<TInput, T>(TInput input, Func<ReservationTable, TInput, T> query)
    {
        lock (gate)
        {
            return query(Current(), input);
        }
    }

    /// <summary>
    /// The table with the ports outside programs hold right now, asked for afresh on every call; the table
    /// changes only where those ports changed, and stays the same instance when none did.
    /// </summary>
    private ReservationTable Current() =>
        portsInUse is null
            ? state
            : state = state
                .WithPortsInUseElsewhere(Protocol.Tcp, portsInUse(Protocol.Tcp))
                .WithPortsInUseElsewhere(Protocol.Udp, portsInUse(Protocol.Udp));
}
