using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;

namespace PortReservation.Properties;

/// <summary>The laws of ports and blocks: validation boundaries, overlap, intersection, membership.</summary>
public class PortRangeLaws
{
    /// <summary>Integers crowded around the boundaries of 1..65535, plus any int.</summary>
    private static readonly Gen<int> Edgy =
        Gen.Frequency(
            (3, Gen.Choose(-2, 3)),
            (3, Gen.Choose(65532, 65538)),
            (1, Gen.Elements(int.MinValue, int.MinValue + 1, int.MaxValue - 1, int.MaxValue)),
            (3, ArbMap.Default.GeneratorFor<int>()),
            (3, Gen.Choose(1, 65535)));

    /// <summary>Small blocks in a narrow window, so that overlaps and gaps are both common.</summary>
    private static readonly Gen<PortRange> Small =
        from start in Gen.Frequency((4, Gen.Choose(1, 40)), (1, Gen.Choose(65500, 65535)))
        from count in Gen.Choose(1, Math.Min(12, 65536 - start))
        select Machine.Range(start, count);

    private static readonly Arbitrary<(PortRange, PortRange)> SmallPairs = Small.Two().ToArbitrary();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(49152)]
    [InlineData(65534)]
    [InlineData(65535)]
    public void Port_create_accepts_the_lowest_and_highest_port(int value) =>
        Assert.Equal(value, Port.Create(value).Value().Value);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Port_create_refuses_0_negatives_and_65536_with_code_87(int value) =>
        Assert.True(Port.Create(value).FailsWith<ReservationError.InvalidParameter, Port>(WindowsCodes.ERROR_INVALID_PARAMETER));

    [Property]
    public Property Port_create_accepts_exactly_1_to_65535() =>
        Prop.ForAll(Edgy.ToArbitrary(), value =>
        {
            var result = Port.Create(value);
            return value is >= 1 and <= 65535
                ? result.Match(p => p.Value == value, _ => false).Label("a port in range round-trips")
                : result.FailsWith<ReservationError.InvalidParameter, Port>(87).Label("a port outside 1..65535 is InvalidParameter 87");
        });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(65535, 1)]
    [InlineData(1, 65535)]
    [InlineData(2, 65534)]
    [InlineData(49152, 16384)]
    [InlineData(65000, 536)]
    public void PortRange_create_accepts_blocks_ending_at_or_before_65535(int start, int count)
    {
        var range = PortRange.Create(start, count).Value();
        Assert.Equal((start, count, start + count - 1), (range.Start.Value, range.Count, range.End.Value));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(65536, 1)]
    [InlineData(-1, 10)]
    [InlineData(int.MinValue, 1)]
    [InlineData(1, 0)]
    [InlineData(1, -1)]
    [InlineData(1, 65536)]
    [InlineData(2, 65535)]
    [InlineData(65535, 2)]
    [InlineData(65000, 537)]
    [InlineData(1, int.MaxValue)]
    [InlineData(65535, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void PortRange_create_refuses_zero_start_zero_count_and_blocks_past_65535_with_code_87(int start, int count) =>
        Assert.True(PortRange.Create(start, count).FailsWith<ReservationError.InvalidParameter, PortRange>(WindowsCodes.ERROR_INVALID_PARAMETER));

    [Property]
    public Property PortRange_create_accepts_exactly_start_1_to_65535_count_at_least_1_and_end_at_most_65535() =>
        Prop.ForAll(Edgy.Two().ToArbitrary(), pair =>
        {
            var (start, count) = pair;
            var valid = start >= 1 && start <= 65535 && count >= 1 && (long)start + count - 1 <= 65535;
            var result = PortRange.Create(start, count);
            return valid
                ? result.Match(r => r.Start.Value == start && r.Count == count, _ => false).Label("a valid block keeps its start and count")
                : result.FailsWith<ReservationError.InvalidParameter, PortRange>(87).Label("an invalid block is InvalidParameter 87");
        });

    [Property]
    public Property Invalid_blocks_are_refused_as_invalid_parameter_87() =>
        Prop.ForAll(DomainGenerators.InvalidBlocks.ToArbitrary(), block =>
            PortRange.Create(block.Start, block.Count).FailsWith<ReservationError.InvalidParameter, PortRange>(87));

    [Property]
    public Property End_is_start_plus_count_minus_1() =>
        Prop.ForAll(DomainArbitraries.PortRange(), range =>
            range.End.Value == range.Start.Value + range.Count - 1 && range.End.Value <= 65535);

    [Property]
    public Property Overlap_is_symmetric() =>
        Prop.ForAll(Gen.OneOf(Small.Two(), DomainGenerators.Ranges.Two()).ToArbitrary(), pair =>
            pair.Item1.Overlaps(pair.Item2) == pair.Item2.Overlaps(pair.Item1));

    [Property]
    public Property Overlap_iff_intersection_is_some_iff_the_port_sets_meet() =>
        Prop.ForAll(SmallPairs, pair =>
        {
            var (a, b) = pair;
            var meet = Oracle.PortsOf(a).Intersect(Oracle.PortsOf(b)).Any();
            return (a.Overlaps(b) == meet).Label("Overlaps agrees with the port sets")
                .And((a.Intersect(b).IsSome == meet).Label("Intersect is Some exactly when they meet"));
        });

    [Property]
    public Property Intersection_holds_exactly_the_common_ports() =>
        Prop.ForAll(SmallPairs, pair =>
        {
            var (a, b) = pair;
            var common = Oracle.PortsOf(a).Intersect(Oracle.PortsOf(b)).ToList();
            return a.Intersect(b).Match(
                Some: i => Oracle.PortsOf(i).SequenceEqual(common),
                None: () => common.Count == 0);
        });

    [Property]
    public Property Contains_agrees_with_Ports() =>
        Prop.ForAll(Arb.Zip(Small.ToArbitrary(), Gen.Choose(1, 65535).Select(Machine.PortOf).ToArbitrary()), pair =>
        {
            var (range, port) = pair;
            return (range.Contains(port) == range.Ports.Contains(port)).Label("Contains agrees with Ports")
                .And((range.Contains(range.Start) && range.Contains(range.End)).Label("a block holds its ends"));
        });

    [Property]
    public Property Ports_are_count_consecutive_ports_from_start() =>
        Prop.ForAll(Small.ToArbitrary(), range =>
            range.Ports.Select(p => p.Value).SequenceEqual(Enumerable.Range(range.Start.Value, range.Count)));

    [Property]
    public Property Blocks_order_by_start_then_count() =>
        Prop.ForAll(SmallPairs, pair =>
        {
            var (a, b) = pair;
            var expected = a.Start.Value != b.Start.Value ? a.Start.Value.CompareTo(b.Start.Value) : a.Count.CompareTo(b.Count);
            return (Math.Sign(a.CompareTo(b)) == Math.Sign(expected)).Label("generic")
                .And((Math.Sign(((IComparable)a).CompareTo(b)) == Math.Sign(expected)).Label("non-generic, as F#'s compare asks"));
        });

    [Fact]
    public void Default_ports_blocks_and_tokens_are_refused_where_they_enter()
    {
        Assert.True(Port.Checked(default, 10022).FailsWith<ReservationError.InvalidParameter, Port>(10022));
        Assert.True(PortRange.Checked(default, 87).FailsWith<ReservationError.InvalidParameter, PortRange>(87));
        Assert.True(ReservationToken.Checked(default).FailsWith<ReservationError.InvalidParameter, ReservationToken>(10022));
        Assert.Equal(Port.Create(1).Value(), Port.Checked(Port.Create(1).Value(), 87).Value());
        Assert.Equal(PortRange.Create(1, 1).Value(), PortRange.Checked(PortRange.Create(1, 1).Value(), 87).Value());
        Assert.Equal(ReservationToken.Create(1).Value(), ReservationToken.Checked(ReservationToken.Create(1).Value()).Value());
        Assert.True(DynamicPortRange.Of(default).FailsWith<ReservationError.InvalidParameter, DynamicPortRange>(87));
        Assert.Equal(PortRange.Create(1024, 100).Value(), DynamicPortRange.Of(PortRange.Create(1024, 100).Value()).Value().Range);

        // Explain is a query of the domain alone: the default port gets ERROR_INVALID_PARAMETER (87).
        Assert.True(Reservations.Explain(Machine.Empty(), Protocol.Tcp, default, Machine.Process(1))
            .FailsWith<ReservationError.InvalidParameter, PortExplanation>(87));
    }
}
