using System.Net;
using System.Net.Sockets;
using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>The built portres, started as a process from a shell's point of view: every exit code of the contract, JSON, run, signals and races.</summary>
public sealed class EndToEndTests : IDisposable
{
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    public static TheoryData<int, string[], string[]> ContractRows() => new()
    {
        { ExitCodes.Success, [], ["add", "--start", "50000", "--count", "10"] },
        { ExitCodes.Unexpected, [], ["--adapter", "winsock", "show"] },
        { ExitCodes.InvalidArgument, [], ["add", "--start", "50000", "--count", "0"] },
        { ExitCodes.Conflict, ["add", "--start", "50000", "--count", "10"], ["add", "--start", "50009", "--count", "10"] },
        { ExitCodes.NotFound, [], ["delete", "--start", "50000", "--count", "10"] },
        { ExitCodes.AccessDenied, [], ["--unelevated", "add", "--start", "50000", "--count", "10"] },
        { ExitCodes.Exhausted, [], ["run", "--count", "16385", "--", "true"] },
        { ExitCodes.StateUnreadable, ["damage"], ["show"] },
    };

    [Theory]
    [MemberData(nameof(ContractRows))]
    public void Every_row_of_the_exit_code_table(int expected, string[] setup, string[] args)
    {
        Prepare(setup);
        var before = File.Exists(state.StatePath) ? state.Bytes() : null;

        var text = Portres.Run(state, args);
        Prepare(setup is ["damage"] ? setup : []);
        var json = expected == ExitCodes.Success ? null : Portres.Run(state, ["--json", .. args]);

        Assert.True(text.ExitCode == expected, text.ToString());
        if (json is not null)
        {
            Json.PlainFailure(text);
            Assert.Equal(expected, json.ExitCode);
            Json.ErrorKind(json);
            Assert.Equal(before, File.Exists(state.StatePath) ? state.Bytes() : null);
        }
    }

    [Fact]
    public void Json_documents_of_add_lookup_show_why_and_delete()
    {
        var added = Json.Parse(Portres.Run(state, "--json", "add", "--start", "50000", "--count", "100").Stdout);
        var looked = Json.Parse(Portres.Run(state, "--json", "lookup", "--start", "50000", "--count", "100").Stdout);
        var shown = Json.Parse(Portres.Run(state, "--json", "show").Stdout);
        var why = Json.Parse(Portres.Run(state, "--json", "why", "50010").Stdout);
        var deleted = Json.Parse(Portres.Run(state, "--json", "delete", "--start", "50000", "--count", "100").Stdout);

        var token = added.GetProperty("token").GetString();
        Assert.Equal($$"""{"protocol":"tcp","start":50000,"count":100,"token":"{{token}}"}""", added.GetRawText());
        Assert.Equal(added.GetRawText(), looked.GetRawText());
        Assert.Equal(
            $$"""{"reservations":[{"protocol":"tcp","start":50000,"count":100,"end":50099,"kind":"persistent","token":"{{token}}","ownerPid":null}]}""",
            shown.GetRawText());
        Assert.StartsWith(
            $$"""{"protocol":"tcp","port":50010,"reserved":true,"reservation":{"protocol":"tcp","start":50000,"count":100,"end":50099,"kind":"persistent","token":"{{token}}","ownerPid":null},"inDynamicRange":true""",
            why.GetRawText(),
            StringComparison.Ordinal);
        Assert.Equal("""{"deleted":{"protocol":"tcp","start":50000,"count":100}}""", deleted.GetRawText());
    }

    [Fact]
    public void Import_of_a_netsh_table_then_show_netsh_gives_its_rows_back_and_why_explains_them()
    {
        var imported = Portres.Run(state, "--json", "import", "--from-netsh", Path.Combine(AppContext.BaseDirectory, "Netsh", "german-lf.txt"));
        var shown = Portres.Run(state, "show", "--netsh");
        var why = Json.Parse(Portres.Run(state, "--json", "why", "53400").Stdout);
        var profile = Portres.Run(state, "--json", "import", "--profile", "hyper-v", "--seed", "3", "--replace");

        Assert.Equal(ExitCodes.Success, imported.ExitCode);
        Assert.Equal("""{"protocol":"tcp","imported":3,"persistent":1,"runtime":2}""", Json.Parse(imported.Stdout).GetRawText());
        Assert.Equal(
            "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n" +
            "      5985        5985\r\n     53286       53385\r\n     53386       53485     *\r\n\r\n* - Administered port exclusions.\r\n\r\n",
            shown.Stdout);
        Assert.Equal("persistent", why.GetProperty("reservation").GetProperty("kind").GetString());
        Assert.True(profile.ExitCode == ExitCodes.Success, profile.ToString());
    }

