using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;
using PortReservation.App.Fidelity;
using PortReservation.App.Machine;
using PortReservation.Recording;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>--record, replay and selftest in this process, on the fake over a temporary state file.</summary>
public sealed class FidelityTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    private string InFolder(string name) => Path.Combine(state.Folder, name);

    [UnixFact]
    public void Selftest_on_the_fake_passes_and_leaves_the_table_as_it_found_it()
    {
        Assert.Equal(0, InProcess.Run(state, "add", "--start", "50000", "--count", "60").ExitCode);
        Assert.Equal(0, InProcess.Run(state, "add", "--protocol", "udp", "--start", "40010", "--count", "5").ExitCode);
        var before = InProcess.Run(state, "show");

        var selftest = InProcess.Run(state, "selftest", "--record", InFolder("t.jsonl"));

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        Assert.Equal(before, InProcess.Run(state, "show"));
        Assert.Contains("steps agree with the fake (fake adapter", selftest.Stdout);
        Assert.DoesNotContain(" NO\n", selftest.Stdout);
        // The UDP block at 40010 is in the way of the first window, so the scenario works one window lower.
        Assert.Contains("A acquires 39000-39009: a specific block", selftest.Stdout);
        var trace = TraceFormat.Read(File.ReadAllText(InFolder("t.jsonl"))).ThrowIfFail();
        Assert.Equal(2, trace.Header.Existing.Count);
        Assert.Equal(2, trace.Calls.Select(c => c.Call.Process).Distinct().Count());
    }

    [UnixFact]
    public void Selftest_touches_each_unverified_code_it_can_and_the_rules_around_them()
    {
        var selftest = InProcess.Run(state, "selftest");
        var rows = selftest.Stdout.Split('\n');

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        // Expected answers as the spec and UnverifiedCodes name them: WSAENOBUFS 10055, WSAEACCES 10013, WSAEINVAL 10022.
        string[] expected =
        [
            "more than the dynamic range: WSAENOBUFS (unverified)|Exhausted 10055",
            "all 10 ports of A's block bound: WSAENOBUFS (unverified)|Exhausted 10055",
            "child associates with A's block: not the holder, WSAEACCES (unverified)|NotOwner 10013",
            "child releases A's block: not the holder, WSAEACCES (unverified)|NotOwner 10013",
            "which names nothing: WSAEINVAL (unverified)|NotFound 10022",
            "S1 binds again, already bound: WSAEINVAL (unverified)|InvalidParameter 10022",
            "over A's block: WSAEADDRINUSE|Conflict 10048",
            "in A's runtime block: WSAEACCES (observed)|AccessDenied 10013",
            "after it closed: WSAENOTSOCK|NotASocket 10038",
            "over 40050-40059: ERROR_SHARING_VIOLATION|Conflict 32",
            "not its exact start and count: ERROR_NOT_FOUND|NotFound 1168",
            "create the default block (0, 0): ERROR_INVALID_PARAMETER|InvalidParameter 87",
            "inside the persistent block: allowed (observed)|port 40051",
            "U acquires UDP 40000-40009: TCP and UDP are separate port spaces|40000-40009",
        ];
        foreach (var pair in expected)
        {
            var (step, answer) = (pair.Split('|')[0], pair.Split('|')[1]);
            var row = Assert.Single(rows, r => r.Contains(step, StringComparison.Ordinal));
            Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(answer)} +{System.Text.RegularExpressions.Regex.Escape(answer)} +yes$", row);
        }
    }

    [UnixFact]
    public void With_exhaust_dynamic_range_an_automatic_bind_finds_no_free_port_and_the_range_is_free_again()
    {
        Assert.Equal(0, InProcess.Run(state, "add", "--start", "50000", "--count", "60").ExitCode);
        var before = InProcess.Run(state, "show");

        var selftest = InProcess.Run(state, "selftest", "--exhaust-dynamic-range");

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        // UnverifiedCodes.DynamicRangeExhausted: WSAENOBUFS, 10055.
        Assert.Matches("D binds port 0 with the whole dynamic range reserved: WSAENOBUFS \\(unverified\\) +Exhausted 10055 +Exhausted 10055 +yes", selftest.Stdout);
        Assert.Equal(before, InProcess.Run(state, "show"));
        Assert.DoesNotContain("D binds port 0", InProcess.Run(state, "selftest").Stdout);
    }

    [UnixFact]
    public void Unelevated_selftest_checks_the_refusals_of_the_persistent_calls()
    {
        var selftest = InProcess.Run(state, "--unelevated", "selftest");

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        Assert.Matches("create persistent 40050-40059 unelevated: ERROR_ACCESS_DENIED +AccessDenied 5 +AccessDenied 5 +yes", selftest.Stdout);
        Assert.Matches("delete persistent 40050-40059 unelevated: ERROR_ACCESS_DENIED +AccessDenied 5 +AccessDenied 5 +yes", selftest.Stdout);
    }

    [UnixFact]
    public void A_selftest_trace_replays_and_one_changed_code_is_exit_8_naming_its_line()
    {
        Assert.Equal(0, InProcess.Run(state, "selftest", "--record", InFolder("t.jsonl")).ExitCode);
        var lines = File.ReadAllLines(InFolder("t.jsonl"));
        var exhausted = System.Array.FindIndex(lines, l => l.Contains("\"count\":16385", StringComparison.Ordinal));
        lines[exhausted] = lines[exhausted].Replace("\"code\":10055", "\"code\":10022", StringComparison.Ordinal);
        File.WriteAllLines(InFolder("edited.jsonl"), lines);

        var same = InProcess.Run(state, "replay", InFolder("t.jsonl"));
        var edited = InProcess.Run(state, "replay", InFolder("edited.jsonl"));

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Matches(@"^replay: the fake answers all \d+ calls as the trace does\n$", same.Stdout);
        Assert.True(edited.ExitCode == ExitCodes.Differences, edited.ToString());
        Assert.Equal(8, ExitCodes.Differences);
        Assert.StartsWith(
            $"line {exhausted + 1}: acquire any 16385 ports on socket ",
            edited.Stdout);
        Assert.Contains("the Windows code differs: the trace has Exhausted 10022, the replay Exhausted 10055\nreplay: 1 difference in ", edited.Stdout);
    }

    [UnixFact]
    public void Record_writes_what_any_command_does_and_the_trace_replays()
    {
        Assert.Equal(0, InProcess.Run(state, "add", "--start", "50000", "--count", "10").ExitCode);

        var add = InProcess.Run(state, "--record", InFolder("add.jsonl"), "add", "--start", "50005", "--count", "10");
        var replay = InProcess.Run(state, "replay", InFolder("add.jsonl"));

        Assert.Equal(ExitCodes.Conflict, add.ExitCode);
        var trace = TraceFormat.Read(File.ReadAllText(InFolder("add.jsonl"))).ThrowIfFail();
        var existing = Assert.Single(trace.Header.Existing);
        Assert.Equal((50000, 10, true), (existing.Range.Start.Value, existing.Range.Count, existing.IsPersistent));
        var create = Assert.Single(trace.Calls).Call;
        Assert.Equal((TraceCalls.Create, "tcp", 50005, 10), (create.Call, create.Protocol, create.Start, create.Count));
        Assert.Equal(new TraceError("Conflict", 32), create.Outcome);
        Assert.True(replay.ExitCode == 0, replay.ToString());
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_exit_2_naming_the_line()
    {
        File.WriteAllText(InFolder("notes.txt"), "{\"format\":\"portreservation-trace\",\"version\":1}\n");

        var notes = InProcess.Run(state, "replay", InFolder("notes.txt"));
        var missing = InProcess.Run(state, "replay", InFolder("absent.jsonl"));

        Assert.Equal(ExitCodes.InvalidArgument, notes.ExitCode);
        Assert.Equal($"portres: '{InFolder("notes.txt")}' is not a trace: line 1 is not a trace line: \"os\" must be a string; see 'portres replay --help'.\n", notes.Stderr);
        Assert.Equal(ExitCodes.InvalidArgument, missing.ExitCode);
        Assert.StartsWith($"portres: the trace '{InFolder("absent.jsonl")}' cannot be read: ", missing.Stderr);
        Assert.Empty(notes.Stdout + missing.Stdout);
    }

    [UnixFact]
    public void Replay_and_selftest_answer_json_with_json()
    {
        var selftest = InProcess.Run(state, "--json", "selftest", "--record", InFolder("t.jsonl"));
        File.WriteAllText(
            InFolder("edited.jsonl"),
            File.ReadAllText(InFolder("t.jsonl")).Replace("\"code\":10055", "\"code\":10022", StringComparison.Ordinal));
        var replay = InProcess.Run(state, "--json", "replay", InFolder("edited.jsonl"));

        Assert.True(selftest.ExitCode == 0, selftest.ToString());
        using var steps = System.Text.Json.JsonDocument.Parse(selftest.Stdout);
        Assert.True(steps.RootElement.GetProperty("agree").GetBoolean());
        Assert.Equal("fake", steps.RootElement.GetProperty("adapter").GetString());
        var first = steps.RootElement.GetProperty("steps")[0];
        Assert.Equal(("read the dynamic range", "49152-65535", "49152-65535"), (first.GetProperty("step").GetString(), first.GetProperty("expected").GetString(), first.GetProperty("got").GetString()));
        Assert.Equal(ExitCodes.Differences, replay.ExitCode);
        using var differences = System.Text.Json.JsonDocument.Parse(replay.Stdout);
        // Both exhausted calls (the wildcard past the dynamic range and S11's bind) carried 10055.
        Assert.Equal(2, differences.RootElement.GetProperty("differences").GetArrayLength());
        Assert.EndsWith("the Windows code differs: the trace has Exhausted 10022, the replay Exhausted 10055", differences.RootElement.GetProperty("differences")[0].GetProperty("difference").GetString());
    }

    [Fact]
    public void Replay_with_record_is_a_usage_problem()
    {
        var both = InProcess.Run(state, "--record", InFolder("x.jsonl"), "replay", InFolder("t.jsonl"));

        Assert.Equal(ExitCodes.InvalidArgument, both.ExitCode);
        Assert.Contains("replay makes no call on an adapter, so --record has nothing to write", both.Stderr);
        Assert.False(File.Exists(InFolder("x.jsonl")));
    }

    [Fact]
    public void A_trace_that_cannot_be_written_is_exit_2_and_the_command_does_not_run()
    {
        var add = InProcess.Run(state, "--record", InFolder("no/such/folder/t.jsonl"), "add", "--start", "50000", "--count", "10");

        Assert.Equal(ExitCodes.InvalidArgument, add.ExitCode);
        Assert.Contains("the trace cannot be written to", add.Stderr);
        Assert.Equal(ExitCodes.NotFound, InProcess.Run(state, "lookup", "--start", "50000", "--count", "10").ExitCode);
    }

    [UnixFact]
    public void A_selftest_whose_child_cannot_start_cleans_up_and_says_why()
    {
        Assert.Equal(0, InProcess.Run(state, "add", "--start", "50000", "--count", "60").ExitCode);
        var before = InProcess.Run(state, "show");
        var host = InProcess.Host(state) with { SelfCommand = [InFolder("no-such-portres")] };

        var selftest = InProcess.Run(host, "selftest");

        Assert.Equal(ExitCodes.Unexpected, selftest.ExitCode);
        Assert.Contains("the child process (", selftest.Stderr);
        Assert.EndsWith("; everything the selftest reserved was released or deleted.\n", selftest.Stderr);
        Assert.Contains("clean up: close TCP socket A", selftest.Stdout);
        Assert.Equal(before, InProcess.Run(state, "show"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(68)]
    public void An_interrupted_selftest_releases_and_deletes_what_it_made(int callsBeforeTheInterrupt)
    {
        Assert.Equal(0, InProcess.Run(state, "add", "--start", "50000", "--count", "60").ExitCode);
        var host = InProcess.Host(state);
        var settings = new GlobalSettings(AdapterKind.Fake, state.StatePath, IsJson: false, IsElevated: true);
        var service = Composition.Open(settings, host).ThrowIfFail();
        var table = () => service.Transact(None, r => r.List(None)).ThrowIfFail();
        var before = table();
        using var trace = new TraceWriter(new MemoryStream(), RecordingService.Header(service, settings).ThrowIfFail());
        var calls = 0;

        var stopped = new SelfTest(service, trace, host.Self, (_, _) => new Trace(trace.Header, []), () => ++calls > callsBeforeTheInterrupt).Run();

        Assert.IsType<SelfTestInterrupted>((Error)stopped);
        Assert.Equal(before, table());
        Assert.True(trace.Count >= callsBeforeTheInterrupt - 5, $"only {trace.Count} calls were made");
    }
}
