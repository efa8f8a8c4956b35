using System.Runtime.InteropServices;

namespace PortReservation.App.Host;

/// <summary>The C library calls .NET does not offer: a signal to another process, and process groups.</summary>
internal static partial class Libc
{
    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>getpgid(2): the process group of <paramref name="pid"/>, or -1 when there is no such process.</summary>
    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    public static partial int GetProcessGroup(int pid);
}
