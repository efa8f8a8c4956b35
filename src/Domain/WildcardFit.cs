namespace PortReservation.Domain;

/// <summary>
/// Which free block a wildcard request gets. The documentation is silent; Windows is observed to pack
/// system-made blocks first fit from the bottom of the dynamic range, which is the default.
/// </summary>
public enum WildcardFit
{
    /// <summary>The lowest free block of the dynamic range large enough (the observed Windows default).</summary>
    FirstFitFromBottom,

    /// <summary>The highest free block of the dynamic range large enough.</summary>
    FirstFitFromTop,
}
