using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Testing;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>
/// The spec's error table as the tests expect it, written out here with literal numbers so that it does not
/// lean on the mapping it checks.
/// </summary>
internal static class CodeTable
{
    /// <summary>Every failure code of the spec's table.</summary>
    public static readonly int[] Codes =
    [
        87, // ERROR_INVALID_PARAMETER
        10022, // WSAEINVAL
        32, // ERROR_SHARING_VIOLATION
        10048, // WSAEADDRINUSE
        1168, // ERROR_NOT_FOUND
        5, // ERROR_ACCESS_DENIED
        10013, // WSAEACCES
        10055, // WSAENOBUFS
        10038, // WSAENOTSOCK
        10045, // WSAEOPNOTSUPP
        10004, // WSAEINTR
        995, // WSA_OPERATION_ABORTED
        10014, // WSAEFAULT
        997, // WSA_IO_PENDING
    ];

    public static readonly Gen<SocketId> SocketIds = Gen.Choose(1, 100_000).Select(n => new SocketId(n));

    public static readonly Gen<BindTarget> BindTargets =
        Gen.OneOf(DomainGenerators.Ports.Select(BindTarget.To), Gen.Constant(BindTarget.Any));

    /// <summary>Any native call the adapter makes, with any arguments.</summary>
    public static readonly Gen<NativeCall> Calls = Gen.OneOf(
        DomainGenerators.Protocols.Select(p => (NativeCall)new NativeCall.OpenSocket(p)),
        from s in SocketIds
        from p in DomainGenerators.Protocols
        from r in DomainGenerators.Requests
        select (NativeCall)new NativeCall.Acquire(s, p, r),
        from s in SocketIds
        from p in DomainGenerators.Protocols
        from t in DomainGenerators.Tokens
        from fresh in Gen.Elements(true, false)
        select (NativeCall)new NativeCall.Associate(s, p, t, fresh),
        from s in SocketIds
        from p in DomainGenerators.Protocols
        from target in BindTargets
        select (NativeCall)new NativeCall.Bind(s, p, target),
        from s in SocketIds
        from p in DomainGenerators.Protocols
        from t in DomainGenerators.Tokens
        select (NativeCall)new NativeCall.Release(s, p, t),
        from p in DomainGenerators.Protocols
        from r in DomainGenerators.Ranges
        from kind in Gen.Choose(0, 2)
        select kind switch
        {
            0 => (NativeCall)new NativeCall.CreatePersistent(p, r),
            1 => new NativeCall.DeletePersistent(p, r),
            _ => new NativeCall.LookupPersistent(p, r),
        });

    /// <summary>The case of <see cref="ReservationError"/> that <paramref name="code"/> from <paramref name="call"/> must become.</summary>
    public static Type ExpectedCase(int code, NativeCall call) =>
        code switch
        {
            87 => typeof(ReservationError.InvalidParameter),
            10022 => call is NativeCall.Release or NativeCall.Associate { SocketIsFresh: true }
                ? typeof(ReservationError.NotFound)
                : typeof(ReservationError.InvalidParameter),
            32 or 10048 => NamedBlock(call).IsSome ? typeof(ReservationError.Conflict) : typeof(ReservationError.Unexpected),
            1168 => typeof(ReservationError.NotFound),
            5 or 10013 => typeof(ReservationError.AccessDenied),
            10055 => typeof(ReservationError.Exhausted),
            10038 => SocketOf(call).IsSome ? typeof(ReservationError.NotASocket) : typeof(ReservationError.Unexpected),
            10045 => typeof(ReservationError.Unsupported),
            10004 or 995 => typeof(ReservationError.Cancelled),
            _ => typeof(ReservationError.Unexpected),
        };

    /// <summary>The block a call names, worked out from its arguments.</summary>
    public static Option<PortRange> NamedBlock(NativeCall call) =>
        call switch
        {
            NativeCall.Acquire { Request: ReservationRequest.Specific specific } => Some(specific.Range),
            NativeCall.Bind { Target: BindTarget.Explicit explicitPort } => Some(PortRange.Single(explicitPort.Port)),
            NativeCall.CreatePersistent create => Some(create.Range),
            NativeCall.DeletePersistent delete => Some(delete.Range),
            NativeCall.LookupPersistent lookup => Some(lookup.Range),
            _ => None,
        };

    /// <summary>The socket a call was made on, worked out from its arguments.</summary>
    public static Option<SocketId> SocketOf(NativeCall call) =>
        call switch
        {
            NativeCall.Acquire a => Some(a.On),
            NativeCall.Associate a => Some(a.On),
            NativeCall.Bind b => Some(b.On),
            NativeCall.Release r => Some(r.On),
            _ => None,
        };
}
