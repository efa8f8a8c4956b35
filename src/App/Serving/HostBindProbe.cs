using System.Buffers.Binary;
using PortReservation.App.Host;
using PortReservation.Domain;

namespace PortReservation.App.Serving;

/// <summary>
/// Whether this Linux host lets a program bind a port for both TCP and UDP right now, checked as portserver checks
/// it: a socket with SO_REUSEADDR binds the wildcard address (and a TCP one listens), for TCP then UDP. One dual-stack
/// IPv6 socket (IPV6_V6ONLY off, whatever net.ipv6.bindv6only says) answers for IPv6 and IPv4 at once, as portserver's
/// two sockets do: its bind fails when any IPv4 or IPv6 socket holds the port. An IPv4 socket serves on a kernel
/// without IPv6. The kernel is the judge. Plain system calls, since .NET's ReuseAddress also sets SO_REUSEPORT, which
/// would let a port that another SO_REUSEPORT socket holds look free.
/// </summary>
internal static class HostBindProbe
{
    // Linux's values.
    private const int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;
    private const int SockaddrIn6Bytes = 28, SockaddrInBytes = 16;

    /// <summary>Whether <paramref name="port"/> binds for TCP and for UDP, on IPv6 and IPv4.</summary>
    public static bool IsFree(Port port) => Binds(port.Value, SOCK_STREAM) && Binds(port.Value, SOCK_DGRAM);

    private static unsafe bool Binds(int port, int type)
    {
        var family = AF_INET6;
        var socket = Libc.Socket(family, type | SOCK_CLOEXEC, 0);
        if (socket < 0)
        {
            family = AF_INET; // a kernel without IPv6
            socket = Libc.Socket(family, type | SOCK_CLOEXEC, 0);
            if (socket < 0)
            {
                return false;
            }
        }

        try
        {
            var (on, off) = (1, 0);
            Span<byte> address = stackalloc byte[SockaddrIn6Bytes];
            address.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)family); // sa_family, host order
            BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)port); // network order; the wildcard address is all zeros
            fixed (byte* bytes = address)
            {
                return Libc.SetSockOpt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(int)) == 0
                    && (family == AF_INET || Libc.SetSockOpt(socket, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(int)) == 0)
                    && Libc.Bind(socket, bytes, (uint)(family == AF_INET6 ? SockaddrIn6Bytes : SockaddrInBytes)) == 0
                    && (type != SOCK_STREAM || Libc.Listen(socket, 1) == 0);
            }
        }
        finally
        {
            _ = Libc.Close(socket);
        }
    }
}
