using Xunit;
using static PortReservation.Adapters.Winsock.Interop.Winsock;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class ControlCodeTests
{
    // ws2def.h, restated in the spec.
    private const uint IocIn = 0x80000000;
    private const uint IocVendor = 0x18000000;

    [Fact]
    public void IOC_IN_and_IOC_VENDOR_have_their_ws2def_values()
    {
        Assert.Equal(IocIn, IOC_IN);
        Assert.Equal(IocVendor, IOC_VENDOR);
    }

    [Theory]
    [InlineData(SIO_ACQUIRE_PORT_RESERVATION, 100u, 0x98000064u)]
    [InlineData(SIO_RELEASE_PORT_RESERVATION, 101u, 0x98000065u)]
    [InlineData(SIO_ASSOCIATE_PORT_RESERVATION, 102u, 0x98000066u)]
    public void Control_code_is_WSAIOW_of_IOC_VENDOR_and_its_number(uint controlCode, uint number, uint documented)
    {
        Assert.Equal(IocIn | IocVendor | number, controlCode);
        Assert.Equal(documented, controlCode);
    }

    [Fact]
    public void SOCKET_ERROR_is_minus_one()
    {
        Assert.Equal(-1, SOCKET_ERROR);
    }

    [Fact]
    public void INVALID_PORT_RESERVATION_TOKEN_is_zero()
    {
        Assert.Equal(0UL, INVALID_PORT_RESERVATION_TOKEN);
    }
}
