using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Fidelity;
using PortReservation.App.Running;
using PortReservation.Domain;

namespace PortReservation.App.Cli;

/// <summary>
/// The one place where an error becomes an exit code, a JSON kind and a sentence for the user. Every
/// command reports its failures through <see cref="Describe"/>.
/// </summary>
internal static class Failures
{
    private const string SeeShow = "'portres show' lists the reservations";

    /// <summary>The report of <paramref name="error"/> raised by <paramref name="command"/> (for example "add").</summary>
    public static FailureReport Describe(Error error, string command) => error switch
    {
        ReservationError.InvalidParameter e => new("InvalidArgument", ExitCodes.InvalidArgument,
            Join(e.Message, $"see 'portres {command} --help' for the values it takes")),
        ReservationError.Conflict e => new("Conflict", ExitCodes.Conflict,
            Join(e.Message, $"choose a block that no reservation and no program holds ({SeeShow})")),
        ReservationError.NotFound e => new("NotFound", ExitCodes.NotFound,
            Join(e.Message, $"{SeeShow}; delete and lookup take a persistent block's exact start and count, release a live runtime block's token")),
        ReservationError.AccessDenied e => new("AccessDenied", ExitCodes.AccessDenied,
            Join(e.Message, "run without --unelevated (on Windows: from an elevated prompt)")),
        ReservationError.NotOwner e => new("AccessDenied", ExitCodes.AccessDenied,
            Join(e.Message, $"the reservation ends when process {e.Holder} exits")),
        ReservationError.Exhausted e => new("Exhausted", ExitCodes.Exhausted,
            Join(e.Message, $"ask for fewer ports, or free some ({SeeShow})")),
        ReservationError.Unsupported e => new("Unexpected", ExitCodes.Unexpected,
            Join(e.Message, "use --adapter fake")),
        ImportConflict e => new("Conflict", ExitCodes.Conflict,
            Join(e.Problem, "nothing was imported; add --replace to empty that protocol's table first, or delete the reservation in the way")),
        UsageProblem e => new("InvalidArgument", ExitCodes.InvalidArgument,
            Join(e.Problem, command.Length == 0 ? "see 'portres --help'" : $"see 'portres {command} --help'")),
        Serving.AddressTaken e => new("Conflict", ExitCodes.Conflict, Join(e.Problem, "nothing was started")),
        StateFileProblem e => new("StateUnreadable", ExitCodes.StateUnreadable, Join(e.Problem, e.Advice)),
        SelfTestProblem e => new("Unexpected", ExitCodes.Unexpected,
            Join(e.Problem, "everything the selftest reserved was released or deleted")),
        CommandNotStarted e => new("Unexpected", e.ExitCode,
            Join(e.Problem, "check the command name and PATH; the reservation was released")),
        _ => new("Unexpected", ExitCodes.Unexpected,
            Join($"Unexpected failure: {error.Message}", "this is a bug or a system fault; please report it with the command you ran")),
    };

    /// <summary>One sentence: the problem, then the advice.</summary>
    private static string Join(string problem, string advice) => $"{problem.TrimEnd().TrimEnd('.')}; {advice}.";
}
