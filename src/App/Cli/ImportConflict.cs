using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.App.Cli;

/// <summary>A row of an import overlaps a reservation already in the table; nothing was imported.</summary>
/// <param name="Problem">Which row (its line, when it came from text) and which reservation, as one sentence without the advice.</param>
internal sealed record ImportConflict(string Problem) : Expected(Problem, ExitCodes.Conflict, Option<Error>.None);
