using PortReservation.Adapters.Fake;
using PortReservation.Recording;
using Xunit.Sdk;

namespace PortReservation.Testing.Replay;

/// <summary>
/// A recorded trace as a regression test: replays it on a fresh fake set up from its header
/// (<see cref="FakeReplay"/>) and fails the test with every difference, each naming its line.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void Windows_agrees_with_the_fake_on_my_service_s_start() =>
///     TraceAssert.ReplaysOnFake("Fixtures/service-start.jsonl");
/// </code>
/// </example>
public static class TraceAssert
{
    /// <summary>Reads the trace at <paramref name="path"/> and replays it; answers the report when there is no difference.</summary>
    public static ReplayReport ReplaysOnFake(string path) => ReplaysOnFake(Read(path));

    /// <summary>Replays <paramref name="trace"/>; answers the report when there is no difference.</summary>
    public static ReplayReport ReplaysOnFake(Trace trace)
    {
        var report = Replay(trace);
        if (!report.Agrees)
        {
            throw new XunitException(
                $"the fake answers {report.Differences.Count} of the trace's {report.Steps.Count} calls differently:\n"
                + string.Join("\n", report.Differences));
        }

        return report;
    }

    /// <summary>The trace at <paramref name="path"/>; fails the test naming the line when it is not a trace.</summary>
    public static Trace Read(string path) =>
        TraceFormat.Read(File.ReadAllText(path)).Match(
            Succ: trace => trace,
            Fail: error => throw new XunitException($"{path}: {error.Message}"));

    /// <summary>The replay of <paramref name="trace"/> on a fresh fake, differences and all, for tests that expect some.</summary>
    public static ReplayReport Replay(Trace trace) =>
        FakeReplay.Run(trace).Match(
            Succ: report => report,
            Fail: error => throw new XunitException($"the trace's header sets up no fake: {error.Message}"));
}
