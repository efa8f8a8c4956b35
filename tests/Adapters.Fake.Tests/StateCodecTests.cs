using System.Collections.Immutable;
using System.Text;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>The state file's encoding of a large table.</summary>
public sealed class StateCodecTests
{
    [Fact]
    public void A_state_of_10000_reservations_is_written_compact_and_reads_back_equal()
    {
        var machine = new FakeWindows(FakeOptions.Default.WithElevation(true).WithTokenSeed(99));
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            for (var i = 0; i < 5000; i++)
            {
                machine.Process(new ProcessId(1)).Create(protocol, Range(10000 + (i * 3), 1 + (i % 3))).ThrowIfFail();
            }
        }

        var saved = new SavedState(machine.State, ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty);

        var bytes = StateCodec.Encode(saved).ToArray();
        var back = StateCodec.Decode(bytes, "state.json").ThrowIfFail();

        Assert.Equal(bytes.Length - 1, System.Array.IndexOf(bytes, (byte)'\n')); // one line: the table, before any journal line
        Assert.DoesNotContain("  ", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.True(bytes.Length < StateFile.MaxBytes / 8, $"{bytes.Length} bytes for 10,000 reservations");
        Assert.Equal(10000, back.Table.Reservations.Count);
        Assert.Equal(saved.Table.Reservations.ToArray(), back.Table.Reservations.ToArray());
        Assert.Equal(saved.Table.Tokens, back.Table.Tokens);
        Assert.Equal(StateChange.None, StateChanges.Between(saved, back));
    }

    private static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();
}
