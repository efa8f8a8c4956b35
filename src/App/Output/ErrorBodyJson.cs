namespace PortReservation.App.Output;

/// <summary>What failed.</summary>
/// <param name="Kind">InvalidArgument, Conflict, NotFound, AccessDenied, Exhausted, StateUnreadable or Unexpected.</param>
/// <param name="Message">What was wrong and what to do.</param>
/// <param name="ExitCode">The exit code of the process.</param>
internal sealed record ErrorBodyJson(string Kind, string Message, int ExitCode);
