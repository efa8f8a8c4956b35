using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>Wildcard acquires: where the block comes from, which one, and when there is none.</summary>
public class WildcardProperties
{
    /// <summary>A table whose small dynamic range is partly taken by reservations of both protocols and ports in use, and a wildcard to try on it.</summary>
    public sealed record WildcardCase(ReservationTable Table, Protocol Protocol, int Count)
    {
        public override string ToString() =>
            $"{Protocol} any {Count} in {Table.Settings.DynamicPorts.Range} ({Table.Settings.Fit}); reserved "
            + string.Join(", ", Table.Reservations.Select(r => $"{r.Protocol} {r.Range}"))
            + $"; in use {string.Join(",", Table.PortsInUseElsewhere(Protocol))}";
    }

    private static Arbitrary<WildcardCase> Cases(Gen<WildcardFit> fits) =>
        (from dynamic in DomainGenerators.SmallDynamicRanges
         let window = Machine.Range(dynamic.Range.Start.Value - 4, Math.Min(65535, dynamic.Range.End.Value + 4) - dynamic.Range.Start.Value + 5)
         from fit in fits
         from seed in ArbMap.Default.GeneratorFor<ulong>()
         from blocks in Gen.ListOf(Blocks(window)).Resize(12)
         from inUse in Gen.ListOf(Scenarios.PortsIn(window)).Resize(4)
         from protocol in Scenarios.Protocols
         from count in Gen.Frequency((3, Gen.Choose(1, 4)), (1, Gen.Choose(1, dynamic.Range.Count + 2)))
         let defaults = ReservationSettings.Default with { DynamicPorts = dynamic }
         let settings = fit == defaults.Fit ? defaults : defaults with { Fit = fit }
         let start = ReservationTable.Empty(settings, seed).WithPortsInUseElsewhere(protocol, inUse)
         select new WildcardCase(blocks.Aggregate(start, Reserve), protocol, count))
        .ToArbitrary();

    private static Gen<(PortRange Range, Protocol Protocol, bool Persistent)> Blocks(PortRange window) =>
        from range in Scenarios.BlocksIn(window, 8)
        from protocol in Scenarios.Protocols
        from persistent in ArbMap.Default.GeneratorFor<bool>()
        select (range, protocol, persistent);

    /// <summary>Reserves the block if it is free, persistent or runtime; leaves the table as it is otherwise.</summary>
    private static ReservationTable Reserve(ReservationTable table, (PortRange Range, Protocol Protocol, bool Persistent) block)
    {
        if (block.Persistent)
        {
            return Reservations.CreatePersistent(table, Machine.Admin(1), block.Protocol, block.Range).Match(t => t.State, _ => table);
        }

        var (opened, socket) = table.Open(Machine.User(2), block.Protocol);
        return Reservations.Acquire(opened, Machine.User(2), socket, ReservationRequest.ForBlock(block.Range)).Match(t => t.State, _ => table);
    }

    private static Fin<ReservationInstance> Wildcard(WildcardCase c)
    {
        var (opened, socket) = c.Table.Open(Machine.User(1), c.Protocol);
        return Reservations.Acquire(opened, Machine.User(1), socket, ReservationRequest.ForAnyBlock(c.Count).Value()).Map(t => t.Output);
    }

    private static readonly Gen<WildcardFit> AnyFit = Gen.Elements(WildcardFit.FirstFitFromBottom, WildcardFit.FirstFitFromTop);

    [Property]
    public Property Wildcard_blocks_lie_inside_the_dynamic_range_on_free_ports() =>
        Prop.ForAll(Cases(AnyFit), c =>
        {
            var free = Oracle.Drawable(c.Table, c.Protocol).ToHashSet();
            return Wildcard(c).Match(
                Succ: i => (i.Range.Count == c.Count && Oracle.PortsOf(i.Range).All(free.Contains)).Label($"granted {i.Range}"),
                Fail: _ => true.ToProperty());
        });

    [Property]
    public Property Decision_wildcard_fit_policy_first_fit_from_bottom_is_the_default_and_takes_the_lowest_free_block() =>
        Prop.ForAll(Cases(Gen.Constant(ReservationSettings.Default.Fit)), c =>
        {
            var starts = Oracle.FreeBlockStarts(c.Table, c.Protocol, c.Count);
            var result = Wildcard(c);
            return (ReservationSettings.Default.Fit == WildcardFit.FirstFitFromBottom).Label("the default policy is first fit from the bottom")
                .And((starts.Count == 0 || result.Match(i => i.Range.Start.Value == starts.Min(), _ => false))
                    .Label($"the lowest free block starts at {(starts.Count == 0 ? "-" : starts.Min())}, got {result.Describe()}"))
                .Classify(starts.Count == 0, "no free block");
        });

    [Property]
    public Property First_fit_from_top_takes_the_highest_free_block() =>
        Prop.ForAll(Cases(Gen.Constant(WildcardFit.FirstFitFromTop)), c =>
        {
            var starts = Oracle.FreeBlockStarts(c.Table, c.Protocol, c.Count);
            var result = Wildcard(c);
            return (starts.Count == 0 || result.Match(i => i.Range.Start.Value == starts.Max(), _ => false))
                .Label($"the highest free block starts at {(starts.Count == 0 ? "-" : starts.Max())}, got {result.Describe()}");
        });