    [Fact]
    public void Two_new_state_files_draw_their_tokens_from_different_seeds()
    {
        using var other = new TempState();

        var first = Json.Parse(Portres.Run(state, "--json", "add", "--start", "50000", "--count", "10").Stdout);
        var second = Json.Parse(Portres.Run(other, "--json", "add", "--start", "50000", "--count", "10").Stdout);

        // The same first reservation on two machines: its token is the first draw of each file's random seed.
        Assert.NotEqual(first.GetProperty("token").GetString(), second.GetProperty("token").GetString());
    }

    [LinuxFact]
    public void The_first_command_on_a_new_state_file_seeds_its_tokens_without_loading_OpenSSL()
    {
        // A seed needs no cryptographic generator, and loading and starting OpenSSL took some 9 ms of such a command.
        var maps = Portres.Run(state, "run", "--count", "1", "--", "sh", "-c", "cat /proc/$PPID/maps");

        Assert.True(maps.ExitCode == ExitCodes.Success, maps.ToString());
        Assert.Contains("portres", maps.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("libcrypto", maps.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("libssl", maps.Stdout, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Run_gives_COMMAND_the_PORTRES_variables_of_a_wildcard_block()
    {
        var run = Portres.Run(state, "run", "--count", "4", "--", "sh", "-c",
            "echo \"$PORTRES_PROTOCOL $PORTRES_START $PORTRES_COUNT $PORTRES_TOKEN $PORTRES_PORTS\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var fields = run.Stdout.Trim().Split(' ');
        Assert.Equal("tcp", fields[0]);
        var start = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(start, 49152, 65535 - 3);
        Assert.Equal("4", fields[2]);
        Assert.Matches("^[1-9][0-9]*$", fields[3]);
        Assert.Equal(string.Join(',', Enumerable.Range(start, 4)), fields[4]);
    }

    [Theory]
    [InlineData("exit 42", 42)]
    [InlineData("kill -KILL $$", 128 + SIGKILL)]
    [InlineData("kill -TERM $$", 128 + SIGTERM)]
    public void Run_exits_with_COMMANDs_code_or_128_plus_the_signal_that_killed_it(string script, int expected)
    {
        var run = Portres.Run(state, "run", "--start", "50000", "--count", "1", "--", "sh", "-c", script);

        Assert.True(run.ExitCode == expected, run.ToString());
    }

    [UnixFact]
    public void SIGTERM_to_portres_reaches_COMMAND_and_the_block_is_released()
    {
        var up = Path.Combine(state.Folder, "up");
        var caught = Path.Combine(state.Folder, "caught");
        var running = Portres.Start(state, "run", "--start", "50000", "--count", "5", "--", "sh", "-c",
            $"trap 'echo TERM > \"{caught}\"; exit 42' TERM; touch \"{up}\"; while :; do sleep 0.1; done");
        Portres.AwaitFile(up, running);
        var held = Json.Parse(Portres.Run(state, "--json", "show").Stdout);

        var pid = running.Process.Id;
        Portres.Signal(pid, SIGTERM);
        var run = Portres.Finish(running);
        var after = Json.Parse(Portres.Run(state, "--json", "show").Stdout);

        Assert.Equal(pid, held.GetProperty("reservations")[0].GetProperty("ownerPid").GetInt32());
        Assert.Equal(42, run.ExitCode);
        Assert.Equal("TERM\n", File.ReadAllText(caught));
        Assert.Equal(0, after.GetProperty("reservations").GetArrayLength());
    }

    // SIGINT to portres alone is not passed on to a COMMAND in portres's process group: RunEndToEndTests.
    [Theory]
    [InlineData(SIGTERM)]
    public void A_signal_to_portres_ends_COMMAND_and_portres_exits_128_plus_the_signal(int signal)
    {
        var up = Path.Combine(state.Folder, "up");
        var running = Portres.Start(state, "run", "--start", "50000", "--count", "5", "--", "sh", "-c", $"touch \"{up}\"; exec sleep 60");
        Portres.AwaitFile(up, running);

        Portres.Signal(running.Process.Id, signal);
        var run = Portres.Finish(running);

        Assert.Equal(128 + signal, run.ExitCode);
        Assert.Equal(ExitCodes.Success, Portres.Run(state, "add", "--start", "50000", "--count", "5").ExitCode);
    }

    [UnixFact]
    public void Only_the_holder_may_release_a_runtime_block_another_portres_gets_exit_5_and_the_block_stays()
    {
        var up = Path.Combine(state.Folder, "up");
        var done = Path.Combine(state.Folder, "done");
        var running = Portres.Start(
            state, "run", "--start", "50000", "--count", "5", "--", "sh", "-c", $"touch \"{up}\"; while [ ! -e \"{done}\" ]; do sleep 0.1; done");
        Portres.AwaitFile(up, running);
        var token = Json.Parse(Portres.Run(state, "--json", "show").Stdout)
            .GetProperty("reservations")[0].GetProperty("token").GetString()!;
        var before = File.ReadAllBytes(state.StatePath);

        var refused = Portres.Run(state, "--json", "release", "--token", token);
        var unknown = Portres.Run(state, "release", "--token", "12345");
        var after = File.ReadAllBytes(state.StatePath);
        File.WriteAllText(done, string.Empty);
        var finished = Portres.Finish(running);
        var gone = Portres.Run(state, "release", "--token", token);

        Assert.Equal(ExitCodes.AccessDenied, refused.ExitCode);
        Assert.Equal("AccessDenied", Json.Parse(refused.Stdout).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal(before, after);
        Assert.Equal(ExitCodes.Success, finished.ExitCode);
        Assert.Equal(ExitCodes.NotFound, gone.ExitCode);
    }

    [UnixFact]
    public void Two_processes_racing_for_one_block_one_wins_and_the_other_gets_exit_3()
    {
        var go = Path.Combine(state.Folder, "go");
        string[] run = ["run", "--start", "50000", "--count", "10", "--", "sh", "-c", $"while [ ! -e \"{go}\" ]; do sleep 0.05; done"];

        var first = Portres.Start(state, run);
        var second = Portres.Start(state, run);
        var loser = Task.WaitAny(first.Process.WaitForExitAsync(), second.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        File.WriteAllText(go, "go");
        var outcomes = new[] { Portres.Finish(first), Portres.Finish(second) };

        Assert.InRange(loser, 0, 1);
        Assert.Equal(ExitCodes.Conflict, outcomes[loser].ExitCode);
        Assert.Equal(ExitCodes.Success, outcomes[1 - loser].ExitCode);
    }

    [Fact]
    public void Concurrent_adds_of_one_block_acknowledge_exactly_one()
    {
        var racers = Enumerable.Range(0, 4).Select(_ => Portres.Start(state, "add", "--start", "50000", "--count", "10")).ToList();

        var codes = racers.Select(Portres.Finish).Select(o => o.ExitCode).ToList();
        var shown = Json.Parse(Portres.Run(state, "--json", "show").Stdout);

        Assert.Equal(1, codes.Count(c => c == ExitCodes.Success));
        Assert.Equal(3, codes.Count(c => c == ExitCodes.Conflict));
        Assert.Equal(1, shown.GetProperty("reservations").GetArrayLength());
    }

    [Fact]
    public void A_port_a_program_listens_on_is_in_use_for_portres()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var add = Portres.Run(state, "add", "--start", port, "--count", "1");
        var why = Json.Parse(Portres.Run(state, "--json", "why", port).Stdout);

        Assert.Equal(ExitCodes.Conflict, add.ExitCode);
        Assert.True(why.GetProperty("inUse").GetBoolean());
    }

    private void Prepare(string[] setup)
    {
        if (setup is ["damage"])
        {
            state.Plant("{\"formatVersion\":1,\"truncated"u8.ToArray());
        }
        else if (setup.Length > 0)
        {
            Assert.Equal(ExitCodes.Success, Portres.Run(state, setup).ExitCode);
        }
    }
}
