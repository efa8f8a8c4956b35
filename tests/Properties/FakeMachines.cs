using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;

namespace PortReservation.Properties;

/// <summary>Fake machines the contract and model tests share.</summary>
internal static class FakeMachines
{
    /// <summary>A dynamic range of 128 ports, small enough to exhaust.</summary>
    public static DynamicPortRange SmallRange { get; } = DynamicPortRange.Create(50000, 128).ThrowIfFail();

    /// <summary>
    /// An elevated fake with Windows' default dynamic range that looks like a machine in use: other
    /// programs hold well-known ports, the bottom of the dynamic range and every 101st (TCP) or 97th (UDP)
    /// port of it; process 99 holds runtime blocks and process 98 made persistent blocks.
    /// </summary>
    public static FakeWindows Busy()
    {
        var wellKnown = new[] { 80, 135, 443, 445 };
        var tcp = Ports(wellKnown.Concat(Enumerable.Range(49152, 48)).Concat(Every(101)));
        var udp = Ports(wellKnown.Concat(Every(97)));
        var machine = new FakeWindows(FakeOptions.Default
            .WithElevation(true)
            .WithTokenSeed(0xB05E)
            .WithPortsInUse(protocol => protocol == Protocol.Tcp ? tcp : udp));

        var other = machine.Process(new ProcessId(99));
        foreach (var (protocol, count) in new[] { (Protocol.Tcp, 10), (Protocol.Tcp, 3), (Protocol.Udp, 20), (Protocol.Udp, 7) })
        {
            var socket = other.OpenSocket(protocol).ThrowIfFail();
            other.Acquire(socket, ReservationRequest.ForAnyBlock(count).ThrowIfFail()).ThrowIfFail();
        }

        var admin = machine.Process(new ProcessId(98));
        foreach (var (protocol, count) in new[] { (Protocol.Tcp, 50), (Protocol.Udp, 50), (Protocol.Tcp, 1) })
        {
            // Where the system would put a wildcard block, as Hyper-V's exclusions land in the dynamic range.
            var socket = admin.OpenSocket(protocol).ThrowIfFail();
            var free = admin.Acquire(socket, ReservationRequest.ForAnyBlock(count).ThrowIfFail()).ThrowIfFail().Range;
            admin.Close(socket).ThrowIfFail();
            admin.Create(protocol, free).ThrowIfFail();
        }

        return machine;
    }

    private static IEnumerable<int> Every(int step) =>
        Enumerable.Range(0, ((Port.MaxValue - DynamicPortRange.Default.Range.Start.Value) / step) + 1)
            .Select(k => DynamicPortRange.Default.Range.Start.Value + (k * step));

    private static Port[] Ports(IEnumerable<int> values) =>
        values.Distinct().Select(v => Port.Create(v).ThrowIfFail()).ToArray();
}
