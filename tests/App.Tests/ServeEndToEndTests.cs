using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>
/// <c>portres serve</c> as a process, asked for ports by Python's real portpicker and by raw clients of the portserver
/// protocol (the pid in ASCII and a newline; a port and a newline back, or a close without one), each test on an address
/// of its own, with the CLI reading the same state file.
/// </summary>
public sealed class ServeEndToEndTests : IDisposable
{
    private const int SIGINT = 2;
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;
    private const int DynamicStart = 49152, DynamicEnd = 65535;
    private static readonly long Me = Environment.ProcessId;
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public void Portpicker_gets_a_port_of_the_table_held_for_its_pid_until_it_exits()
    {
        using var server = Serving.Start(state, Serving.NewAddress());
        using var client = Python.Start(server.Address, "import portpicker, sys; print(portpicker.pick_unused_port(), flush=True); sys.stdin.read()");

        var port = int.Parse(client.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        var held = Reservations();
        client.StandardInput.Close();
        client.WaitForExit();

        Assert.InRange(port, DynamicStart, DynamicEnd);
        var reservation = Assert.Single(held);
        Assert.Equal(("tcp", port, 1, "runtime", (long)client.Id), Row(reservation));
        Assert.Empty(Reservations()); // its process ended: the port came back
    }

    [Fact]
    public void Concurrent_portpicker_clients_get_distinct_ports_each_listed_with_its_owner()
    {
        using var server = Serving.Start(state, Serving.NewAddress());
        var clients = Enumerable.Range(0, 8)
            .Select(_ => Python.Start(server.Address, """
                import portpicker, sys
                print(" ".join(str(portpicker.pick_unused_port()) for _ in range(5)), flush=True)
                sys.stdin.read()
                """))
            .ToList();
        try
        {
            var asked = clients.SelectMany(c => c.StandardOutput.ReadLine()!.Split(' ').Select(p => (Port: int.Parse(p, System.Globalization.CultureInfo.InvariantCulture), Pid: (long)c.Id))).ToList();

            var listed = Reservations().Select(r => (Port: r.GetProperty("start").GetInt32(), Pid: r.GetProperty("ownerPid").GetInt64())).ToList();

            Assert.Equal(40, asked.Select(a => a.Port).Distinct().Count());
            Assert.Equal(asked.OrderBy(a => a.Port), listed.OrderBy(l => l.Port));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.StandardInput.Close();
                client.WaitForExit();
                client.Dispose();
            }
        }
    }

    [Fact]
    public void Malformed_requests_get_no_port_and_the_server_serves_on()
    {
        using var server = Serving.Start(state, Serving.NewAddress(), "--verbose");
        string[] malformed = ["abc\n", "", "\n", "12 3\n", "0x10\n", "1__2\n", "12\nxyz", new string('1', 21), $"{Me}\0\n"];

        var answers = malformed.Select(request => server.Ask(Encoding.ASCII.GetBytes(request))).ToList();
        var afterwards = server.PortFor(Me);

        Assert.All(answers, answer => Assert.Equal(string.Empty, answer));
        Assert.NotNull(afterwards);
        var (exit, log) = server.Stop(SIGTERM);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(malformed.Length, Lines(log, ": not a process id (").Length);
        Assert.Single(Lines(log, $"pid {Me}: port {afterwards}"));
    }

    [Fact]
    public void A_pid_reads_as_portserver_reads_it_with_blanks_a_sign_and_underscores()
    {
        using var server = Serving.Start(state, Serving.NewAddress());
        var digits = Me.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var padded = server.Ask(Encoding.ASCII.GetBytes($" \t+{digits}\r\n"));
        var underscored = server.Ask(Encoding.ASCII.GetBytes($"{digits[0]}_{digits[1..]}\n"));
        var unterminated = server.Ask(Encoding.ASCII.GetBytes($"00{digits}"));

        Assert.All([padded, underscored, unterminated], answer => Assert.Matches(@"^\d+\n$", answer));
        Assert.Equal(3, Reservations().Count(r => r.GetProperty("ownerPid").GetInt64() == Me));
    }

