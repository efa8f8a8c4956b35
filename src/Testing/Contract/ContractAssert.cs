using LanguageExt;
using PortReservation.Domain;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>Assertions on the <see cref="Fin{A}"/> answers of the port interfaces: success, or the error's case and Windows code.</summary>
public static class ContractAssert
{
    /// <summary>The value of a successful <paramref name="result"/>; fails the test naming <paramref name="what"/> otherwise.</summary>
    public static T Succeeds<T>(Fin<T> result, string what) =>
        result.Match(
            Succ: value => value,
            Fail: error => throw new XunitException($"{what}: expected success, got {Describe(ReservationError.From(error))}"));

    /// <summary>The error of a failed <paramref name="result"/>; fails the test naming <paramref name="what"/> when it succeeded.</summary>
    public static ReservationError Fails<T>(Fin<T> result, string what) =>
        result.Match(
            Succ: value => throw new XunitException($"{what}: expected an error, got success ({value})"),
            Fail: ReservationError.From);

    /// <summary>The error as case <typeparamref name="TError"/>, after checking that it is that case with Windows code <paramref name="code"/>.</summary>
    public static TError Is<TError>(this ReservationError error, int code)
        where TError : ReservationError
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is not TError expected || error.WindowsCode != code)
        {
            throw new XunitException($"expected {typeof(TError).Name} with code {code}, got {Describe(error)}");
        }

        return expected;
    }

    /// <summary>The case and code of <paramref name="error"/>, then its message.</summary>
    public static string Describe(ReservationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"{error.GetType().Name} {error.WindowsCode} ({error.Message})";
    }
}
