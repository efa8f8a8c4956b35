using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;

namespace PortReservation.Properties;

/// <summary>The laws of tokens and of the native acquire input (start 0 is a wildcard).</summary>
public class PortAndTokenLaws
{
    private static readonly Gen<int> Counts =
        Gen.Frequency(
            (3, Gen.Choose(-2, 3)),
            (3, Gen.Choose(65533, 65538)),
            (2, Gen.Choose(1, 65535)),
            (1, ArbMap.Default.GeneratorFor<int>()));

    private static readonly Gen<int> Starts =
        Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(-2, 2)), (1, Gen.Choose(65530, 65537)), (2, Gen.Choose(1, 65535)));

    [Fact]
    public void Token_zero_is_refused_as_invalid() =>
        Assert.True(ReservationToken.Create(0).FailsWith<ReservationError.InvalidParameter, ReservationToken>(WindowsCodes.WSAEINVAL));

    [Property]
    public Property Nonzero_tokens_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>().Filter(v => v != 0), value =>
            ReservationToken.Create(value).Match(t => t.Value == value && t == ReservationToken.Create(value).Value(), _ => false));

    [Property]
    public Property Tokens_order_by_value() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.ReservationToken(), DomainArbitraries.ReservationToken()), pair =>
            Math.Sign(pair.Item1.CompareTo(pair.Item2)) == Math.Sign(pair.Item1.Value.CompareTo(pair.Item2.Value)));

    [Property]
    public Property The_non_generic_comparison_of_every_value_agrees_with_its_order() =>
        Prop.ForAll(
            Arb.Zip(DomainArbitraries.ReservationToken(), DomainArbitraries.ReservationToken()),
            Arb.Zip(DomainArbitraries.Port(), DomainArbitraries.Port()),
            Arb.Zip(ArbMap.Default.ArbFor<(long, long)>(), ArbMap.Default.ArbFor<(long, long)>()),
            (tokens, ports, ids) =>
            {
                var (a, b) = ids;
                var holders = (new Holder(new ProcessId(a.Item1), new SocketId(a.Item2)), new Holder(new ProcessId(b.Item1), new SocketId(b.Item2)));
                return Agrees(tokens.Item1, tokens.Item2, Math.Sign(tokens.Item1.Value.CompareTo(tokens.Item2.Value))).Label("tokens by value")
                    .And(Agrees(ports.Item1, ports.Item2, Math.Sign(ports.Item1.Value.CompareTo(ports.Item2.Value))).Label("ports by number"))
                    .And(Agrees(new ProcessId(a.Item1), new ProcessId(b.Item1), Math.Sign(a.Item1.CompareTo(b.Item1))).Label("processes by id"))
                    .And(Agrees(new SocketId(a.Item2), new SocketId(b.Item2), Math.Sign(a.Item2.CompareTo(b.Item2))).Label("sockets by number"))
                    .And(Agrees(holders.Item1, holders.Item2, a.Item1 != b.Item1 ? Math.Sign(a.Item1.CompareTo(b.Item1)) : Math.Sign(a.Item2.CompareTo(b.Item2)))
                        .Label("holders by process, then socket"));
            });

    [Fact]
    public void A_value_sorts_after_null_and_refuses_to_compare_with_another_type()
    {
        IComparable[] values = [Port.Create(80).Value(), PortRange.Create(80, 2).Value(), ReservationToken.Create(3).Value(), new ProcessId(4), new SocketId(5), new Holder(new ProcessId(4), new SocketId(5)),
            new ReservationInstance(PortRange.Create(80, 2).Value(), ReservationToken.Create(3).Value())];
        foreach (var value in values)
        {
            Assert.Equal(1, value.CompareTo(null));
            Assert.Throws<ArgumentException>(() => value.CompareTo(80));
        }
    }

    [Property]
    public Property Instances_order_by_block_then_token() =>
        Prop.ForAll(
            Arb.Zip(Arb.Zip(DomainArbitraries.PortRange(), DomainArbitraries.ReservationToken()), Arb.Zip(DomainArbitraries.PortRange(), DomainArbitraries.ReservationToken())),
            pair =>
            {
                var ((ra, ta), (rb, tb)) = pair;
                var expected = ra.Start.Value != rb.Start.Value ? Math.Sign(ra.Start.Value.CompareTo(rb.Start.Value))
                    : ra.Count != rb.Count ? Math.Sign(ra.Count.CompareTo(rb.Count))
                    : Math.Sign(ta.Value.CompareTo(tb.Value));
                return Agrees(new ReservationInstance(ra, ta), new ReservationInstance(rb, tb), expected);
            });

    /// <summary>Whether the non-generic CompareTo of <paramref name="a"/> and <paramref name="b"/> has the <paramref name="expectedSign"/>, both ways.</summary>
    private static bool Agrees<T>(T a, T b, int expectedSign)
        where T : IComparable =>
        Math.Sign(a.CompareTo(b)) == expectedSign && Math.Sign(b.CompareTo(a)) == -expectedSign && a.CompareTo(a) == 0;

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(65535)]
    public void FromNative_start_0_is_a_wildcard_for_that_many_ports(int count)
    {
        var request = ReservationRequest.FromNative(0, count).Value();
        Assert.IsType<ReservationRequest.Wildcard>(request);
        Assert.Equal(count, request.Count);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 65536)]
    [InlineData(0, -1)]
    [InlineData(-1, 1)]
    [InlineData(65536, 1)]
    [InlineData(1, 0)]
    [InlineData(65535, 2)]
    public void FromNative_refuses_invalid_input_with_WSAEINVAL(int start, int count) =>
        Assert.True(ReservationRequest.FromNative(start, count)
            .FailsWith<ReservationError.InvalidParameter, ReservationRequest>(WindowsCodes.WSAEINVAL));

    [Property]
    public Property FromNative_is_a_wildcard_for_start_0_else_the_block_PortRange_accepts_and_WSAEINVAL_otherwise() =>
        Prop.ForAll(Starts.Zip(Counts).ToArbitrary(), pair =>
        {
            var (start, count) = pair;
            var result = ReservationRequest.FromNative(start, count);
            if (start == 0)
            {
                return count is >= 1 and <= 65535
                    ? result.Match(r => r is ReservationRequest.Wildcard && r.Count == count, _ => false).Label("start 0 is a wildcard")
                    : result.FailsWith<ReservationError.InvalidParameter, ReservationRequest>(10022).Label("a wildcard count outside 1..65535 is WSAEINVAL");
            }

            return PortRange.Create(start, count).Match(
                Succ: range => result.Match(r => r == ReservationRequest.ForBlock(range), _ => false).Label("a valid block is a specific request"),
                Fail: _ => result.FailsWith<ReservationError.InvalidParameter, ReservationRequest>(10022).Label("an invalid block is WSAEINVAL"));
        });

    [Property]
    public Property ForAnyBlock_accepts_exactly_1_to_65535_ports() =>
        Prop.ForAll(Counts.ToArbitrary(), count =>
            count is >= 1 and <= 65535
                ? ReservationRequest.ForAnyBlock(count).Match(r => r.Count == count, _ => false)
                : ReservationRequest.ForAnyBlock(count).FailsWith<ReservationError.InvalidParameter, ReservationRequest>(WindowsCodes.WSAEINVAL));
}
