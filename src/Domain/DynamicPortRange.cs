using LanguageExt;

namespace PortReservation.Domain;

/// <summary>
/// The dynamic (ephemeral) port range: where wildcard blocks and automatic binds come from. This
/// model uses one range for both protocols, as Windows does by default.
/// </summary>
/// <param name="Range">The ports of the dynamic range.</param>
public sealed record DynamicPortRange(PortRange Range)
{
    /// <summary>The Windows default since Vista: 49152-65535 (16,384 ports).</summary>
    public static DynamicPortRange Default { get; } = new(PortRange.Create(49152, 16384).ThrowIfFail());

    /// <summary>The range of <paramref name="count"/> ports from <paramref name="start"/>, validated as any block is.</summary>
    public static Fin<DynamicPortRange> Create(int start, int count) =>
        PortRange.Create(start, count).Map(range => new DynamicPortRange(range));

    /// <summary>Whether <paramref name="port"/> is in the dynamic range.</summary>
    public bool Contains(Port port) => Range.Contains(port);
}
