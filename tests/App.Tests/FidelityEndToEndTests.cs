using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>selftest, --record and replay through the built portres (PORTRES_EXE: the Native AOT binary).</summary>
public sealed class FidelityEndToEndTests : IDisposable
{
    private const int SIGINT = 2;
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    private string InFolder(string name) => Path.Combine(state.Folder, name);

    [UnixFact]
    public void Selftest_records_a_trace_that_replays_and_one_edited_code_makes_replay_exit_8_naming_its_line()
    {
        var selftest = Portres.Run(state, "selftest", "--record", InFolder("t.jsonl"));
        var replay = Portres.Run(state, "replay", InFolder("t.jsonl"));
        var lines = File.ReadAllLines(InFolder("t.jsonl"));
        var notOwner = System.Array.FindIndex(lines, l => l.Contains("\"call\":\"release\"", StringComparison.Ordinal) && l.Contains("\"kind\":\"NotOwner\"", StringComparison.Ordinal));
        lines[notOwner] = lines[notOwner].Replace("\"code\":10013", "\"code\":10022", StringComparison.Ordinal);
        File.WriteAllLines(InFolder("edited.jsonl"), lines);
        var edited = Portres.Run(state, "replay", InFolder("edited.jsonl"));

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        Assert.Matches(@"selftest: all \d+ steps agree with the fake \(fake adapter", selftest.Stdout);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.True(edited.ExitCode == 8, edited.ToString());
        Assert.Matches(
            $"^line {notOwner + 1}: release token \\d+ on socket \\d+: the Windows code differs: the trace has NotOwner 10022, the replay NotOwner 10013\nreplay: 1 difference in \\d+ calls\n$",
            edited.Stdout);
    }

    [UnixFact]
    public void Replay_of_a_file_that_is_not_a_trace_exits_2_naming_the_line()
    {
        File.WriteAllText(InFolder("t.jsonl"), "\n\nnot json\n");

        var replay = Portres.Run(state, "replay", InFolder("t.jsonl"));

        Assert.Equal(ExitCodes.InvalidArgument, replay.ExitCode);
        Assert.Equal($"portres: '{InFolder("t.jsonl")}' is not a trace: line 3 is not a trace line: it is not JSON; each line of a trace is one JSON object; see 'portres replay --help'.\n", replay.Stderr);
    }

    [UnixFact]
    public void Record_of_run_writes_the_acquire_and_the_close_and_replays()
    {
        var run = Portres.Run(state, "--record", InFolder("run.jsonl"), "run", "--count", "10", "--", "true");
        var replay = Portres.Run(state, "replay", InFolder("run.jsonl"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var text = File.ReadAllText(InFolder("run.jsonl"));
        Assert.Contains("\"call\":\"acquire\"", text);
        Assert.Contains("\"ok\":{\"start\":49152,\"count\":10,", text);
        Assert.True(replay.ExitCode == 0, replay.ToString());
    }

    [UnixFact]
    public void Ctrl_c_stops_selftest_in_order_with_exit_130_and_the_table_as_it_was()
    {
        Assert.Equal(0, Portres.Run(state, "add", "--start", "50000", "--count", "10").ExitCode);
        var before = Portres.Run(state, "show");
        Portres.Running running;
        // Hold the state file's lock so that selftest waits at its first call; the signal comes while it waits.
        using (new FileStream(state.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            running = Portres.Start(state, "selftest", "--record", InFolder("t.jsonl"));
            Thread.Sleep(TimeSpan.FromSeconds(2));
            Portres.Signal(running.Process.Id, SIGINT);
        }

        var outcome = Portres.Finish(running);

        Assert.True(outcome.ExitCode == 128 + SIGINT, outcome.ToString());
        Assert.Equal("portres: the selftest was interrupted; everything it reserved was released or deleted.\n", outcome.Stderr);
        Assert.Equal(before, Portres.Run(state, "show"));
    }
}
