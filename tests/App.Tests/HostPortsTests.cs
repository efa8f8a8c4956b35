using LanguageExt;
using PortReservation.App.Cli;
using PortReservation.App.Host;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>Ports taken on the host reach the fake as ports in use, and are never saved as reservations.</summary>
public sealed class HostPortsTests : IDisposable
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

    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public void The_local_port_of_every_socket_in_a_proc_net_table_counts_and_port_0_does_not()
    {
        Assert.Equal([22, 50000], HostPorts.SocketTablePorts(Tcp).Order());
        Assert.Equal([8080], HostPorts.SocketTablePorts(Tcp6));
        Assert.Empty(HostPorts.SocketTablePorts(string.Empty));
    }

    [Theory]
    [InlineData("", new int[0])]
    [InlineData("\n", new int[0])]
    [InlineData("8080\n", new[] { 8080 })]
    [InlineData("8080,9000-9002", new[] { 8080, 9000, 9001, 9002 })]
    [InlineData("65534-70000", new[] { 65534, 65535 })]
    [InlineData("x,10-y,7", new[] { 7 })]
    public void The_kernels_reserved_ports_list_is_read_as_its_ports(string list, int[] ports)
    {
        Assert.Equal(ports, HostPorts.ReservedPorts(list));
    }

    [Fact]
    public void A_stat_line_gives_the_start_of_a_running_process_and_none_for_a_zombie()
    {
        var running = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";
        var zombie = "4243 (gone) Z 1 4243 4243 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987655 0 0 18446744073709551615";

        Assert.Equal(Some(new ProcessStart(987654)), HostProcessTable.ParseStat(running));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat(zombie));
        Assert.Equal(Option<ProcessStart>.None, HostProcessTable.ParseStat("garbage"));
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

    [Fact]
    public void A_block_with_a_port_in_use_on_the_host_is_a_conflict_for_that_protocol_only()
    {
        var host = InProcess.Host(state, tcpInUse: [Port(50005)]);

        Assert.Equal(ExitCodes.Conflict, InProcess.Run(host, "add", "--start", "50000", "--count", "10").ExitCode);
        Assert.Equal(ExitCodes.Success, InProcess.Run(host, "add", "--protocol", "udp", "--start", "50000", "--count", "10").ExitCode);
    }

    [Fact]
    public void A_wildcard_block_skips_ports_in_use_on_the_host()
    {
        var seen = Path.Combine(state.Folder, "start");
        var host = InProcess.Host(state, tcpInUse: [Port(49152), Port(49154)]);

        var run = InProcess.Run(host, "run", "--count", "3", "--", "sh", "-c", $"echo $PORTRES_START > '{seen}'");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("49155\n", File.ReadAllText(seen));
    }

    [Fact]
    public void Ports_in_use_are_not_saved_in_the_state_file()
    {
        var host = InProcess.Host(state, tcpInUse: [Port(51234)], udpInUse: [Port(51234)]);

        InProcess.Run(host, "add", "--start", "50000", "--count", "10");

        Assert.DoesNotContain("51234", System.Text.Encoding.UTF8.GetString(state.Bytes()), StringComparison.Ordinal);
        var saved = StateBuilder.Decode(state.Bytes());
        Assert.True(saved.Table.PortsInUseElsewhere(Protocol.Tcp).IsEmpty);
    }

    [Fact]
    public void Why_tells_that_a_port_held_on_the_host_is_in_use()
    {
        var host = InProcess.Host(state, tcpInUse: [Port(8080)]);

        var json = Json.Parse(InProcess.Run(host, "--json", "why", "8080").Stdout);

        Assert.True(json.GetProperty("inUse").GetBoolean());
        Assert.False(json.GetProperty("reserved").GetBoolean());
        Assert.Contains("WSAEADDRINUSE", json.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    private static Port Port(int value) => Domain.Port.Create(value).ThrowIfFail();
}
