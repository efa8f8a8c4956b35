using PortReservation.Domain;

namespace PortReservation.Recording;

/// <summary>The names a trace gives the cases of <see cref="ReservationError"/>.</summary>
public static class ErrorKinds
{
    /// <summary>Every name a trace may hold.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ReservationError.InvalidParameter),
        nameof(ReservationError.Conflict),
        nameof(ReservationError.NotFound),
        nameof(ReservationError.AccessDenied),
        nameof(ReservationError.Exhausted),
        nameof(ReservationError.NotOwner),
        nameof(ReservationError.NotASocket),
        nameof(ReservationError.Unsupported),
        nameof(ReservationError.Cancelled),
        nameof(ReservationError.Unexpected),
    };

    /// <summary>The name of <paramref name="error"/>'s case.</summary>
    public static string Of(ReservationError error) => error switch
    {
        ReservationError.InvalidParameter => nameof(ReservationError.InvalidParameter),
        ReservationError.Conflict => nameof(ReservationError.Conflict),
        ReservationError.NotFound => nameof(ReservationError.NotFound),
        ReservationError.AccessDenied => nameof(ReservationError.AccessDenied),
        ReservationError.Exhausted => nameof(ReservationError.Exhausted),
        ReservationError.NotOwner => nameof(ReservationError.NotOwner),
        ReservationError.NotASocket => nameof(ReservationError.NotASocket),
        ReservationError.Unsupported => nameof(ReservationError.Unsupported),
        ReservationError.Cancelled => nameof(ReservationError.Cancelled),
        _ => nameof(ReservationError.Unexpected),
    };
}
