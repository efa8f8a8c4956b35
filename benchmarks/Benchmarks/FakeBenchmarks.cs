using BenchmarkDotNet.Attributes;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Benchmarks;

/// <summary>
/// The in-memory fake as a test suite drives it: each of <see cref="Threads"/> simulated processes acquires
/// and releases its own specific 10-port block, <see cref="Rounds"/> times, on a machine that holds
/// <see cref="Live"/> reservations. Every call takes the fake's one lock.
/// </summary>
[MemoryDiagnoser]
public class FakeBenchmarks
{
    private const int Rounds = 1_000;
    private (IReservationPort Process, SocketId Socket, ReservationRequest Block)[] callers = [];

    /// <summary>How many live reservations the machine holds.</summary>
    [Params(100, 10_000)]
    public int Live { get; set; }

    /// <summary>How many threads call at once.</summary>
    [Params(1, 2, 4)]
    public int Threads { get; set; }

    /// <summary>Builds the tables the benchmarks start from.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var machine = FakeWindows.Resume(Tables.Filled(Live), FakeOptions.Default.WithElevation(true));
        callers = Enumerable.Range(0, Threads).Select(i =>
        {
            var process = machine.Process(new ProcessId(100 + i));
            var socket = process.OpenSocket(Protocol.Tcp).ThrowIfFail();
            return (process, socket, ReservationRequest.ForBlock(PortRange.Create(60000 + (i * 10), 10).ThrowIfFail()));
        }).ToArray();
    }

    /// <summary>One acquire + release; the figure is per pair, over all threads.</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void AcquireAndRelease()
    {
        var perThread = Rounds / Threads;
        if (Threads == 1)
        {
            // On the benchmark's own thread: the one-thread figure carries no scheduling.
            Pairs(callers[0], perThread);
            return;
        }

        Parallel.ForEach(callers, new ParallelOptions { MaxDegreeOfParallelism = Threads }, caller => Pairs(caller, perThread));
    }

    private static void Pairs((IReservationPort Process, SocketId Socket, ReservationRequest Block) caller, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var instance = caller.Process.Acquire(caller.Socket, caller.Block).ThrowIfFail();
            caller.Process.Release(caller.Socket, instance.Token).ThrowIfFail();
        }
    }
}
