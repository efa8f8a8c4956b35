using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.App.Running;

/// <summary>The reservation was granted but COMMAND could not be started; the reservation was released.</summary>
/// <param name="Problem">What went wrong, naming COMMAND.</param>
/// <param name="ExitCode">127 when COMMAND was not found, 126 when it could not be executed.</param>
internal sealed record CommandNotStarted(string Problem, int ExitCode)
    : Expected(Problem, ExitCode, Option<Error>.None);
