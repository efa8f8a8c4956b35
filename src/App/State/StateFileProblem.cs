using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;

namespace PortReservation.App.State;

/// <summary>The state file could not be read, written or locked, or is not a valid portres state file. It was left untouched.</summary>
/// <param name="Problem">What is wrong, naming the file.</param>
/// <param name="Advice">What the user can do about it.</param>
internal sealed record StateFileProblem(string Problem, string Advice)
    : Expected(Problem, ExitCodes.StateUnreadable, Option<Error>.None);
