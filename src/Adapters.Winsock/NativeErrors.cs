using System.Net.Sockets;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;
using static PortReservation.Domain.WindowsCodes;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The one place where a Win32 or WinSock code becomes a <see cref="ReservationError"/>. Every error keeps
/// the code Windows gave (<see cref="ReservationError.WindowsCode"/>).
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>code</term><description>error</description></listheader>
/// <item><term>ERROR_INVALID_PARAMETER (87), WSAEINVAL (10022)</term><description>
/// InvalidParameter; except WSAEINVAL from SIO_RELEASE, and from SIO_ASSOCIATE on a socket neither bound
/// nor associated: there the adapter's buffers are always well formed, so the token is what Windows
/// rejected, and the error is NotFound, as the domain models an unknown token.</description></item>
/// <item><term>ERROR_SHARING_VIOLATION (32), WSAEADDRINUSE (10048)</term><description>
/// Conflict with the call's protocol and block (a specific acquire, an explicit bind, a persistent call);
/// Overlapping is none, as Windows does not say which block. A call that names no block (wildcard acquire,
/// automatic bind, associate, release, socket) cannot say what conflicted: Unexpected.</description></item>
/// <item><term>ERROR_NOT_FOUND (1168)</term><description>NotFound.</description></item>
/// <item><term>ERROR_ACCESS_DENIED (5), WSAEACCES (10013)</term><description>AccessDenied.</description></item>
/// <item><term>WSAENOBUFS (10055)</term><description>Exhausted.</description></item>
/// <item><term>WSAENOTSOCK (10038)</term><description>NotASocket on a socket call; Unexpected from an IP Helper function.</description></item>
/// <item><term>WSAEOPNOTSUPP (10045)</term><description>Unsupported.</description></item>
/// <item><term>WSAEINTR (10004), WSA_OPERATION_ABORTED (995)</term><description>Cancelled.</description></item>
/// <item><term>WSAEFAULT (10014), WSA_IO_PENDING (997), any other code</term><description>Unexpected, keeping the number.</description></item>
/// </list>
/// </remarks>
internal static class NativeErrors
{
    /// <summary>The error <paramref name="code"/> means when <paramref name="call"/> answers it.</summary>
    public static ReservationError ToError(int code, NativeCall call) =>
        code switch
        {
            ERROR_INVALID_PARAMETER => InvalidParameter(code, call),
            WSAEINVAL => call switch
            {
                NativeCall.Release release => UnknownToken(code, release.Protocol, release.Token),
                NativeCall.Associate { SocketIsFresh: true } associate => UnknownToken(code, associate.Protocol, associate.Token),
                NativeCall.Associate associate => new ReservationError.InvalidParameter(
                    $"{associate.On} is already bound or associated; associate a new socket before bind", code),
                _ => InvalidParameter(code, call),
            },
            ERROR_SHARING_VIOLATION or WSAEADDRINUSE => call.Block.Match<ReservationError>(
                Some: block => new ReservationError.Conflict(call.Protocol, block, None, code),
                None: () => Unexpected(code, call, "an address-in-use code from a call that names no block")),
            ERROR_NOT_FOUND => new ReservationError.NotFound(Subject(call), code),
            ERROR_ACCESS_DENIED or WSAEACCES => new ReservationError.AccessDenied(Refusal(call), code),
            WSAENOBUFS => new ReservationError.Exhausted(call.Protocol, Shortage(call), code),
            WSAENOTSOCK => call.Socket.Match<ReservationError>(
                Some: socket => new ReservationError.NotASocket(socket),
                None: () => Unexpected(code, call, "a not-a-socket code from a call without a socket")),
            WSAEOPNOTSUPP => new ReservationError.Unsupported(
                $"{call} failed: the socket is not TCP or UDP, or its provider cannot make port reservations"),
            WSAEINTR or WSA_OPERATION_ABORTED => new ReservationError.Cancelled(code),
            _ => Unexpected(code, call, "a code this library does not model"),
        };

