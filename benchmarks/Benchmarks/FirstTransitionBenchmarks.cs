using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;

namespace PortReservation.Benchmarks;

/// <summary>
/// What a fresh process pays, under the JIT, for its first calls into the fake: the difference between a
/// child that only starts and one that also opens a socket, acquires, lists, explains and releases. A
/// reflective type-class scan on the way (LanguageExt's, some 0.5 s) would show here as that difference.
/// </summary>
public class FirstTransitionBenchmarks
{
    /// <summary>The argument that makes this program a child that starts and exits.</summary>
    public const string StartOnly = "--child-start-only";

    /// <summary>The argument that makes this program a child that runs its first transitions and exits.</summary>
    public const string FirstTransitions = "--child-first-transitions";

    /// <summary>A fresh process that starts and exits.</summary>
    [Benchmark(Baseline = true)]
    public int FreshProcess() => Child(StartOnly);

    /// <summary>A fresh process that runs its first transitions through the fake.</summary>
    [Benchmark]
    public int FreshProcessWithFirstTransitions() => Child(FirstTransitions);

    /// <summary>The child's work: the first calls a test suite makes.</summary>
    public static int RunFirstTransitions()
    {
        var machine = new FakeWindows(FakeOptions.Default);
        var process = machine.Process(new ProcessId(Environment.ProcessId));
        var granted =
            from socket in process.OpenSocket(Protocol.Tcp)
            from request in ReservationRequest.ForAnyBlock(10)
            from block in process.Acquire(socket, request)
            from listed in process.List(LanguageExt.Option<Protocol>.None)
            from explained in process.Explain(Protocol.Tcp, block.Range.Start)
            from released in process.Release(socket, block.Token)
            select listed.Count;
        return granted.Match(count => count == 1 ? 0 : 2, _ => 3);
    }

    private static int Child(string mode)
    {
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { typeof(FirstTransitionBenchmarks).Assembly.Location, mode },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("the child process did not start");
        child.WaitForExit();
        return child.ExitCode == 0 ? 0 : throw new InvalidOperationException($"the child exited with {child.ExitCode}");
    }
}
