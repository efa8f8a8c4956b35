namespace PortReservation.App.Cli;

/// <summary>How a failure is shown: its kind in JSON, the exit code, and one sentence that says what was wrong and what to do.</summary>
/// <param name="Kind">One of the contract's kinds: InvalidArgument, Conflict, NotFound, AccessDenied, Exhausted, StateUnreadable, Unexpected.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Sentence">What was wrong and what to do.</param>
internal sealed record FailureReport(string Kind, int ExitCode, string Sentence);
