namespace PortReservation.Domain.Netsh;

/// <summary>
/// One row of <c>netsh int ipv4 show excludedportrange</c>: a block of ports, and whether netsh marks it
/// with <c>*</c> as administered (a persistent reservation) rather than held by a running component.
/// </summary>
/// <param name="Range">The excluded ports, from the row's start to its end.</param>
/// <param name="IsAdministered">Whether the row ends with <c>*</c>: a persistent reservation.</param>
public readonly record struct ExcludedPortRange(PortRange Range, bool IsAdministered)
    : IComparable<ExcludedPortRange>, IComparable
{
    /// <summary>Orders rows by block, then unstarred before starred.</summary>
    public int CompareTo(ExcludedPortRange other) =>
        Range.CompareTo(other.Range) is var byRange and not 0 ? byRange : IsAdministered.CompareTo(other.IsAdministered);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => IsAdministered ? $"{Range.Start}-{Range.End} *" : $"{Range.Start}-{Range.End}";
}
