using PortReservation.Testing.Replay;
using Xunit.Sdk;

namespace PortReservation.Properties.Recording;

/// <summary>
/// Hand-written traces in the form a Windows run writes (SOCKET handles, real pids, 64-bit tokens, Hyper-V's blocks in
/// the header), replayed through the testing kit as a service's regression test would.
/// </summary>
public class WindowsFixtureTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Recording", "Fixtures", name);

    [Fact]
    public void A_windows_run_that_behaves_as_the_fake_replays_with_no_difference()
    {
        var report = TraceAssert.ReplaysOnFake(Fixture("windows-agrees.jsonl"));

        Assert.Equal(28, report.Steps.Count);
    }

    [Fact]
    public void A_windows_run_that_differs_reports_each_difference_on_its_line()
    {
        var report = TraceAssert.Replay(TraceAssert.Read(Fixture("windows-differs.jsonl")));

        Assert.Equal(
            [
                "line 3: acquire any 10 ports on socket 612: a wildcard block in another position: the trace got 50060-50069, the replay grants 49152-49161",
                "line 4: acquire any 16385 ports on socket 612: the error differs: the trace has InvalidParameter 10022, the replay Exhausted 10055",
                "line 11: release token 17002113374117270329 on socket 376: the error differs: the trace has AccessDenied 10013, the replay NotOwner 10013",
            ],
            report.Differences.Select(d => d.ToString()));
    }

    [Fact]
    public void The_kit_fails_a_test_with_the_differences()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => TraceAssert.ReplaysOnFake(Fixture("windows-differs.jsonl")));

        Assert.StartsWith("the fake answers 3 of the trace's 12 calls differently:", failure.Message);
        Assert.Contains("line 11: release token", failure.Message);
    }
}
