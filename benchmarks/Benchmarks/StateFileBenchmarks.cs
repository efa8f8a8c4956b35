using BenchmarkDotNet.Attributes;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Benchmarks;

/// <summary>
/// The shared fake's state file holding <see cref="Live"/> persistent reservations, used as <c>portres</c> and a port
/// server use it: each call of a process is one transaction of the file (lock, read, decide, write).
/// </summary>
[MemoryDiagnoser]
public class StateFileBenchmarks
{
    private string folder = string.Empty;
    private SharedFakeWindows server = null!;
    private SharedFakeOptions options = SharedFakeOptions.Default;

    /// <summary>How many reservations the file holds.</summary>
    [Params(1_000, 10_000)]
    public int Live { get; set; }

    private string StatePath => Path.Combine(folder, "state.json");

    /// <summary>Writes the file the benchmarks start from.</summary>
    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("portres-bench-").FullName;
        options = SharedFakeOptions.Default.WithElevation(true).WithPortsInUse(_ => []);
        server = SharedFakeWindows.Open(StatePath, options).ThrowIfFail();
        server.Transact(None, admin =>
        {
            for (var i = 0; i < Live; i++)
            {
                admin.Create(i % 2 == 0 ? Protocol.Tcp : Protocol.Udp, PortRange.Create(1024 + (i / 2 * 2), 1).ThrowIfFail()).ThrowIfFail();
            }

            return FinSucc(unit);
        }).ThrowIfFail();
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// <c>portres run</c>'s two transactions: a new instance reads and decodes the file and acquires a one-port block on a
    /// new socket (a journal line), then closes the socket, which releases it (another line, the file known from the first).
    /// </summary>
    [Benchmark]
    public void NewInstanceAcquireThenRelease() => AcquireThenRelease(SharedFakeWindows.Open(StatePath, options).ThrowIfFail());

    /// <summary>A port server's transactions: an instance that knows the file, as no one else wrote it, acquires and releases.</summary>
    [Benchmark]
    public void KnownFileAcquireThenRelease() => AcquireThenRelease(server);

    /// <summary><c>portres add</c> then <c>portres delete</c> by an instance that knows the file: two rewrites of it, each flushed to disk.</summary>
    [Benchmark]
    public void PersistentAddThenDelete()
    {
        var process = server.Process();
        var block = PortRange.Create(40000, 1).ThrowIfFail();
        process.Create(Protocol.Tcp, block).ThrowIfFail();
        process.Delete(Protocol.Tcp, block).ThrowIfFail();
    }

    private static void AcquireThenRelease(SharedFakeWindows machine)
    {
        var socket = machine.Transact(None, me =>
            from opened in me.OpenSocket(Protocol.Tcp)
            from block in me.Acquire(opened, ReservationRequest.ForAnyBlock(1).ThrowIfFail())
            select opened).ThrowIfFail();
        machine.Transact(None, me => me.Close(socket)).ThrowIfFail();
    }
}
