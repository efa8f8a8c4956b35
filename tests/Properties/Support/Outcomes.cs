using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Properties.Support;

/// <summary>Reads results of transitions in tests: the value, or the reservation error and its code.</summary>
internal static class Outcomes
{
    public static T Value<T>(this Fin<T> fin) => fin.ThrowIfFail();

    public static ReservationError Error<T>(this Fin<T> fin) =>
        fin.Match(
            Succ: value => throw new InvalidOperationException($"expected a failure, got {value}"),
            Fail: ReservationError.From);

    public static Option<ReservationError> ErrorOrNone<T>(this Fin<T> fin) =>
        fin.Match(Succ: _ => Option<ReservationError>.None, Fail: e => ReservationError.From(e));

    /// <summary>Whether the result is a failure of kind <typeparamref name="TError"/> with exactly <paramref name="code"/>.</summary>
    public static bool FailsWith<TError, T>(this Fin<T> fin, int code)
        where TError : ReservationError =>
        fin.Match(
            Succ: _ => false,
            Fail: e => ReservationError.From(e) is TError error && error.WindowsCode == code && error.Code == code);

    public static string Describe<T>(this Fin<T> fin) =>
        fin.Match(Succ: value => $"Succ({value})", Fail: e => $"Fail({e.GetType().Name} {e.Code})");
}
