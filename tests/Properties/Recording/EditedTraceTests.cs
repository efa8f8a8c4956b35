using System.Text;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Recording;
using PortReservation.Testing.Replay;
using static LanguageExt.Prelude;

namespace PortReservation.Properties.Recording;

/// <summary>A trace recorded on the fake, edited by hand the way a Windows run would differ: each edit gives exactly its difference, naming its line.</summary>
public class EditedTraceTests
{
    /// <summary>
    /// Line 1 the header; 2 open a TCP socket; 3 acquire 50000-50009; 4 acquire any 10 (49152-49161); 5 acquire any 16385
    /// (Exhausted 10055); 6 list; 7 open a second socket; 8 associate it with the first block; 9 bind it to port 0 (50000);
    /// 10 close the first socket. Call n is on line n + 1.
    /// </summary>
    private static string[] Recorded()
    {
        var machine = new FakeWindows(FakeOptions.Default.WithTokenSeed(77));
        var header = TraceHeader.ForThisMachine("fake", DynamicPortRange.Default, isElevated: false, []);
        using var buffer = new MemoryStream();
        using (var writer = new TraceWriter(buffer, header, ownsDestination: false))
        {
            var me = new RecordingReservations(machine.Process(new ProcessId(1)), writer, new ProcessId(1), isSimulated: true);
            var socket = me.OpenSocket(Protocol.Tcp).ThrowIfFail();
            var block = me.Acquire(socket, ReservationRequest.ForBlock(PortRange.Create(50000, 10).ThrowIfFail())).ThrowIfFail();
            me.Acquire(socket, ReservationRequest.ForAnyBlock(10).ThrowIfFail()).ThrowIfFail();
            _ = me.Acquire(socket, ReservationRequest.ForAnyBlock(16385).ThrowIfFail());
            me.List(None).ThrowIfFail();
            var second = me.OpenSocket(Protocol.Tcp).ThrowIfFail();
            me.Associate(second, block.Token).ThrowIfFail();
            me.Bind(second, BindTarget.Any).ThrowIfFail();
            me.Close(socket).ThrowIfFail();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).TrimEnd('\n').Split('\n');
    }

    private static ReplayReport Replay(IEnumerable<string> lines) =>
        TraceAssert.Replay(TraceFormat.Read(string.Join("\n", lines)).ThrowIfFail());

    private static string[] Edited(int line, string from, string to)
    {
        var lines = Recorded();
        Assert.Contains(from, lines[line - 1]);
        lines[line - 1] = lines[line - 1].Replace(from, to, StringComparison.Ordinal);
        return lines;
    }

    [Fact]
    public void The_recording_as_it_is_replays_with_no_difference()
    {
        var report = Replay(Recorded());

        Assert.Empty(report.Differences);
        Assert.Equal(9, report.Steps.Count);
        Assert.All(report.Steps, step => Assert.True(step.Agrees));
    }

    [Fact]
    public void A_changed_code_is_one_difference_naming_its_line()
    {
        var report = Replay(Edited(5, "\"code\":10055", "\"code\":10022"));

        var difference = Assert.Single(report.Differences);
        Assert.Equal(5, difference.Line);
        Assert.Equal("acquire any 16385 ports on socket 1: the Windows code differs: the trace has Exhausted 10022, the replay Exhausted 10055", difference.What);
    }

    [Fact]
    public void A_changed_error_kind_is_one_difference_naming_its_line()
    {
        var report = Replay(Edited(5, "\"kind\":\"Exhausted\"", "\"kind\":\"Conflict\""));

        var difference = Assert.Single(report.Differences);
        Assert.Equal(5, difference.Line);
        Assert.EndsWith("the error differs: the trace has Conflict 10055, the replay Exhausted 10055", difference.What);
    }

    [Fact]
    public void A_changed_specific_block_is_one_difference_naming_its_line()
    {
        var report = Replay(Edited(3, "\"ok\":{\"start\":50000", "\"ok\":{\"start\":50010"));

        var difference = Assert.Single(report.Differences);
        Assert.Equal(3, difference.Line);
        Assert.Equal("acquire 50000-50009 on socket 1: the block differs: the trace got 50010-50019, the replay grants 50000-50009", difference.What);
    }

    [Fact]
    public void A_wildcard_block_elsewhere_is_reported_as_a_block_in_another_position()
    {
        var report = Replay(Edited(4, "\"ok\":{\"start\":49152", "\"ok\":{\"start\":49300"));

        var difference = Assert.Single(report.Differences);
        Assert.Equal(4, difference.Line);
        Assert.Equal("acquire any 10 ports on socket 1: a wildcard block in another position: the trace got 49300-49309, the replay grants 49152-49161", difference.What);
    }

    [Fact]
    public void A_missing_line_is_one_difference_naming_the_line_after_the_gap()
    {
        var lines = Recorded().ToList();
        Assert.Contains("\"call\":\"list\"", lines[5]);
        lines.RemoveAt(5);

        var report = Replay(lines);

        var difference = Assert.Single(report.Differences);
        Assert.Equal(6, difference.Line);
        Assert.Equal("call 5 is missing: the trace goes from call 4 to call 6", difference.What);
    }

    [Fact]
    public void A_missing_acquire_also_shows_where_its_token_was_needed()
    {
        // The bind after the failed associate is automatic, whose port is not compared: it is no difference.
        var lines = Recorded().ToList();
        Assert.Contains("\"start\":50000,\"count\":10,\"ok\"", lines[2]);
        var token = System.Text.RegularExpressions.Regex.Match(lines[2], "\"token\":\"(\\d+)\"").Groups[1].Value;
        lines.RemoveAt(2);

        var report = Replay(lines);

        Assert.Equal(
            [
                "line 3: call 2 is missing: the trace goes from call 1 to call 3",
                $"line 7: associate socket 2 with token {token}: the trace succeeded (ok), the replay fails with NotFound 10022",
            ],
            report.Differences.Select(d => d.ToString()));
    }

    [Fact]
    public void A_failure_that_succeeds_on_the_fake_is_a_difference()
    {
        var lines = Recorded();
        lines[8] = """{"seq":8,"process":1,"simulated":true,"call":"bind","socket":2,"port":0,"error":{"kind":"Exhausted","code":10055}}""";

        var difference = Assert.Single(Replay(lines).Differences);

        Assert.Equal("line 9: bind socket 2 to port 0: the trace failed with Exhausted 10055, the replay succeeds (port 50000)", difference.ToString());
    }
}
