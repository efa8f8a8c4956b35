using System.Collections.Concurrent;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>A process table the test runs: a process lives from <see cref="Start"/> to <see cref="End"/>.</summary>
internal sealed class SimulatedProcesses : IProcessTable
{
    private readonly ConcurrentDictionary<ProcessId, ProcessStart> running = new();
    private ulong clock;

    public ProcessId Start(long pid)
    {
        running[new ProcessId(pid)] = new ProcessStart(Interlocked.Increment(ref clock));
        return new ProcessId(pid);
    }

    public void End(ProcessId process) => running.TryRemove(process, out _);

    public Option<ProcessStart> StartOf(ProcessId process) =>
        running.TryGetValue(process, out var start) ? Option<ProcessStart>.Some(start) : Option<ProcessStart>.None;
}
