using BenchmarkDotNet.Attributes;
using PortReservation.Domain;

namespace PortReservation.Benchmarks;

/// <summary>Wildcards on a dynamic range that <see cref="Singles"/> one-port blocks fragment, one every other port.</summary>
[MemoryDiagnoser]
public class FragmentedBenchmarks
{
    private ReservationTable table = ReservationTable.Empty(ReservationSettings.Default, 1);
    private SocketId socket;

    /// <summary>How many one-port blocks fragment the dynamic range.</summary>
    [Params(1_000, 8_000)]
    public int Singles { get; set; }

    /// <summary>Builds the tables the benchmarks start from.</summary>
    [GlobalSetup]
    public void Setup() => (table, socket) = Tables.Open(Tables.Fragmented(Singles), Tables.Other);

    /// <summary>A 10-port wildcard, whose first fit lies past every single, then its release.</summary>
    [Benchmark]
    public ReservationTable WildcardAcquireAndRelease()
    {
        var acquired = Reservations.Acquire(table, Tables.Other, socket, Tables.AnyTenPorts).ThrowIfFail();
        return Reservations.Release(acquired.State, Tables.Other, socket, acquired.Output.Token).ThrowIfFail().State;
    }
}
