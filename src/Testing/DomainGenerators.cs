using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Testing;

/// <summary>
/// Generators of valid domain values, built only through the domain's own factories. Reusable by any
/// test project; attach <see cref="DomainArbitraries"/> to a property class to get them by type.
/// </summary>
public static class DomainGenerators
{
    /// <summary>Either protocol.</summary>
    public static Gen<Protocol> Protocols { get; } = Gen.Elements(Protocol.Tcp, Protocol.Udp);

    /// <summary>Any port, with the boundaries 1 and 65535 and the dynamic range's edges weighted in.</summary>
    public static Gen<Port> Ports { get; } =
        Gen.Frequency(
            (6, Gen.Choose(Port.MinValue, Port.MaxValue)),
            (1, Gen.Elements(1, 2, 1023, 1024, 49151, 49152, 65534, 65535)))
        .Select(value => Port.Create(value).ThrowIfFail());

    /// <summary>Any valid block: start 1..65535, count 1..(65536 - start), small counts more often.</summary>
    public static Gen<PortRange> Ranges { get; } =
        from start in Gen.Choose(Port.MinValue, Port.MaxValue)
        from count in Gen.Frequency(
            (4, Gen.Choose(1, Math.Min(16, Port.MaxValue - start + 1))),
            (1, Gen.Choose(1, Port.MaxValue - start + 1)))
        select PortRange.Create(start, count).ThrowIfFail();

    /// <summary>Blocks inside <paramref name="within"/>, of at most <paramref name="maxCount"/> ports.</summary>
    public static Gen<PortRange> RangesWithin(PortRange within, int maxCount) =>
        from start in Gen.Choose(within.Start.Value, within.End.Value)
        from count in Gen.Choose(1, Math.Min(maxCount, within.End.Value - start + 1))
        select PortRange.Create(start, count).ThrowIfFail();

    /// <summary>A small dynamic range (so exhaustion is reachable) anywhere in the port space.</summary>
    public static Gen<DynamicPortRange> SmallDynamicRanges { get; } =
        from start in Gen.Choose(1024, 65000)
        from count in Gen.Choose(1, Math.Min(64, Port.MaxValue - start + 1))
        select DynamicPortRange.Create(start, count).ThrowIfFail();

    /// <summary>Wildcard or specific requests, with small counts.</summary>
    public static Gen<ReservationRequest> Requests { get; } =
        Gen.OneOf(
            Gen.Choose(1, 32).Select(count => ReservationRequest.ForAnyBlock(count).ThrowIfFail()),
            Ranges.Select(ReservationRequest.ForBlock));

    /// <summary>Non-zero tokens.</summary>
    public static Gen<ReservationToken> Tokens { get; } =
        ArbMap.Default.GeneratorFor<ulong>().Where(value => value != 0)
            .Select(value => ReservationToken.Create(value).ThrowIfFail());

    /// <summary>(start, count) pairs that are not valid blocks: zero, negative, past 65535, overflowing.</summary>
    public static Gen<(int Start, int Count)> InvalidBlocks { get; } =
        Gen.OneOf(
            Gen.Choose(int.MinValue, 0).Zip(Gen.Choose(1, 100)),
            Gen.Choose(Port.MaxValue + 1, int.MaxValue).Zip(Gen.Choose(1, 100)),
            Gen.Choose(1, Port.MaxValue).Zip(Gen.Choose(int.MinValue, 0)),
            Gen.Choose(1, Port.MaxValue).SelectMany(start => Gen.Choose(Port.MaxValue - start + 2, int.MaxValue).Select(count => (start, count))));
}

/// <summary>The domain generators as FsCheck arbitraries, for <c>[Properties(Arbitrary = new[] { typeof(DomainArbitraries) })]</c>.</summary>
public static class DomainArbitraries
{
    /// <summary>Any protocol.</summary>
    public static Arbitrary<Protocol> Protocol() => DomainGenerators.Protocols.ToArbitrary();

    /// <summary>Any port.</summary>
    public static Arbitrary<Port> Port() => DomainGenerators.Ports.ToArbitrary();

    /// <summary>Any valid block.</summary>
    public static Arbitrary<PortRange> PortRange() => DomainGenerators.Ranges.ToArbitrary();

    /// <summary>Any request.</summary>
    public static Arbitrary<ReservationRequest> ReservationRequest() => DomainGenerators.Requests.ToArbitrary();

    /// <summary>Any non-zero token.</summary>
    public static Arbitrary<ReservationToken> ReservationToken() => DomainGenerators.Tokens.ToArbitrary();

    /// <summary>Any small dynamic range.</summary>
    public static Arbitrary<DynamicPortRange> DynamicPortRange() => DomainGenerators.SmallDynamicRanges.ToArbitrary();
}