    /// <summary>Success for <c>NO_ERROR</c>; otherwise the error <paramref name="code"/> means.</summary>
    public static Fin<Unit> Check(int code, NativeCall call) =>
        code == NO_ERROR ? FinSucc(unit) : FinFail<Unit>(ToError(code, call));

    /// <summary>
    /// The token a call answered with <paramref name="code"/>: the error the code means, or, when Windows
    /// reports success with token 0 (<c>INVALID_PORT_RESERVATION_TOKEN</c>), Unexpected with code 0.
    /// </summary>
    public static Fin<ReservationToken> Token(int code, ulong token, NativeCall call) =>
        code != NO_ERROR ? FinFail<ReservationToken>(ToError(code, call))
        : token == Interop.Winsock.INVALID_PORT_RESERVATION_TOKEN
            ? FinFail<ReservationToken>(Unexpected(code, call, "success with token 0, which is INVALID_PORT_RESERVATION_TOKEN"))
            : ReservationToken.Create(token);

    /// <summary>The WinSock code of a <see cref="SocketException"/>, on Windows and elsewhere alike.</summary>
    /// <remarks>
    /// <see cref="SocketException.SocketErrorCode"/> carries the WinSock number on every OS (on Windows it is
    /// the native code itself); only a code .NET does not know falls back to the native number.
    /// </remarks>
    public static int CodeOf(SocketException exception) =>
        exception.SocketErrorCode == SocketError.SocketError ? exception.NativeErrorCode : (int)exception.SocketErrorCode;

    /// <summary>Answers Unexpected, keeping <paramref name="code"/>, for a call whose result makes no sense.</summary>
    public static ReservationError Unexpected(int code, NativeCall call, string what) =>
        new ReservationError.Unexpected($"{call} answered {what}", code);

    private static ReservationError InvalidParameter(int code, NativeCall call) =>
        new ReservationError.InvalidParameter($"{call} rejected its arguments", code);

    private static ReservationError UnknownToken(int code, Protocol protocol, ReservationToken token) =>
        new ReservationError.NotFound($"no live {Name(protocol)} reservation of this process has token {token}", code);

    private static string Subject(NativeCall call) =>
        call switch
        {
            NativeCall.DeletePersistent or NativeCall.LookupPersistent or NativeCall.CreatePersistent =>
                call.Block.Match(
                    Some: block => $"no persistent {Name(call.Protocol)} reservation is exactly {block.Start}+{block.Count}",
                    None: () => call.ToString()),
            NativeCall.Release release => $"no live {Name(release.Protocol)} reservation of this process has token {release.Token}",
            NativeCall.Associate associate => $"no live {Name(associate.Protocol)} reservation has token {associate.Token}",
            _ => $"{call} found nothing",
        };

    private static string Refusal(NativeCall call) =>
        call switch
        {
            NativeCall.CreatePersistent => "creating a persistent reservation needs an elevated administrator",
            NativeCall.DeletePersistent => "deleting a persistent reservation needs an elevated administrator",
            NativeCall.Associate associate =>
                $"associating with the reservation of token {associate.Token} needs an elevated administrator (persistent) or the process that acquired it (runtime)",
            NativeCall.Release release => $"only the process that acquired the reservation of token {release.Token} may release it",
            NativeCall.Bind { Target: BindTarget.Explicit explicitPort } =>
                $"port {explicitPort.Port} lies in a runtime reservation of another process, or the system forbids it",
            _ => $"{call} was refused",
        };

    private static string Shortage(NativeCall call) =>
        call switch
        {
            NativeCall.Acquire { Request: ReservationRequest.Wildcard wildcard } =>
                $"no free block of {wildcard.Count} {Name(call.Protocol)} ports is left in the dynamic range",
            NativeCall.Bind { Target: BindTarget.Automatic } =>
                "no free port is left in the associated reservation, or in the dynamic range",
            _ => $"{call} ran out of buffer space",
        };

    private static string Name(Protocol protocol) => protocol == Protocol.Tcp ? "TCP" : "UDP";
}
