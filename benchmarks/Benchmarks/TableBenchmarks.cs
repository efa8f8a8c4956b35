using BenchmarkDotNet.Attributes;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Benchmarks;

/// <summary>The pure transitions and queries on a table that already holds <see cref="Live"/> reservations.</summary>
[MemoryDiagnoser]
public class TableBenchmarks
{
    private ReservationTable table = ReservationTable.Empty(ReservationSettings.Default, 1);
    private ReservationTable withManySockets = ReservationTable.Empty(ReservationSettings.Default, 1);
    private ReservationTable associated = ReservationTable.Empty(ReservationSettings.Default, 1);
    private ReservationTable carried = ReservationTable.Empty(ReservationSettings.Default, 1);
    private SocketId socket;
    private SocketId fresh;
    private SocketId closing;
    private ReservationRequest specific = ReservationRequest.ForAnyBlock(1).ThrowIfFail();
    private PortRange persistent;
    private Port last;

    /// <summary>How many live reservations the table holds before the measured call.</summary>
    [Params(100, 1_000, 10_000)]
    public int Live { get; set; }

    /// <summary>Builds the tables the benchmarks start from.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (table, socket) = Tables.Open(Tables.Filled(Live), Tables.Other);
        carried = table;
        specific = ReservationRequest.ForBlock(PortRange.Create(60000, 10).ThrowIfFail());
        persistent = PortRange.Create(1024 + ((Live - (Live % 3) - 3) * 3), 2).ThrowIfFail();
        last = Port.Create(1024 + ((Live - 1) * 3)).ThrowIfFail();

        // Process 2 with 64 sockets, each holding a 2-port block; closing one ends its block, ending the process ends all.
        withManySockets = table;
        for (var i = 0; i < 64; i++)
        {
            (withManySockets, var s) = Tables.Open(withManySockets, Tables.Other);
            withManySockets = Reservations.Acquire(withManySockets, Tables.Other, s, ReservationRequest.ForBlock(PortRange.Create(61000 + (i * 2), 2).ThrowIfFail()))
                .ThrowIfFail().State;
            closing = s;
        }

        var acquired = Reservations.Acquire(table, Tables.Other, socket, specific).ThrowIfFail();
        (associated, fresh) = Tables.Open(acquired.State, Tables.Other);
        associated = Reservations.Associate(associated, Tables.Other, fresh, acquired.Output.Token).ThrowIfFail().State;
    }

    /// <summary>SIO_ACQUIRE of a specific 10-port block (the allocation figure of one acquire).</summary>
    [Benchmark]
    public ReservationTable AcquireSpecific() =>
        Reservations.Acquire(table, Tables.Other, socket, specific).ThrowIfFail().State;

    /// <summary>SIO_ACQUIRE of a specific 10-port block, then SIO_RELEASE of it.</summary>
    [Benchmark]
    public ReservationTable AcquireAndReleaseSpecific()
    {
        var acquired = Reservations.Acquire(table, Tables.Other, socket, specific).ThrowIfFail();
        return Reservations.Release(acquired.State, Tables.Other, socket, acquired.Output.Token).ThrowIfFail().State;
    }

    /// <summary>
    /// The same pair on a table that carries on from the last pair, as the fake's does: each pair draws a new
    /// token, and what a pair leaves behind lives on into the next, so the garbage collector sees the table age.
    /// </summary>
    [Benchmark]
    public ReservationTable AcquireAndReleaseCarriedOn()
    {
        var acquired = Reservations.Acquire(carried, Tables.Other, socket, specific).ThrowIfFail();
        carried = Reservations.Release(acquired.State, Tables.Other, socket, acquired.Output.Token).ThrowIfFail().State;
        return carried;
    }

    /// <summary>A 10-port wildcard: its first fit lies past every reservation of the table.</summary>
    [Benchmark]
    public ReservationTable AcquireWildcard() =>
        Reservations.Acquire(table, Tables.Other, socket, Tables.AnyTenPorts).ThrowIfFail().State;

    /// <summary>An automatic bind of a socket associated with a 10-port reservation.</summary>
    [Benchmark]
    public Port AssociatedBind() => Reservations.Bind(associated, Tables.Other, fresh, BindTarget.Any).ThrowIfFail().Output;

    /// <summary>An automatic (port 0) bind of a socket without association: the lowest free dynamic port.</summary>
    [Benchmark]
    public Port AutomaticBind() => Reservations.Bind(table, Tables.Other, socket, BindTarget.Any).ThrowIfFail().Output;

    /// <summary>Closing one of a process's 64 sockets, which ends the block it holds.</summary>
    [Benchmark]
    public int CloseSocket() => Reservations.CloseSocket(withManySockets, Tables.Other, closing).ThrowIfFail().Output.Count;

    /// <summary>Ending a process with 65 sockets and 64 blocks.</summary>
    [Benchmark]
    public int EndProcess() => Reservations.EndProcess(withManySockets, Tables.Other.Process).Output.Count;

    /// <summary>LookupPersistent of one of the last persistent blocks.</summary>
    [Benchmark]
    public ReservationToken Lookup() => Reservations.LookupPersistent(table, Protocol.Tcp, persistent).ThrowIfFail();

    /// <summary>Which reservation covers the highest reserved port.</summary>
    [Benchmark]
    public bool Explain() => Reservations.Explain(table, Protocol.Tcp, last, Tables.Other.Process).Map(e => e.IsReserved).IfFail(false);

    /// <summary>Streams every reservation in order (O(n) by nature).</summary>
    [Benchmark]
    public int List() => Reservations.List(table, Option<Protocol>.None).Count;
}
