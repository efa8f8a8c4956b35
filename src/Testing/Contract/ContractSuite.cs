using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>
/// What the contract suites share: the run-time skip hooks, a runner for properties inside a
/// <see cref="SkippableFactAttribute"/> test, and helpers that find free blocks on a machine in use.
/// </summary>
public abstract class ContractSuite
{
    /// <summary>Why no test of the suite can run here (for example "requires Windows"); null when they can.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>Why the tests of persistent reservations cannot run here (for example "requires elevation"); null when they can.</summary>
    protected virtual string? PersistentSkipReason => null;

    /// <summary>FsCheck's settings for the properties of the suite: at least 100 cases, throwing on the first counterexample.</summary>
    protected static Config PropertyConfig { get; } = Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true);

    /// <summary>Skips the running test when the suite cannot run here.</summary>
    protected void RequireSuite() => Skip.If(SkipReason);

    /// <summary>Skips the running test when the suite or the persistent tests cannot run here.</summary>
    protected void RequirePersistent()
    {
        RequireSuite();
        Skip.If(PersistentSkipReason);
    }

    /// <summary>Checks <paramref name="property"/> with <see cref="PropertyConfig"/>, failing the test with the counterexample.</summary>
    protected static void Holds(Property property) => Check.One(PropertyConfig, property);

    /// <summary>Fails the test when two of <paramref name="blocks"/> share a port.</summary>
    protected static void AssertDisjoint(IEnumerable<PortRange> blocks)
    {
        var sorted = blocks.OrderBy(b => b.Start).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i - 1].Overlaps(sorted[i]))
            {
                throw new XunitException($"the granted blocks {sorted[i - 1]} and {sorted[i]} overlap");
            }
        }
    }

    /// <summary>
    /// The dynamic range of the machine behind <paramref name="port"/>: what it reports. An adapter that
    /// cannot read it (Windows has no public call for it) overrides this with the range its machine uses.
    /// </summary>
    protected virtual PortRange DynamicRange(IReservationPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        return ContractAssert.Succeeds(port.DynamicPorts(), "read the dynamic range").Range;
    }

    /// <summary>The largest block the suite asks for in <paramref name="dynamic"/>: small beside the range, so a machine in use still has room.</summary>
    protected static int MaxBlock(PortRange dynamic) => Math.Clamp(dynamic.Count / 16, 1, 16);

    /// <summary>A protocol and a block size small beside the dynamic range of the machine behind <paramref name="port"/>.</summary>
    protected Gen<(Protocol Protocol, int Count)> ProtocolsAndCounts(IReservationPort port)
    {
        var max = MaxBlock(DynamicRange(port));
        return from protocol in DomainGenerators.Protocols
               from count in Gen.Choose(1, max)
               select (Protocol: protocol, Count: count);
    }

    /// <summary>
    /// A block of <paramref name="count"/> ports that no reservation covered and no socket held a moment
    /// ago: the system's own answer to a wildcard request, released again at once.
    /// </summary>
    protected static PortRange FreeBlock(IReservationPort port, Protocol protocol, int count)
    {
        using var leases = new Leases();
        return leases.AcquireAny(port, protocol, count).Instance.Range;
    }

    /// <summary>The block <paramref name="start"/>+<paramref name="count"/>, which the caller knows is valid.</summary>
    protected static PortRange Block(int start, int count) => PortRange.Create(start, count).ThrowIfFail();

    /// <summary>A wildcard request for <paramref name="count"/> ports.</summary>
    protected static ReservationRequest Any(int count) => ReservationRequest.ForAnyBlock(count).ThrowIfFail();

    /// <summary>The other protocol.</summary>
    protected static Protocol Other(Protocol protocol) => protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp;

    /// <summary>
    /// A valid block that overlaps <paramref name="live"/>: it starts <paramref name="shift"/> ports from
    /// its start (negative: before it) and runs <paramref name="extra"/> ports past the least it needs to
    /// reach it, clipped to the port space.
    /// </summary>
    protected static PortRange Overlapping(PortRange live, int shift, int extra)
    {
        var start = Math.Max(Port.MinValue, live.Start.Value + Math.Min(shift, live.Count - 1));
        var reach = Math.Max(0, live.Start.Value - start);
        var count = Math.Min(reach + 1 + Math.Max(0, extra), Port.MaxValue - start + 1);
        return Block(start, count);
    }

    /// <summary>Generates (shift, extra) pairs for <see cref="Overlapping"/> with blocks of up to <paramref name="maxBlock"/> ports.</summary>
    protected static Gen<(int Shift, int Extra)> Overlaps(int maxBlock) =>
        Gen.Choose(-maxBlock, maxBlock - 1).Zip(Gen.Choose(0, maxBlock));
}
