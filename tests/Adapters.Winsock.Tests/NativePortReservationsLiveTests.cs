using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortReservation.Domain;
using Xunit;
using static PortReservation.Domain.WindowsCodes;

namespace PortReservation.Adapters.Winsock.Tests;

// The declarations against the real kernel: entry points, struct layout and byte order as
// Windows reads them. None of these needs elevation.
[SupportedOSPlatform("windows")]
public sealed class NativePortReservationsLiveTests
{
    private readonly NativePortReservations _native = new();

    [WindowsFact]
    public void Wildcard_block_can_be_associated_bound_inside_and_released()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        NativeAcquireResult acquired = _native.AcquirePortReservation(holder.SafeHandle, 0, 4);

        Assert.Equal(NO_ERROR, acquired.Code);
        Assert.Equal(4, acquired.NumberOfPorts);
        Assert.NotEqual(Interop.Winsock.INVALID_PORT_RESERVATION_TOKEN, acquired.Token);

        using (var user = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            Assert.Equal(NO_ERROR, _native.AssociatePortReservation(user.SafeHandle, acquired.Token));
            user.Bind(new IPEndPoint(IPAddress.Loopback, 0));

            // A start port read in the wrong byte order would put the bound port outside the block.
            int bound = ((IPEndPoint)user.LocalEndPoint!).Port;
            Assert.InRange(bound, acquired.StartPort, acquired.StartPort + acquired.NumberOfPorts - 1);
        }

        Assert.Equal(NO_ERROR, _native.ReleasePortReservation(holder.SafeHandle, acquired.Token));
    }

    [WindowsFact]
    public void Lookup_of_a_block_nobody_reserved_reports_not_found()
    {
        Assert.Equal(ERROR_NOT_FOUND, _native.LookupPersistentPortReservation(Protocol.Tcp, 1, 1).Code);
        Assert.Equal(ERROR_NOT_FOUND, _native.LookupPersistentPortReservation(Protocol.Udp, 1, 1).Code);
    }

    [WindowsFact]
    public void Lookup_of_a_zero_count_reports_invalid_parameter()
    {
        Assert.Equal(ERROR_INVALID_PARAMETER, _native.LookupPersistentPortReservation(Protocol.Tcp, 50000, 0).Code);
    }
}
