using LanguageExt;
using LanguageExt.Common;

namespace PortReservation.Domain;

/// <summary>
/// Every way a reservation operation can fail, each carrying the Win32 or WinSock code Windows gives on
/// that path (<see cref="Error.Code"/> is the same number). The cases are closed: no one outside this
/// assembly can add one, so a switch over them is complete.
/// </summary>
public abstract record ReservationError : Expected
{
    private protected ReservationError(string message, int windowsCode)
        : base(message, windowsCode, Option<Error>.None)
    {
    }

    /// <summary>The Win32 or WinSock code Windows gives on this path.</summary>
    public int WindowsCode => Code;

    /// <summary>A parameter is not valid: ERROR_INVALID_PARAMETER (87) or WSAEINVAL (10022).</summary>
    /// <param name="Reason">What is wrong with it.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record InvalidParameter(string Reason, int Code)
        : ReservationError($"Invalid parameter: {Reason}.", Code);

    /// <summary>
    /// The block overlaps a live reservation or a port in use: ERROR_SHARING_VIOLATION (32) for the
    /// persistent store, WSAEADDRINUSE (10048) for sockets.
    /// </summary>
    /// <param name="Protocol">The port space.</param>
    /// <param name="Requested">The block (or single port) asked for.</param>
    /// <param name="Overlapping">The reservation it overlaps; none when a port of it is in use.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record Conflict(Protocol Protocol, PortRange Requested, Option<Reservation> Overlapping, int Code)
        : ReservationError(Describe(Protocol, Requested, Overlapping), Code)
    {
        private static string Describe(Protocol protocol, PortRange requested, Option<Reservation> overlapping) =>
            overlapping.Match(
                Some: r => $"{Name(protocol)} {requested} overlaps the {(r is Reservation.Persistent ? "persistent" : "runtime")} reservation {r.Range} (token {r.Token}).",
                None: () => $"{Name(protocol)} {requested} includes a port that is already in use.");
    }

    /// <summary>Nothing matches: ERROR_NOT_FOUND (1168) for the persistent store, WSAEINVAL for an unknown token.</summary>
    /// <param name="Subject">What was looked for.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record NotFound(string Subject, int Code)
        : ReservationError($"Not found: {Subject}.", Code);

    /// <summary>The caller lacks the right: ERROR_ACCESS_DENIED (5) or WSAEACCES (10013).</summary>
    /// <param name="Reason">What was refused and why.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record AccessDenied(string Reason, int Code)
        : ReservationError($"Access denied: {Reason}.", Code);

    /// <summary>No free block of the size asked for, or no free port left in a reservation: WSAENOBUFS (unverified).</summary>
    /// <param name="Protocol">The port space.</param>
    /// <param name="Reason">What ran out.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record Exhausted(Protocol Protocol, string Reason, int Code)
        : ReservationError($"Exhausted: {Reason}.", Code);

    /// <summary>A process other than the holder tried to release or associate a runtime reservation.</summary>
    /// <param name="Token">The reservation's token.</param>
    /// <param name="Holder">The process that holds it.</param>
    /// <param name="Code">The code of the path.</param>
    public sealed record NotOwner(ReservationToken Token, ProcessId Holder, int Code)
        : ReservationError($"The runtime reservation {Token} belongs to process {Holder}; only it may use or release it.", Code);

    /// <summary>The socket does not exist for the caller: WSAENOTSOCK (10038).</summary>
    /// <param name="Socket">The socket named.</param>
    public sealed record NotASocket(SocketId Socket)
        : ReservationError($"{Socket} is not an open socket of the calling process.", WindowsCodes.WSAENOTSOCK);

    /// <summary>The platform or socket cannot make reservations: WSAEOPNOTSUPP (10045).</summary>
    /// <param name="Reason">Why not, and what would work.</param>
    public sealed record Unsupported(string Reason)
        : ReservationError($"Not supported: {Reason}.", WindowsCodes.WSAEOPNOTSUPP);

    /// <summary>The call was interrupted: WSAEINTR (10004) or WSA_OPERATION_ABORTED (995).</summary>
    /// <param name="Code">The code Windows gave.</param>
    public sealed record Cancelled(int Code)
        : ReservationError("The call was interrupted: the socket was closed or the request cancelled.", Code);

    /// <summary>A code this library does not model; the number is kept.</summary>
    /// <param name="Detail">Where it came from.</param>
    /// <param name="Code">The code as Windows gave it.</param>
    public sealed record Unexpected(string Detail, int Code)
        : ReservationError($"Unexpected error {Code}: {Detail}.", Code);

    /// <summary>The reservation error an <see cref="Error"/> carries; any other error becomes <see cref="Unexpected"/>.</summary>
    public static ReservationError From(Error error) =>
        error as ReservationError ?? new Unexpected(error.Message, error.Code);

    private static string Name(Protocol protocol) => protocol == Protocol.Tcp ? "TCP" : "UDP";
}
