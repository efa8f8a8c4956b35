using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// The state file of a <see cref="SharedFakeWindows"/> could not be read, written or locked, or is not a valid
/// state file (damaged, another program's, or of a newer format). It was left untouched, and nothing the
/// transaction did was kept.
/// </summary>
/// <param name="Problem">What is wrong, naming the file.</param>
/// <param name="Advice">What the user can do about it.</param>
public sealed record StateFileProblem(string Problem, string Advice)
    : Expected(Problem, 7, Option<Error>.None); // 7: the exit code portres gives it
