using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// Which processes run on the host, and since when: how a <see cref="SharedFakeWindows"/> tells a live holder
/// of runtime reservations from one that is gone. <see cref="SharedFakeOptions.Default"/> reads the host's;
/// a test may give its own to end a simulated process without ending a real one.
/// </summary>
public interface IProcessTable
{
    /// <summary>When <paramref name="process"/> started, or none when no such process runs (or it has exited and awaits its parent).</summary>
    Option<ProcessStart> StartOf(ProcessId process);
}
