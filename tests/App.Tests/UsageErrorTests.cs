using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>Bad input of any kind: exit 2 with one sentence on stderr, or the JSON error document with --json; never a stack trace, never a change to the state.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    public static TheoryData<string[]> BadCommandLines() => new()
    {
        { [] },
        { ["frobnicate"] },
        { ["add"] },
        { ["add", "--start", "50000"] },
        { ["add", "--start", "0", "--count", "1"] },
        { ["add", "--start", "-1", "--count", "1"] },
        { ["add", "--start", "65536", "--count", "1"] },
        { ["add", "--start", "1", "--count", "0"] },
        { ["add", "--start", "1", "--count", "-5"] },
        { ["add", "--start", "65535", "--count", "2"] },
        { ["add", "--start", "abc", "--count", "1"] },
        { ["add", "--start", "", "--count", "1"] },
        { ["add", "--start", "99999999999", "--count", "1"] },
        { ["add", "--start", "1e3", "--count", "1"] },
        { ["add", "--start", "５０", "--count", "1"] },
        { ["add", "--start", "50000", "--count", "1", "--bogus"] },
        { ["add", "--start", "50000", "--start", "50001", "--count", "1"] },
        { ["add", "--protocol", "icmp", "--start", "50000", "--count", "1"] },
        { ["delete", "--start", "0", "--count", "1"] },
        { ["lookup", "--start", "65535", "--count", "2"] },
        { ["show", "--protocol", "sctp"] },
        { ["show", "extra"] },
        { ["why"] },
        { ["why", "0"] },
        { ["why", "65536"] },
        { ["why", "port"] },
        { ["why", "80", "81"] },
        { ["run", "--count", "1"] },
        { ["run", "--count", "1", "--"] },
        { ["run", "--count", "0", "--", "true"] },
        { ["run", "--start", "65535", "--count", "2", "--", "true"] },
        { ["run", "--count", "1", "true"] },
        { ["run", "--count", "1", "--bogus", "--", "true"] },
        { ["run", "--", "true"] },
        { ["--adapter", "windows", "show"] },
        { ["--state"] },
        { ["--state", "", "show"] },
        { ["--state", "bad\0path", "add", "--start", "50000", "--count", "1"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_input_exits_2_with_one_sentence_and_no_stack_trace(string[] args)
    {
        var outcome = InProcess.Run(state, args);

        Assert.True(outcome.ExitCode == ExitCodes.InvalidArgument, outcome.ToString());
        Json.PlainFailure(outcome);
    }

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_input_with_json_prints_the_error_document(string[] args)
    {
        var outcome = InProcess.Run(state, ["--json", .. args]);

        Assert.True(outcome.ExitCode == ExitCodes.InvalidArgument, outcome.ToString());
        Assert.Equal("InvalidArgument", Json.ErrorKind(outcome));
    }

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_input_changes_nothing(string[] args)
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        var before = state.Bytes();

        InProcess.Run(state, args);

        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void Help_is_printed_on_stdout_with_exit_0()
    {
        var help = InProcess.Run(state, "run", "--help");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Contains("PORTRES_PORTS", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, help.Stderr);
    }

    [Fact]
    public void Arguments_after_the_separator_belong_to_COMMAND_even_when_they_look_like_options()
    {
        var seen = Path.Combine(state.Folder, "args");

        var run = InProcess.Run(state, "run", "--count", "1", "--", "sh", "-c", $"printf '%s ' \"$@\" > '{seen}'", "sh", "--json", "@file", "--count");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("--json @file --count ", File.ReadAllText(seen));
    }
}
