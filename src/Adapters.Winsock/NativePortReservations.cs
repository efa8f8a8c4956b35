using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using PortReservation.Domain;
using static PortReservation.Adapters.Winsock.Interop.Winsock;

namespace PortReservation.Adapters.Winsock;

/// <summary>The production <see cref="INativePortReservations"/>: WSAIoctl and the IP Helper functions.</summary>
[SupportedOSPlatform("windows")]
internal sealed class NativePortReservations : INativePortReservations
{
    // Environment.OSVersion reports the real version on .NET 5 and later (no manifest needed).
    public int WindowsBuildNumber => Environment.OSVersion.Version.Build;

    public unsafe NativeAcquireResult AcquirePortReservation(SafeSocketHandle socket, ushort startPort, ushort numberOfPorts)
    {
        ArgumentNullException.ThrowIfNull(socket);
        INET_PORT_RANGE range = INET_PORT_RANGE.FromHost(startPort, numberOfPorts);
        INET_PORT_RESERVATION_INSTANCE instance = default;
        uint bytesReturned = 0;
        int result = Interop.Winsock.WSAIoctl(
            socket,
            SIO_ACQUIRE_PORT_RESERVATION,
            &range,
            (uint)sizeof(INET_PORT_RANGE),
            &instance,
            (uint)sizeof(INET_PORT_RESERVATION_INSTANCE),
            &bytesReturned,
            0,
            0);
        if (result == SOCKET_ERROR)
        {
            return NativeAcquireResult.Failed(Marshal.GetLastPInvokeError());
        }

        return new NativeAcquireResult(
            WindowsCodes.NO_ERROR,
            instance.Reservation.HostStartPort,
            instance.Reservation.NumberOfPorts,
            instance.Token.Token);
    }

    public int ReleasePortReservation(SafeSocketHandle socket, ulong token) =>
        SendToken(socket, SIO_RELEASE_PORT_RESERVATION, token);

    public int AssociatePortReservation(SafeSocketHandle socket, ulong token) =>
        SendToken(socket, SIO_ASSOCIATE_PORT_RESERVATION, token);

    public unsafe NativeTokenResult CreatePersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts)
    {
        ushort networkStart = INET_PORT_RANGE.HostToNetwork(startPort);
        ulong token = 0;
        uint code = protocol == Protocol.Tcp
            ? Interop.IpHlpApi.CreatePersistentTcpPortReservation(networkStart, numberOfPorts, &token)
            : Interop.IpHlpApi.CreatePersistentUdpPortReservation(networkStart, numberOfPorts, &token);
        return new NativeTokenResult(unchecked((int)code), token);
    }

    public int DeletePersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts)
    {
        ushort networkStart = INET_PORT_RANGE.HostToNetwork(startPort);
        uint code = protocol == Protocol.Tcp
            ? Interop.IpHlpApi.DeletePersistentTcpPortReservation(networkStart, numberOfPorts)
            : Interop.IpHlpApi.DeletePersistentUdpPortReservation(networkStart, numberOfPorts);
        return unchecked((int)code);
    }

    public unsafe NativeTokenResult LookupPersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts)
    {
        ushort networkStart = INET_PORT_RANGE.HostToNetwork(startPort);
        ulong token = 0;
        uint code = protocol == Protocol.Tcp
            ? Interop.IpHlpApi.LookupPersistentTcpPortReservation(networkStart, numberOfPorts, &token)
            : Interop.IpHlpApi.LookupPersistentUdpPortReservation(networkStart, numberOfPorts, &token);
        return new NativeTokenResult(unchecked((int)code), token);
    }

    private static unsafe int SendToken(SafeSocketHandle socket, uint controlCode, ulong token)
    {
        ArgumentNullException.ThrowIfNull(socket);
        INET_PORT_RESERVATION_TOKEN input = new() { Token = token };
        uint bytesReturned = 0;
        int result = Interop.Winsock.WSAIoctl(
            socket,
            controlCode,
            &input,
            (uint)sizeof(INET_PORT_RESERVATION_TOKEN),
            null,
            0,
            &bytesReturned,
            0,
            0);
        return result == SOCKET_ERROR ? Marshal.GetLastPInvokeError() : WindowsCodes.NO_ERROR;
    }
}
