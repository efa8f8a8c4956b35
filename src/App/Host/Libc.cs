using System.Runtime.InteropServices;

namespace PortReservation.App.Host;

/// <summary>The few C library calls .NET does not offer: a signal to another process, and fsync of a folder.</summary>
internal static partial class Libc
{
    /// <summary>O_RDONLY, the same number on Linux and macOS.</summary>
    public const int ReadOnly = 0;

    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>open(2) of a path, for the folder whose entries must reach the disk.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>fsync(2).</summary>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int descriptor);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);
}
