using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>Each command, parsed and run in this process over a temporary state file: the port calls it makes, its output and its exit code.</summary>
public sealed class CommandLayerTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public void Add_prints_the_token_that_lookup_finds_again()
    {
        var added = InProcess.Run(state, "add", "--start", "50000", "--count", "100");
        var found = InProcess.Run(state, "lookup", "--start", "50000", "--count", "100");

        Assert.Equal(ExitCodes.Success, added.ExitCode);
        Assert.Matches(@"^[1-9][0-9]*\n$", added.Stdout);
        Assert.Equal(ExitCodes.Success, found.ExitCode);
        Assert.Equal(added.Stdout, found.Stdout);
    }

    [Fact]
    public void Delete_prints_nothing_and_the_block_is_gone()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "100");

        var deleted = InProcess.Run(state, "delete", "--start", "50000", "--count", "100");
        var lookup = InProcess.Run(state, "lookup", "--start", "50000", "--count", "100");

        Assert.Equal(new Outcome(ExitCodes.Success, string.Empty, string.Empty), deleted);
        Assert.Equal(ExitCodes.NotFound, lookup.ExitCode);
    }

    [Fact]
    public void Delete_and_lookup_match_the_exact_block_only()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "100");

        Assert.Equal(ExitCodes.NotFound, InProcess.Run(state, "delete", "--start", "50000", "--count", "99").ExitCode);
        Assert.Equal(ExitCodes.NotFound, InProcess.Run(state, "lookup", "--start", "50001", "--count", "99").ExitCode);
        Assert.Equal(ExitCodes.NotFound, InProcess.Run(state, "lookup", "--protocol", "udp", "--start", "50000", "--count", "100").ExitCode);
    }

    [Fact]
    public void An_overlapping_add_is_a_conflict_told_in_one_sentence()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "100");

        var overlapping = InProcess.Run(state, "add", "--start", "50099", "--count", "10");

        Assert.Equal(ExitCodes.Conflict, overlapping.ExitCode);
        Json.PlainFailure(overlapping);
    }

    [Fact]
    public void Tcp_and_udp_are_separate_port_spaces()
    {
        InProcess.Run(state, "add", "--protocol", "tcp", "--start", "50000", "--count", "100");

        var udp = InProcess.Run(state, "add", "--protocol", "udp", "--start", "50000", "--count", "100");

        Assert.Equal(ExitCodes.Success, udp.ExitCode);
    }

    [Fact]
    public void Unelevated_add_and_delete_are_access_denied_but_lookup_needs_no_elevation()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");

        Assert.Equal(ExitCodes.AccessDenied, InProcess.Run(state, "--unelevated", "add", "--start", "51000", "--count", "10").ExitCode);
        Assert.Equal(ExitCodes.AccessDenied, InProcess.Run(state, "delete", "--unelevated", "--start", "50000", "--count", "10").ExitCode);
        Assert.Equal(ExitCodes.Success, InProcess.Run(state, "lookup", "--unelevated", "--start", "50000", "--count", "10").ExitCode);
    }

    [Fact]
    public void The_winsock_adapter_off_Windows_is_an_unexpected_failure()
    {
        var text = InProcess.Run(state, "--adapter", "winsock", "show");
        var json = InProcess.Run(state, "--adapter", "winsock", "--json", "show");

        Assert.Equal(ExitCodes.Unexpected, text.ExitCode);
        Json.PlainFailure(text);
        Assert.Contains("Windows", text.Stderr, StringComparison.Ordinal);
        Assert.Equal("Unexpected", Json.ErrorKind(json));
    }

    [Fact]
    public void A_wildcard_larger_than_the_dynamic_range_is_exhausted_and_COMMAND_never_starts()
    {
        var marker = Path.Combine(state.Folder, "started");

        var run = InProcess.Run(state, "run", "--count", "16385", "--", "touch", marker);

        Assert.Equal(ExitCodes.Exhausted, run.ExitCode);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Run_gives_COMMAND_the_block_and_releases_it_afterwards()
    {
        var seen = Path.Combine(state.Folder, "seen");

        var run = InProcess.Run(state, "run", "--protocol", "udp", "--start", "50100", "--count", "3", "--", "sh", "-c",
            $"echo \"$PORTRES_PROTOCOL|$PORTRES_START|$PORTRES_COUNT|$PORTRES_PORTS|$PORTRES_TOKEN\" > '{seen}'");
        var after = InProcess.Run(state, "show", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"^udp\|50100\|3\|50100,50101,50102\|[1-9][0-9]*\n$", File.ReadAllText(seen));
        Assert.Equal("""{"reservations":[]}""" + "\n", after.Stdout);
    }

    [Fact]
    public void Run_exits_with_COMMANDs_exit_code()
    {
        var run = InProcess.Run(state, "run", "--count", "1", "--", "sh", "-c", "exit 42");

        Assert.Equal(42, run.ExitCode);
    }

    [Fact]
    public void Run_of_a_missing_COMMAND_exits_127_and_releases_the_block()
    {
        var run = InProcess.Run(state, "run", "--start", "50000", "--count", "5", "--", "portres-test-no-such-command");
        var again = InProcess.Run(state, "add", "--start", "50000", "--count", "5");

        Assert.Equal(ExitCodes.CommandNotFound, run.ExitCode);
        Json.PlainFailure(run);
        Assert.Equal(ExitCodes.Success, again.ExitCode);
    }

    [Fact]
    public void Run_of_a_block_that_overlaps_a_persistent_one_is_a_conflict()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");

        var run = InProcess.Run(state, "run", "--start", "50005", "--count", "10", "--", "true");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
    }

    [Fact]
    public void A_refused_command_leaves_the_state_file_byte_identical()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        var before = state.Bytes();

        InProcess.Run(state, "add", "--start", "50005", "--count", "10");
        InProcess.Run(state, "delete", "--start", "50000", "--count", "11");
        InProcess.Run(state, "--unelevated", "delete", "--start", "50000", "--count", "10");
        InProcess.Run(state, "add", "--start", "0", "--count", "10");

        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void Commands_that_only_read_do_not_create_or_rewrite_the_state_file()
    {
        InProcess.Run(state, "show");
        InProcess.Run(state, "why", "50000");
        Assert.False(File.Exists(state.StatePath));

        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        var before = File.GetLastWriteTimeUtc(state.StatePath);
        var bytes = state.Bytes();
        InProcess.Run(state, "show");
        InProcess.Run(state, "lookup", "--start", "50000", "--count", "10");

        Assert.Equal(bytes, state.Bytes());
        Assert.Equal(before, File.GetLastWriteTimeUtc(state.StatePath));
    }

    [Fact]
    public void The_state_path_comes_from_PORTRES_STATE_when_no_option_names_it()
    {
        // InProcess.Host answers PORTRES_STATE with the temporary path; no --state is given here.
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");

        Assert.True(File.Exists(state.StatePath));
    }

    [Fact]
    public void The_state_option_wins_over_PORTRES_STATE()
    {
        var other = Path.Combine(state.Folder, "other", "state.json");

        InProcess.Run(state, "--state", other, "add", "--start", "50000", "--count", "10");

        Assert.True(File.Exists(other));
        Assert.False(File.Exists(state.StatePath));
    }
}