    [Property]
    public Property A_wildcard_is_exhausted_exactly_when_no_free_block_of_that_size_exists() =>
        Prop.ForAll(Cases(AnyFit), c =>
        {
            var exists = Oracle.FreeBlockStarts(c.Table, c.Protocol, c.Count).Count > 0;
            var result = Wildcard(c);
            return (exists
                    ? result.IsSucc.Label($"a free block exists, got {result.Describe()}")
                    : result.ErrorOrNone().Exists(e => e is ReservationError.Exhausted x && x.Protocol == c.Protocol
                            && x.Code == UnverifiedCodes.WildcardExhausted && x.Code == WindowsCodes.WSAENOBUFS)
                        .Label($"no free block: Exhausted WSAENOBUFS, got {result.Describe()}"))
                .Classify(!exists, "exhausted");
        });

    [Property]
    public Property Repeated_wildcards_pack_an_empty_dynamic_range_from_the_chosen_end() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.DynamicPortRange(), Gen.Choose(1, 8).Zip(AnyFit).ToArbitrary()), pair =>
        {
            var (dynamic, (count, fit)) = pair;
            var table = Machine.Empty(dynamic, fit);
            var (opened, socket) = table.Open(Machine.User(1), Protocol.Tcp);
            var request = ReservationRequest.ForAnyBlock(count).Value();
            var granted = new List<PortRange>();
            var state = opened;
            var last = Reservations.Acquire(state, Machine.User(1), socket, request);
            while (last.IsSucc && granted.Count <= dynamic.Range.Count)
            {
                var (next, instance) = last.Value();
                granted.Add(instance.Range);
                state = next;
                last = Reservations.Acquire(state, Machine.User(1), socket, request);
            }

            var expected = Enumerable.Range(0, dynamic.Range.Count / count)
                .Select(i => fit == WildcardFit.FirstFitFromBottom
                    ? Machine.Range(dynamic.Range.Start.Value + (i * count), count)
                    : Machine.Range(dynamic.Range.End.Value - ((i + 1) * count) + 1, count));
            return granted.SequenceEqual(expected).Label($"granted {string.Join(" ", granted)}")
                .And(last.FailsWith<ReservationError.Exhausted, Transition<ReservationInstance>>(UnverifiedCodes.WildcardExhausted).Label("then exhausted"));
        });

    [Fact]
    public void A_wildcard_on_an_empty_default_table_gets_the_bottom_of_49152_65535()
    {
        var (opened, socket) = Machine.Empty().Open(Machine.User(1), Protocol.Tcp);
        var instance = opened.AcquireOk(Machine.User(1), socket, ReservationRequest.ForAnyBlock(100).Value()).Instance;
        Assert.Equal(Machine.Range(49152, 100), instance.Range);
    }

    [Fact]
    public void A_wildcard_with_first_fit_from_top_gets_the_block_ending_at_65535()
    {
        var (opened, socket) = Machine.Empty(DynamicPortRange.Default, WildcardFit.FirstFitFromTop).Open(Machine.User(1), Protocol.Udp);
        var instance = opened.AcquireOk(Machine.User(1), socket, ReservationRequest.ForAnyBlock(100).Value()).Instance;
        Assert.Equal(Machine.Range(65436, 100), instance.Range);
    }

    [Fact]
    public void A_wildcard_skips_a_gap_too_small_and_a_persistent_block()
    {
        var dynamic = DynamicPortRange.Create(50000, 20).Value();
        var table = Machine.Empty(dynamic, WildcardFit.FirstFitFromBottom).CreateOk(Protocol.Tcp, Machine.Range(50003, 2)).Table;
        var (opened, socket) = table.Open(Machine.User(1), Protocol.Tcp);
        var instance = opened.AcquireOk(Machine.User(1), socket, ReservationRequest.ForAnyBlock(4).Value()).Instance;
        Assert.Equal(Machine.Range(50005, 4), instance.Range);
    }

    [Fact]
    public void A_wildcard_larger_than_the_dynamic_range_is_exhausted_with_WSAENOBUFS()
    {
        var dynamic = DynamicPortRange.Create(50000, 10).Value();
        var (opened, socket) = Machine.Empty(dynamic, WildcardFit.FirstFitFromBottom).Open(Machine.User(1), Protocol.Tcp);
        var result = Reservations.Acquire(opened, Machine.User(1), socket, ReservationRequest.ForAnyBlock(11).Value());
        Assert.True(result.FailsWith<ReservationError.Exhausted, Transition<ReservationInstance>>(WindowsCodes.WSAENOBUFS));
        Assert.Equal(Some(Machine.Range(50000, 10)), Reservations.Acquire(opened, Machine.User(1), socket, ReservationRequest.ForAnyBlock(10).Value())
            .Map(t => t.Output.Range).ToOption());
    }
}
