using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Recording;
using PortReservation.Testing.Replay;

namespace PortReservation.Properties.Recording;

/// <summary>What the fake does, recorded, the fake does again: a recording replays with no difference.</summary>
public class RecordReplayProperties
{
    [Property(MaxTest = 200)]
    public Property A_recorded_script_replays_on_a_fresh_fake_with_no_difference() =>
        Prop.ForAll(Script.Arbitrary, script =>
        {
            var report = TraceAssert.Replay(script.Record());
            return report.Agrees.Label(string.Join("\n", report.Differences));
        });

    [Property(MaxTest = 100)]
    public Property A_trace_written_and_read_back_is_the_same_trace() =>
        Prop.ForAll(Script.Arbitrary, script =>
        {
            var trace = script.Record();
            using var buffer = new MemoryStream();
            using (var writer = new TraceWriter(buffer, trace.Header, ownsDestination: false))
            {
                foreach (var line in trace.Calls)
                {
                    writer.Append(line.Call);
                }
            }

            var read = TraceFormat.Read(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ThrowIfFail();
            var (h, r) = (trace.Header, read.Header);
            return (read.Calls.SequenceEqual(trace.Calls)
                    && (r.Os, r.OsBuild, r.Adapter, r.DynamicPorts, r.IsElevated) == (h.Os, h.OsBuild, h.Adapter, h.DynamicPorts, h.IsElevated)
                    && r.Existing.SequenceEqual(h.Existing))
                .Label($"read back:\n{string.Join("\n", read.Calls)}");
        });
}
