using System.Runtime.InteropServices;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The C library calls .NET does not offer: an fsync of a folder, and a Unix socket its children inherit.</summary>
internal static partial class Libc
{
    /// <summary>O_RDONLY, the same number on Linux and macOS.</summary>
    public const int ReadOnly = 0;

    /// <summary>AF_UNIX.</summary>
    public const int UnixFamily = 1;

    /// <summary>SOCK_DGRAM on Linux.</summary>
    public const int Datagram = 2;

    /// <summary>SOCK_CLOEXEC on Linux: a socket that no child inherits.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>EADDRINUSE on Linux.</summary>
    public const int AddressInUse = 98;

    /// <summary>open(2) of a path, for the folder whose entries must reach the disk.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>fsync(2).</summary>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int descriptor);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    /// <summary>socket(2).</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int family, int type, int protocol);

    /// <summary>bind(2) of a sockaddr_un given as its bytes.</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int descriptor, byte[] address, int length);
}
