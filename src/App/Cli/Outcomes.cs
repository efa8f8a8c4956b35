using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.App.Cli;

/// <summary>Turns a command's result into its exit code.</summary>
internal static class Outcomes
{
    /// <summary>
    /// <paramref name="succeeded"/> of the value, or <paramref name="failed"/> of the error. Unlike
    /// <c>Fin.Match</c>, a generic virtual method that Native AOT resolves for a value-type result by
    /// building the instantiation at run time, this is an ordinary generic method compiled ahead of time.
    /// </summary>
    public static int ExitCode<T>(this Fin<T> result, Func<T, int> succeeded, Func<Error, int> failed) =>
        result.IsSucc ? succeeded((T)result) : failed((Error)result);
}
