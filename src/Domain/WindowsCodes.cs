namespace PortReservation.Domain;

/// <summary>
/// The Win32 and WinSock codes Windows gives on the paths this library models, in native spelling.
/// Adapters and the command line translate codes through <see cref="ReservationError"/>, never by hand.
/// </summary>
public static class WindowsCodes
{
    /// <summary>NO_ERROR: the call succeeded.</summary>
    public const int NO_ERROR = 0;

    /// <summary>ERROR_ACCESS_DENIED: the caller is not an elevated administrator.</summary>
    public const int ERROR_ACCESS_DENIED = 5;

    /// <summary>ERROR_SHARING_VIOLATION: the block overlaps a reservation or a port in use.</summary>
    public const int ERROR_SHARING_VIOLATION = 32;

    /// <summary>ERROR_INVALID_PARAMETER: a zero start or count, or a block past port 65535.</summary>
    public const int ERROR_INVALID_PARAMETER = 87;

    /// <summary>WSA_OPERATION_ABORTED: the request was cancelled.</summary>
    public const int WSA_OPERATION_ABORTED = 995;

    /// <summary>WSA_IO_PENDING: an overlapped operation is still running.</summary>
    public const int WSA_IO_PENDING = 997;

    /// <summary>ERROR_NOT_FOUND: no persistent block with exactly that start and count.</summary>
    public const int ERROR_NOT_FOUND = 1168;

    /// <summary>WSAEINTR: the socket was closed during the call.</summary>
    public const int WSAEINTR = 10004;

    /// <summary>WSAEACCES: access forbidden (a port inside another process's runtime block, or a persistent block without elevation).</summary>
    public const int WSAEACCES = 10013;

    /// <summary>WSAEFAULT: a buffer pointer is not valid.</summary>
    public const int WSAEFAULT = 10014;

    /// <summary>WSAEINVAL: an argument is not valid (for example an output buffer smaller than the instance).</summary>
    public const int WSAEINVAL = 10022;

    /// <summary>WSAENOTSOCK: the handle is not a socket.</summary>
    public const int WSAENOTSOCK = 10038;

    /// <summary>WSAEOPNOTSUPP: not a TCP or UDP socket, or the provider does not support reservations.</summary>
    public const int WSAEOPNOTSUPP = 10045;

    /// <summary>WSAEADDRINUSE: the block overlaps a reservation or a port in use.</summary>
    public const int WSAEADDRINUSE = 10048;

    /// <summary>WSAENOBUFS: no free block or no free port is left.</summary>
    public const int WSAENOBUFS = 10055;
}

/// <summary>
/// The codes no public source confirms. They live here alone so that a run on Windows can correct
/// each of them in one edit; every rule that fails with one of these reads it from this class.
/// </summary>
public static class UnverifiedCodes
{
    /// <summary>A wildcard request finds no free block of its size in the dynamic range. Unverified: the docs say only "fails".</summary>
    public const int WildcardExhausted = WindowsCodes.WSAENOBUFS;

    /// <summary>An automatic bind on an associated socket finds no free port in its reservation. Unverified: the docs say only "fails".</summary>
    public const int ReservationExhausted = WindowsCodes.WSAENOBUFS;

    /// <summary>An automatic bind on an unassociated socket finds no free port in the dynamic range. Unverified.</summary>
    public const int DynamicRangeExhausted = WindowsCodes.WSAENOBUFS;

    /// <summary>Release or associate from a process that did not acquire the runtime reservation. Unverified.</summary>
    public const int NotOwner = WindowsCodes.WSAEACCES;

    /// <summary>Release or associate with a token that names no live reservation of the socket's protocol. Unverified.</summary>
    public const int UnknownToken = WindowsCodes.WSAEINVAL;

    /// <summary>Associate or bind on a socket that is already bound or already associated. Unverified.</summary>
    public const int SocketStateInvalid = WindowsCodes.WSAEINVAL;
}