    [Fact]
    public void Pids_0_1_4_negative_and_gone_get_no_port()
    {
        using var server = Serving.Start(state, Serving.NewAddress(), "--verbose");
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();

        long[] refused = [0, 1, 4, -5, gone.Id, long.MaxValue];

        Assert.All(refused, pid => Assert.Null(server.PortFor(pid)));
        Assert.Empty(Reservations());
        var (_, log) = server.Stop(SIGINT);
        Assert.Single(Lines(log, $"pid {gone.Id}: no such process; no port"));
        Assert.Single(Lines(log, "pid 1: init"));
    }

    [Fact]
    public void When_the_dynamic_range_is_exhausted_the_last_ports_go_and_then_none()
    {
        // An administered block over all but the four top ports of the dynamic range, which no ephemeral port reaches
        // (imported: unlike add, an import does not stop at a port some connection of this host holds meanwhile).
        Import("     49152       65531     *");
        using var server = Serving.Start(state, Serving.NewAddress(), "--verbose");

        var ports = Enumerable.Range(0, 6).Select(_ => server.PortFor(Me)).ToArray();

        Assert.Equal([65532, 65533, 65534, 65535, null, null], ports);
        var (_, log) = server.Stop(SIGTERM);
        Assert.Equal(2, Lines(log, $"pid {Me}: no port left in the dynamic range").Length);
    }

    [Fact]
    public void Ports_an_imported_hyper_v_table_reserves_are_never_handed_out()
    {
        Assert.Equal(ExitCodes.Success, Portres.Run(state, "import", "--profile", "hyper-v").ExitCode);
        var imported = Reservations().Select(r => (Start: r.GetProperty("start").GetInt32(), End: r.GetProperty("end").GetInt32())).ToList();
        using var server = Serving.Start(state, Serving.NewAddress());

        // Enough to fill the bottom of the range and walk past the profile's first blocks (50000-50059 for seed 1).
        var ports = Enumerable.Range(0, 8).AsParallel().SelectMany(_ => Enumerable.Range(0, 120).Select(__ => server.PortFor(Me))).ToList();

        Assert.All(ports, port => Assert.NotNull(port));
        Assert.DoesNotContain(ports, port => imported.Any(block => port >= block.Start && port <= block.End));
        Assert.Contains(ports, port => port > 50059);
        Assert.Equal(960, ports.Distinct().Count());
    }

    [Fact]
    public void A_port_a_program_of_this_host_holds_for_tcp_or_for_udp_is_passed_over()
    {
        using var tcp = BindFirstFree(SocketType.Stream, ProtocolType.Tcp, DynamicStart);
        using var udp = BindFirstFree(SocketType.Dgram, ProtocolType.Udp, Bound(tcp) + 1);
        using var server = Serving.Start(state, Serving.NewAddress());

        var ports = new[] { server.PortFor(Me), server.PortFor(Me) };

        Assert.All(ports, port => Assert.NotNull(port));
        Assert.DoesNotContain(Bound(tcp), ports);
        Assert.DoesNotContain(Bound(udp), ports);
        Assert.Equal(2, Reservations().Count); // the ports passed over never reached the state file
    }

    [Fact]
    public void A_port_the_other_protocols_table_reserves_is_passed_over()
    {
        Import("     49152       49161     *"); // TCP 49152-49161, administered
        using var server = Serving.Start(state, Serving.NewAddress(), "--protocol", "udp");

        var port = server.PortFor(Me);

        Assert.True(port > 49161, $"UDP port {port} is in the TCP reservation 49152-49161");
    }

    [Fact]
    public void Udp_serving_reserves_in_the_udp_table()
    {
        using var server = Serving.Start(state, Serving.NewAddress(), "--protocol", "udp");

        var port = server.PortFor(Me);

        var reservation = Assert.Single(Reservations());
        Assert.Equal(("udp", port!.Value, 1, "runtime", Me), Row(reservation));
    }

