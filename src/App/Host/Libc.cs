using System.Runtime.InteropServices;

namespace PortReservation.App.Host;

/// <summary>The C library calls .NET does not offer: a signal to another process, process groups, and sockets set up exactly as portserver sets them.</summary>
internal static partial class Libc
{
    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>socket(2).</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    /// <summary>setsockopt(2) with an int value.</summary>
    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int socket, int level, int name, int* value, uint length);

    /// <summary>bind(2).</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static unsafe partial int Bind(int socket, byte* address, uint length);

    /// <summary>listen(2).</summary>
    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int socket, int backlog);

    /// <summary>open(2)'s flags on Linux: read only, without blocking, closed on exec.</summary>
    public const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;

    /// <summary>The errno open(2) answers for a socket file.</summary>
    public const int ENXIO = 6;

    /// <summary>open(2).</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>accept4(2), without the peer's address.</summary>
    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(nint socket, nint address, nint length, int flags);

    /// <summary>recv(2).</summary>
    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(int socket, byte* buffer, nint length, int flags);

    /// <summary>send(2).</summary>
    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int socket, byte* buffer, nint length, int flags);

    /// <summary>poll(2).</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        /// <summary>The descriptor.</summary>
        public int Fd;

        /// <summary>The events asked for.</summary>
        public short Events;

        /// <summary>The events that happened.</summary>
        public short Revents;
    }

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

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
