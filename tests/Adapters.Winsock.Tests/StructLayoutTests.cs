using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;
using static PortReservation.Adapters.Winsock.Interop.Winsock;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class StructLayoutTests
{
    [Fact]
    public void INET_PORT_RANGE_is_4_bytes_managed_and_native()
    {
        Assert.Equal(4, Marshal.SizeOf<INET_PORT_RANGE>());
        Assert.Equal(4, Unsafe.SizeOf<INET_PORT_RANGE>());
    }

    [Fact]
    public void INET_PORT_RANGE_has_StartPort_at_0_and_NumberOfPorts_at_2()
    {
        Assert.Equal(0, Marshal.OffsetOf<INET_PORT_RANGE>(nameof(INET_PORT_RANGE.StartPort)).ToInt32());
        Assert.Equal(2, Marshal.OffsetOf<INET_PORT_RANGE>(nameof(INET_PORT_RANGE.NumberOfPorts)).ToInt32());
    }

    [Fact]
    public void INET_PORT_RESERVATION_TOKEN_is_8_bytes_managed_and_native()
    {
        Assert.Equal(8, Marshal.SizeOf<INET_PORT_RESERVATION_TOKEN>());
        Assert.Equal(8, Unsafe.SizeOf<INET_PORT_RESERVATION_TOKEN>());
    }

    [Fact]
    public void INET_PORT_RESERVATION_INSTANCE_is_16_bytes_managed_and_native()
    {
        Assert.Equal(16, Marshal.SizeOf<INET_PORT_RESERVATION_INSTANCE>());
        Assert.Equal(16, Unsafe.SizeOf<INET_PORT_RESERVATION_INSTANCE>());
    }

    [Fact]
    public void INET_PORT_RESERVATION_INSTANCE_has_the_range_at_0_and_the_token_at_8()
    {
        Assert.Equal(0, Marshal.OffsetOf<INET_PORT_RESERVATION_INSTANCE>(nameof(INET_PORT_RESERVATION_INSTANCE.Reservation)).ToInt32());
        Assert.Equal(8, Marshal.OffsetOf<INET_PORT_RESERVATION_INSTANCE>(nameof(INET_PORT_RESERVATION_INSTANCE.Token)).ToInt32());
    }

    [Fact]
    public void INET_PORT_RESERVATION_INSTANCE_bytes_are_range_then_4_padding_bytes_then_token()
    {
        var instance = new INET_PORT_RESERVATION_INSTANCE
        {
            Reservation = INET_PORT_RANGE.FromHost(0x1234, 0x0056),
            Token = new INET_PORT_RESERVATION_TOKEN { Token = 0x0102030405060708 },
        };

        byte[] bytes = Bytes.Of(instance);

        Assert.Equal(new byte[] { 0x12, 0x34 }, bytes[0..2]);
        Assert.Equal((ushort)0x0056, MemoryMarshal.Read<ushort>(bytes.AsSpan(2, 2)));
        Assert.Equal(new byte[4], bytes[4..8]);
        Assert.Equal(0x0102030405060708UL, MemoryMarshal.Read<ulong>(bytes.AsSpan(8, 8)));
    }
}
