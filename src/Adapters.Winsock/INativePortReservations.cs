using System.Net.Sockets;
using PortReservation.Domain;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The native port-reservation calls in managed types: ports in host order, codes as Windows
/// gives them (<c>NO_ERROR</c> on success). The one place the adapter meets the OS, so tests
/// can stand in for it.
/// </summary>
internal interface INativePortReservations
{
    /// <summary>The build number of the running Windows (17763 is Windows 10 1809 / Server 2019).</summary>
    int WindowsBuildNumber { get; }

    /// <summary><c>SIO_ACQUIRE_PORT_RESERVATION</c> on <paramref name="socket"/>; start port 0 asks for a wildcard block.</summary>
    NativeAcquireResult AcquirePortReservation(SafeSocketHandle socket, ushort startPort, ushort numberOfPorts);

    /// <summary><c>SIO_RELEASE_PORT_RESERVATION</c> on <paramref name="socket"/>; returns the WinSock code.</summary>
    int ReleasePortReservation(SafeSocketHandle socket, ulong token);

    /// <summary><c>SIO_ASSOCIATE_PORT_RESERVATION</c> on <paramref name="socket"/>, before bind; returns the WinSock code.</summary>
    int AssociatePortReservation(SafeSocketHandle socket, ulong token);

    /// <summary><c>CreatePersistentTcpPortReservation</c> or its UDP twin.</summary>
    NativeTokenResult CreatePersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts);

    /// <summary><c>DeletePersistentTcpPortReservation</c> or its UDP twin; returns the Win32 code.</summary>
    int DeletePersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts);

    /// <summary><c>LookupPersistentTcpPortReservation</c> or its UDP twin.</summary>
    NativeTokenResult LookupPersistentPortReservation(Protocol protocol, ushort startPort, ushort numberOfPorts);
}
