using System.Runtime.InteropServices;

namespace PortReservation.App.Host;

/// <summary>The C library call .NET does not offer: a signal to another process.</summary>
internal static partial class Libc
{
    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
