using PortReservation.App.Cli;
using PortReservation.Domain;

namespace PortReservation.App.Tests;

/// <summary>Ports taken on the host reach the fake as ports in use, and are never saved as reservations.</summary>
public sealed class HostPortsTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

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