    [Fact]
    public void An_address_another_server_has_is_refused_with_exit_3_and_the_first_serves_on()
    {
        using var first = Serving.Start(state, Serving.NewAddress());

        var second = Portres.Run(state, "serve", "--address", first.Address);

        Assert.Equal(ExitCodes.Conflict, second.ExitCode);
        Assert.Equal($"portres: another server already listens on {first.Address}; stop it, or give --address another name; nothing was started.\n", second.Stderr);
        Assert.NotNull(first.PortFor(Me));
    }

    [Fact]
    public void A_path_address_is_removed_on_stop_its_ports_stay_and_a_stale_socket_is_replaced()
    {
        var path = Path.Combine(state.Folder, "portserver.sock");
        using (var dead = Serving.Start(state, path))
        {
            Assert.Equal(SIGKILL, dead.Stop(SIGKILL).ExitCode - 128);
        }

        Assert.True(File.Exists(path)); // a server killed outright leaves its socket file
        using var server = Serving.Start(state, path);
        var port = server.PortFor(Me);
        var taken = Portres.Run(state, "serve", "--address", path);
        var (exit, _) = server.Stop(SIGTERM);

        Assert.Equal(ExitCodes.Conflict, taken.ExitCode);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.False(File.Exists(path));
        Assert.Equal(port, Assert.Single(Reservations()).GetProperty("start").GetInt32()); // held until this process ends
    }

    [Fact]
    public void A_file_that_is_not_a_socket_at_the_address_is_left_alone_with_exit_3()
    {
        var path = Path.Combine(state.Folder, "not-a-socket");
        File.WriteAllText(path, "keep me");

        var refused = Portres.Run(state, "serve", "--address", path);

        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Contains("exists and is not a socket", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("@", 2)]
    [InlineData("", 2)]
    public void An_address_that_names_no_socket_is_exit_2(string address, int expected)
    {
        var refused = Portres.Run(state, "serve", "--address", address);

        Assert.Equal(expected, refused.ExitCode);
        Assert.StartsWith("portres: the address ", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_state_file_stops_serve_before_it_listens_with_exit_7()
    {
        state.Plant("not a state file"u8.ToArray());

        var refused = Portres.Run(state, "serve", "--address", Serving.NewAddress());

        Assert.Equal(ExitCodes.StateUnreadable, refused.ExitCode);
        Assert.Equal("not a state file"u8.ToArray(), state.Bytes());
    }

    /// <summary>Imports a netsh TCP table of <paramref name="row"/> alone.</summary>
    private void Import(string row)
    {
        var table = Path.Combine(state.Folder, "excluded.txt");
        File.WriteAllText(table, "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n"
            + row + "\r\n\r\n* - Administered port exclusions.\r\n\r\n");
        var imported = Portres.Run(state, "import", "--from-netsh", table);
        Assert.True(imported.ExitCode == ExitCodes.Success, imported.ToString());
    }

    /// <summary>A socket of this process on the first port from <paramref name="from"/> that binds on every address (listening, for TCP).</summary>
    private static Socket BindFirstFree(SocketType type, ProtocolType protocol, int from)
    {
        for (var port = from; port <= DynamicEnd; port++)
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, type, protocol) { DualMode = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                if (type == SocketType.Stream)
                {
                    socket.Listen(); // a server's port; .NET's TCP sockets bind with SO_REUSEADDR, as the probe does
                }

                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        throw new InvalidOperationException($"no port from {from} binds on this host");
    }

    private static int Bound(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private List<JsonElement> Reservations()
    {
        var shown = Portres.Run(state, "--json", "show");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        return Json.Parse(shown.Stdout).GetProperty("reservations").EnumerateArray().ToList();
    }

    private static (string, int, int, string, long) Row(JsonElement r) => (
        r.GetProperty("protocol").GetString()!,
        r.GetProperty("start").GetInt32(),
        r.GetProperty("count").GetInt32(),
        r.GetProperty("kind").GetString()!,
        r.GetProperty("ownerPid").GetInt64());

    private static string[] Lines(string log, string holding) =>
        log.Split('\n').Where(line => line.Contains(holding, StringComparison.Ordinal)).ToArray();
}
