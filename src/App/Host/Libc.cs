using System.Runtime.InteropServices;

namespace PortReservation.App.Host;

/// <summary>The C library calls .NET does not offer: a signal to another process, and process groups.</summary>
internal static partial class Libc
{
    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>SIGPIPE's number, the same on Linux and macOS.</summary>
    public const int SIGPIPE = 13;

    /// <summary>SIG_DFL: the signal's default action.</summary>
    public const nint DefaultAction = 0;

    /// <summary>signal(2): sets what <paramref name="signal"/> does, answering what it did before.</summary>
    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    public static partial nint SetSignalAction(int signal, nint action);

    /// <summary>getpgid(2): the process group of <paramref name="pid"/>, or -1 when there is no such process.</summary>
    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    public static partial int GetProcessGroup(int pid);
}
