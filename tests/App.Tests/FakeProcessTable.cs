using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>A process table the test sets: processes not listed are gone.</summary>
internal sealed class FakeProcessTable(params (long Pid, ulong Start)[] running) : IProcessTable
{
    public Option<ProcessStart> StartOf(ProcessId process) =>
        running.Where(p => p.Pid == process.Value).Select(p => Some(new ProcessStart(p.Start))).FirstOrDefault();
}
