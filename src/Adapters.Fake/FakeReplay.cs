using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Recording;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// Replays a trace on a fresh fake set up from its header: the dynamic range, the elevation, and the blocks the
/// machine held before the recording (persistent ones as persistent, the others held by the simulated system
/// process, as <see cref="FakeWindows.Import"/> takes netsh's table). The comparison is <see cref="TraceReplay"/>'s.
/// </summary>
public static class FakeReplay
{
    /// <summary>The fresh fake <paramref name="header"/> describes, or why it cannot be made (the header's blocks overlap).</summary>
    public static Fin<FakeWindows> MachineFor(TraceHeader header)
    {
        var machine = new FakeWindows(FakeOptions.Default.WithDynamicPorts(header.DynamicPorts).WithElevation(header.IsElevated));
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            var rows = header.Existing.Where(b => b.Protocol == protocol).Select(b => new ExcludedPortRange(b.Range, b.IsPersistent)).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var imported = ExcludedPortTable.Create(protocol, rows).Bind(table => machine.Import(table, replace: false));
            if (imported.IsFail)
            {
                return new TraceProblem(1, $"the blocks of \"existing\" cannot all be reserved together: {((LanguageExt.Common.Error)imported).Message}");
            }
        }

        return machine;
    }

    /// <summary>Replays <paramref name="trace"/> on a fresh fake set up from its header.</summary>
    public static Fin<ReplayReport> Run(Trace trace) =>
        MachineFor(trace.Header).Map(machine => TraceReplay.Run(trace, machine.Process));
}
