using System.Collections.Immutable;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;

namespace PortReservation.App.Tests;

/// <summary>Builds state files through the fake and the codec, as a portres process would have left them.</summary>
internal static class StateBuilder
{
    public static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();

    /// <summary>A state with persistent blocks and, optionally, one runtime block held by <paramref name="holder"/>.</summary>
    public static byte[] Encode(
        IEnumerable<(Protocol Protocol, PortRange Range)> persistent,
        Option<(long Pid, ulong Start, Protocol Protocol, PortRange Range)> holder)
    {
        var machine = new FakeWindows(FakeOptions.Default.WithElevation(true).WithTokenSeed(7));
        foreach (var (protocol, range) in persistent)
        {
            machine.Process(new ProcessId(1)).Create(protocol, range).ThrowIfFail();
        }

        var holders = ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty;
        holder.IfSome(h =>
        {
            var port = machine.Process(new ProcessId(h.Pid));
            var socket = port.OpenSocket(h.Protocol).ThrowIfFail();
            port.Acquire(socket, ReservationRequest.ForBlock(h.Range)).ThrowIfFail();
            holders = holders.Add(new ProcessId(h.Pid), new ProcessStart(h.Start));
        });
        return StateCodec.Encode(new SavedState(machine.State, holders)).ToArray();
    }

    public static SavedState Decode(byte[] bytes) => StateCodec.Decode(bytes, "state.json").ThrowIfFail();
}
