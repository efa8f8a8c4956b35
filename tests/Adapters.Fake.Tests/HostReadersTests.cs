using System.Net;
using System.Net.Sockets;
using System.Text;
using LanguageExt;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>What the shared fake reads from the host: the ports sockets hold, the kernel's reserved ports, and when processes started.</summary>
public sealed class HostReadersTests
{
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20913 1 0000000000000000 100 0 0 10 0
           1: 0100007F:C350 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 31337 1 0000000000000000 20 4 30 10 -1
           2: 0100007F:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40000 1 0000000000000000 100 0 0 10 0
        """;

    [Fact]
    public void The_local_port_of_every_socket_in_a_proc_net_table_counts_and_port_0_does_not()
    {
        Assert.Equal([22, 50000], TablePorts(Tcp).Order());
        Assert.Equal([8080], TablePorts(Tcp6));
        Assert.Equal([8080], TablePorts("   0: 00000000:1F90"));
        Assert.Empty(TablePorts(string.Empty));
    }

    [Fact]
    public void Ports_from_several_sources_come_out_ascending_and_each_once_and_only_valid_ones()
    {
        // A port both listening on IPv4 and IPv6 and set aside by the kernel appears three times.
        List<int> read = [8080, 22, 0, 8080, 65536, 1, 65535, 22, 8080, -1];

        Assert.Equal([1, 22, 8080, 65535], HostPorts.Distinct(read).Select(p => p.Value));
        Assert.Empty(HostPorts.Distinct([]));
    }

    [Theory]
    [InlineData("", new int[0])]
    [InlineData("\n", new int[0])]
    [InlineData("8080\n", new[] { 8080 })]
    [InlineData("8080,9000-9002", new[] { 8080, 9000, 9001, 9002 })]
    [InlineData("65534-70000", new[] { 65534, 65535 })]
    [InlineData("x,10-y,7", new[] { 7 })]
    [InlineData(" 5 , 6-5,-3,9-\n", new[] { 5 })]
    public void The_kernels_reserved_ports_list_is_read_as_its_ports(string list, int[] ports)
    {
        var read = new List<int>();
        HostPorts.ParseRecords(Encoding.ASCII.GetBytes(list), (byte)',', HostPorts.AddReservedPorts, read);

        Assert.Equal(ports, read);
    }

    [LinuxFact]
    public void A_table_read_in_pieces_gives_every_line_even_those_cut_between_two_reads()
    {
        // 400 sockets of 150-byte lines: the 8 KiB reads end inside lines, and the last line has no newline.
        var lines = Enumerable.Range(1, 400).Select(i => $"{i,4}: 0100007F:{i:X4} 00000000:0000 0A".PadRight(149));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Tcp.Split('\n')[0] + "\n" + string.Join("\n", lines));
            var read = new List<int>();
            var descriptor = Libc.Open(path, Libc.ReadOnly);
            try
            {
                HostPorts.ReadRecords(descriptor, (byte)'\n', HostPorts.AddSocketTablePort, read);
            }
            finally
            {
                _ = Libc.Close(descriptor);
            }

            Assert.Equal(Enumerable.Range(1, 400), read);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [LinuxFact]
    public void The_hosts_listening_sockets_of_both_address_families_are_taken_for_their_protocol()
    {
        using var tcp4 = new TcpListener(IPAddress.Loopback, 0);
        using var tcp6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        using var udp4 = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        tcp4.Start();
        tcp6.Start();
        int Local(EndPoint endPoint) => ((IPEndPoint)endPoint).Port;

        var tcp = HostPorts.Read(Protocol.Tcp).Select(p => p.Value).ToList();
        var udp = HostPorts.Read(Protocol.Udp).Select(p => p.Value).ToList();

        Assert.Contains(Local(tcp4.LocalEndpoint), tcp);
        Assert.Contains(Local(tcp6.LocalEndpoint), tcp);
        Assert.Contains(Local(udp4.Client.LocalEndPoint!), udp);
        Assert.Equal(tcp.Order().Distinct(), tcp);
    }

    private static List<int> TablePorts(string table)
    {
        var read = new List<int>();
        HostPorts.ParseRecords(Encoding.ASCII.GetBytes(table), (byte)'\n', HostPorts.AddSocketTablePort, read);
        return read;
    }

    [Fact]
    public void A_stat_line_gives_the_start_of_a_running_process_and_none_for_a_zombie()
    {
        var running = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615\n"u8;
        var zombie = "4243 (gone) Z 1 4243 4243 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987655 0 0 18446744073709551615\n"u8;
        var lastField = "4244 (short) R 1 4244 4244 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987656"u8;

        Assert.Equal(Some(new ProcessStart(987654)), HostProcessTable.ParseStat(running));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat(zombie));
        Assert.Equal(Some(new ProcessStart(987656)), HostProcessTable.ParseStat(lastField));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat("4245 (cut) S 1 4245 4245 0 -1 4194560"u8));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat("4246 (odd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 98x7 1"u8));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat("garbage"u8));
    }

    [UnixFact]
    public void This_process_is_running_and_its_start_does_not_change_between_readings()
    {
        var self = new ProcessId(Environment.ProcessId);

        var first = HostProcessTable.Instance.StartOf(self);
        var second = HostProcessTable.Instance.StartOf(self);

        Assert.True(first.IsSome);
        Assert.Equal(first, second);
        Assert.True(HostProcessTable.Instance.StartOf(new ProcessId(int.MaxValue)).IsNone);
    }
}
