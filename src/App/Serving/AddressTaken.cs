using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;

namespace PortReservation.App.Serving;

/// <summary>Another server, or a file that is not a socket, already has the address <c>serve</c> was to listen on.</summary>
/// <param name="Problem">What holds the address, naming it.</param>
internal sealed record AddressTaken(string Problem) : Expected(Problem, ExitCodes.Conflict, Option<Error>.None);
