namespace PortReservation.App.Cli;

/// <summary>The exit codes of the command-line contract (spec/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure.</summary>
    public const int Unexpected = 1;

    /// <summary>Invalid arguments or parameters.</summary>
    public const int InvalidArgument = 2;

    /// <summary>The block overlaps a reservation or a port in use.</summary>
    public const int Conflict = 3;

    /// <summary>Nothing matches.</summary>
    public const int NotFound = 4;

    /// <summary>The caller lacks the right.</summary>
    public const int AccessDenied = 5;

    /// <summary>No free block of that size, or no free port left.</summary>
    public const int Exhausted = 6;

    /// <summary>The state file cannot be read or is not valid; it was left untouched.</summary>
    public const int StateUnreadable = 7;

    /// <summary>replay or selftest found calls the fake answers differently from the trace or the machine.</summary>
    public const int Differences = 8;

    /// <summary>COMMAND was found but could not be started (as env, timeout and shells answer).</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>COMMAND was not found (as env, timeout and shells answer).</summary>
    public const int CommandNotFound = 127;
}
