using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.App.Host;

/// <summary>Which processes run on this host, and since when.</summary>
internal interface IProcessTable
{
    /// <summary>When <paramref name="process"/> started, or none when no such process runs (or it has exited and awaits its parent).</summary>
    Option<ProcessStart> StartOf(ProcessId process);
}
