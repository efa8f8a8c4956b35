using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.App.Cli;

/// <summary>The command line itself is wrong: an unknown option, a missing value, a value that is not a number.</summary>
/// <param name="Problem">What was wrong, as one sentence without the advice.</param>
internal sealed record UsageProblem(string Problem) : Expected(Problem, ExitCodes.InvalidArgument, Option<Error>.None);
