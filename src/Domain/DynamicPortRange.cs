using LanguageExt;

namespace PortReservation.Domain;

/// <summary>
/// The dynamic (ephemeral) port range: where wildcard blocks and automatic binds come from. This
/// model uses one range for both protocols, as Windows does by default. It is made only through
/// <see cref="Create"/> or <see cref="Of"/>, so it always holds a valid block.
/// </summary>
public sealed record DynamicPortRange
{
    private DynamicPortRange(PortRange range) => Range = range;

    /// <summary>The Windows default since Vista: 49152-65535 (16,384 ports).</summary>
    public static DynamicPortRange Default { get; } = new(PortRange.Create(49152, 16384).ThrowIfFail());

    /// <summary>The ports of the dynamic range.</summary>
    public PortRange Range { get; }

    /// <summary>The range of <paramref name="count"/> ports from <paramref name="start"/>, validated as any block is.</summary>
    public static Fin<DynamicPortRange> Create(int start, int count) =>
        PortRange.Create(start, count).Map(range => new DynamicPortRange(range));

    /// <summary>The range of exactly <paramref name="range"/>; <c>default(PortRange)</c> is refused with ERROR_INVALID_PARAMETER.</summary>
    public static Fin<DynamicPortRange> Of(PortRange range) =>
        PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER).Map(valid => new DynamicPortRange(valid));

    /// <summary>Whether <paramref name="port"/> is in the dynamic range.</summary>
    public bool Contains(Port port) => Range.Contains(port);
}
