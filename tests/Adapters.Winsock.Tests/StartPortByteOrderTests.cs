using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static PortReservation.Adapters.Winsock.Interop.Winsock;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class StartPortByteOrderTests
{
    private static readonly Arbitrary<int> Ports = Gen.Choose(1, 65535).ToArbitrary();

    private static readonly Arbitrary<int> Counts = Gen.Choose(0, 65535).ToArbitrary();

    [Theory]
    [InlineData(1, 0x00, 0x01)]
    [InlineData(256, 0x01, 0x00)]
    [InlineData(50000, 0xC3, 0x50)]
    [InlineData(65535, 0xFF, 0xFF)]
    public void StartPort_is_stored_high_byte_first(int port, byte high, byte low)
    {
        byte[] bytes = Bytes.Of(INET_PORT_RANGE.FromHost((ushort)port, 1));

        Assert.Equal(new[] { high, low }, bytes[0..2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(50000)]
    [InlineData(65535)]
    public void HostStartPort_reads_back_the_port_given(int port)
    {
        Assert.Equal(port, INET_PORT_RANGE.FromHost((ushort)port, 1).HostStartPort);
    }

    [Property(MaxTest = 1000)]
    public Property Any_port_is_stored_high_byte_first_and_reads_back_while_the_count_stays_in_host_order() =>
        Prop.ForAll(Ports, Counts, (port, count) =>
        {
            INET_PORT_RANGE range = INET_PORT_RANGE.FromHost((ushort)port, (ushort)count);
            byte[] bytes = Bytes.Of(range);

            return (range.HostStartPort == port).Label("HostStartPort round trip")
                .And((bytes[0] == port >> 8 && bytes[1] == (port & 0xFF)).Label("StartPort bytes: high byte first"))
                .And((MemoryMarshal.Read<ushort>(bytes.AsSpan(2, 2)) == count).Label("NumberOfPorts in host order"));
        });

    [Fact]
    public void Every_port_from_1_to_65535_is_stored_in_network_order_and_reads_back()
    {
        for (int port = 1; port <= 65535; port++)
        {
            INET_PORT_RANGE range = INET_PORT_RANGE.FromHost((ushort)port, 1);

            Assert.Equal(port, BinaryPrimitives.ReadUInt16BigEndian(Bytes.Of(range)));
            Assert.Equal(port, range.HostStartPort);
        }
    }

    [Fact]
    public void Port_conversion_is_its_own_inverse_on_the_wire_value()
    {
        Assert.Equal(0x3412, INET_PORT_RANGE.NetworkToHost(INET_PORT_RANGE.HostToNetwork(0x3412)));
        Assert.Equal(new byte[] { 0x34, 0x12 }, Bytes.Of(INET_PORT_RANGE.HostToNetwork(0x3412)));
    }
}
