using BenchmarkDotNet.Attributes;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Benchmarks;

/// <summary>The cost of the pure transitions on a table that already holds <see cref="Reservations"/> blocks.</summary>
[MemoryDiagnoser]
public class TransitionBenchmarks
{
    private static readonly Caller Holder = new(new ProcessId(1), IsElevated: true);
    private ReservationTable table = ReservationTable.Empty(ReservationSettings.Default, 1);
    private SocketId socket;
    private ReservationRequest wildcard = ReservationRequest.ForAnyBlock(10).ThrowIfFail();
    private PortRange outside;

    /// <summary>How many live 10-port blocks the table holds before the measured call.</summary>
    [Params(10, 100, 1000)]
    public int Reservations { get; set; }

    /// <summary>Fills the dynamic range from the bottom with runtime blocks held by one socket.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var opened = Domain.Reservations.OpenSocket(ReservationTable.Empty(ReservationSettings.Default, 1), Holder, Protocol.Tcp).ThrowIfFail();
        (table, socket) = (opened.State, opened.Output);
        for (var i = 0; i < Reservations; i++)
        {
            table = Domain.Reservations.Acquire(table, Holder, socket, wildcard).ThrowIfFail().State;
        }

        outside = PortRange.Create(20000, 10).ThrowIfFail();
    }

    /// <summary>A wildcard acquire: first fit past every existing block.</summary>
    [Benchmark]
    public ReservationTable AcquireWildcard() =>
        Domain.Reservations.Acquire(table, Holder, socket, wildcard).ThrowIfFail().State;

    /// <summary>A persistent create of a block that overlaps nothing.</summary>
    [Benchmark]
    public ReservationTable CreatePersistent() =>
        Domain.Reservations.CreatePersistent(table, Holder, Protocol.Tcp, outside).ThrowIfFail().State;

    /// <summary>Which reservation covers the highest reserved port.</summary>
    [Benchmark]
    public PortExplanation Explain() =>
        Domain.Reservations.Explain(table, Protocol.Tcp, Port.Create(49152 + (Reservations * 10) - 1).ThrowIfFail(), new ProcessId(2));

    /// <summary>The sorted listing of every reservation.</summary>
    [Benchmark]
    public int List() => Domain.Reservations.List(table, Option<Protocol>.None).Count;
}
