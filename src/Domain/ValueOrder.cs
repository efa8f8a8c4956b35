namespace PortReservation.Domain;

/// <summary>
/// The non-generic <see cref="IComparable.CompareTo(object?)"/> of the domain's values, as the BCL's own
/// values answer it: null sorts first, another type is an argument error. F#'s <c>comparison</c>
/// constraint (its <c>Set</c>, <c>Map</c> and <c>compare</c>) asks for this interface.
/// </summary>
internal static class ValueOrder
{
    public static int Compare<T>(T value, object? other)
        where T : notnull, IComparable<T>? =>
        other switch
        {
            null => 1,
            T same => value.CompareTo(same),
            _ => throw new ArgumentException($"a {typeof(T).Name} compares only with another {typeof(T).Name}, not with {other.GetType().Name}", nameof(other)),
        };
}
