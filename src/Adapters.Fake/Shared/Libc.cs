using System.Runtime.InteropServices;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The C library calls .NET does not offer: an open that neither follows a link nor waits for a FIFO's
/// writer, the type of an open file, flock(2), an fsync of a folder, a bare read of a /proc file, and a Unix socket children inherit. The flag values are Linux's
/// (where the state file is opened through them) except <see cref="ReadOnly"/>, which is 0 everywhere.
/// </summary>
internal static partial class Libc
{
    /// <summary>O_RDONLY, the same number on Linux and macOS.</summary>
    public const int ReadOnly = 0;

    /// <summary>O_WRONLY, the same number on Linux and macOS.</summary>
    public const int WriteOnly = 1;

    /// <summary>O_RDWR on Linux.</summary>
    public const int ReadWrite = 2;

    /// <summary>O_CREAT on Linux.</summary>
    public const int Create = 0x40;

    /// <summary>O_NONBLOCK on Linux: an open of a FIFO answers at once instead of waiting for the other end.</summary>
    public const int NonBlocking = 0x800;

    /// <summary>O_CLOEXEC and SOCK_CLOEXEC on Linux: COMMAND of a run never inherits the descriptor.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>ENOENT.</summary>
    public const int NoSuchEntry = 2;

    /// <summary>EWOULDBLOCK (EAGAIN) on Linux.</summary>
    public const int WouldBlock = 11;

    /// <summary>EISDIR.</summary>
    public const int IsADirectory = 21;

    /// <summary>ELOOP on Linux: the last component is a symbolic link and O_NOFOLLOW was given.</summary>
    public const int TooManyLinks = 40;

    /// <summary>ENXIO: an open of a socket file, or of a device that is not there.</summary>
    public const int NoSuchDevice = 6;

    /// <summary>flock's LOCK_EX | LOCK_NB.</summary>
    public const int ExclusiveNoWait = 2 | 4;

    /// <summary>O_NOFOLLOW on Linux, which differs between architectures.</summary>
    public static int NoFollow => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le => 0x8000,
        _ => 0x20000,
    };

    /// <summary>AF_UNIX.</summary>
    public const int UnixFamily = 1;

    /// <summary>SOCK_DGRAM on Linux.</summary>
    public const int Datagram = 2;

    /// <summary>EADDRINUSE on Linux.</summary>
    public const int AddressInUse = 98;

    /// <summary>open(2) of a path, for the folder whose entries must reach the disk.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>open(2) with the mode a created file gets.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    /// <summary>read(2).</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int descriptor, byte* buffer, nint count);

    /// <summary>fsync(2).</summary>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int descriptor);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    /// <summary>flock(2).</summary>
    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int descriptor, int operation);

    /// <summary>The file type bits (S_IFMT) of an open descriptor, by statx(2), whose layout is the same on every Linux architecture; -1 when it fails.</summary>
    public static unsafe int FileType(int descriptor)
    {
        const int EmptyPath = 0x1000; // AT_EMPTY_PATH: the descriptor itself
        const uint TypeOnly = 0x1; // STATX_TYPE
        var buffer = stackalloc byte[256];
        return Statx(descriptor, string.Empty, EmptyPath, TypeOnly, buffer) == 0
            ? *(ushort*)(buffer + 28) & 0xF000 // stx_mode
            : -1;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int descriptor, string path, int flags, uint mask, byte* buffer);

    /// <summary>socket(2).</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int family, int type, int protocol);

    /// <summary>bind(2) of a sockaddr_un given as its bytes.</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int descriptor, byte[] address, int length);
}
