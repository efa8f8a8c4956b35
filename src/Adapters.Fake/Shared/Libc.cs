using System.Runtime.InteropServices;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The C library calls .NET does not offer for an fsync of a folder, and a bare read of a /proc file.</summary>
internal static partial class Libc
{
    /// <summary>O_RDONLY, the same number on Linux and macOS.</summary>
    public const int ReadOnly = 0;

    /// <summary>open(2) of a path, for the folder whose entries must reach the disk.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>O_CLOEXEC on Linux.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>read(2).</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int descriptor, byte* buffer, nint count);

    /// <summary>fsync(2).</summary>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int descriptor);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);
}
