namespace PortReservation.FSharp

open PortReservation.Domain

/// Active patterns over the core's closed cases, so F# matches them completely and without type tests.
[<AutoOpen>]
module Patterns =

    /// The two port spaces. The enum takes no other value from the core; another number is refused.
    let (|Tcp|Udp|) (protocol: Protocol) =
        match protocol with
        | Protocol.Tcp -> Tcp
        | Protocol.Udp -> Udp
        | other -> invalidArg (nameof protocol) $"{int other} is not a protocol: TCP is {int Protocol.Tcp}, UDP {int Protocol.Udp}"

    /// A reservation is persistent (administered, no holder) or runtime, with the socket and process that hold it.
    let (|Persistent|Runtime|) (reservation: Reservation) =
        match reservation with
        | :? Reservation.Runtime as runtime -> Runtime runtime.Holder
        | _ -> Persistent

    /// A runtime acquire asks for a specific block or for any block of a size.
    let (|Specific|Wildcard|) (request: ReservationRequest) =
        match request with
        | :? ReservationRequest.Specific as specific -> Specific specific.Range
        | _ -> Wildcard request.Count

    /// A bind asks for a port, or lets the system choose.
    let (|Explicit|Automatic|) (target: BindTarget) =
        match target with
        | :? BindTarget.Explicit as explicitPort -> Explicit explicitPort.Port
        | _ -> Automatic

    /// What an explicit bind to a port would do.
    let (|Allowed|AccessForbidden|InUse|) (verdict: BindVerdict) =
        match verdict with
        | BindVerdict.Allowed -> Allowed
        | BindVerdict.AccessForbidden -> AccessForbidden
        | BindVerdict.InUse -> InUse
        | other -> invalidArg (nameof verdict) $"{int other} is not a bind verdict"

    /// The Windows code any error carries (Win32 or WinSock).
    let (|WindowsCode|) (error: ReservationError) = error.WindowsCode

    /// A parameter is not valid (ERROR_INVALID_PARAMETER or WSAEINVAL): what is wrong with it.
    let (|InvalidParameter|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.InvalidParameter as e -> Some e.Reason
        | _ -> None

    /// The block overlaps a live reservation (given) or holds a port in use (none): the protocol, the block asked for and the reservation in the way.
    let (|Conflict|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.Conflict as e -> Some(e.Protocol, e.Requested, Opt.toOption e.Overlapping)
        | _ -> None

    /// Nothing matches (ERROR_NOT_FOUND, or WSAEINVAL for an unknown token): what was looked for.
    let (|NotFound|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.NotFound as e -> Some e.Subject
        | _ -> None

    /// The caller lacks the right (ERROR_ACCESS_DENIED or WSAEACCES): what was refused and why.
    let (|AccessDenied|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.AccessDenied as e -> Some e.Reason
        | _ -> None

    /// No free block of the size asked for, or no free port left in a reservation: the protocol and what ran out.
    let (|Exhausted|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.Exhausted as e -> Some(e.Protocol, e.Reason)
        | _ -> None

    /// Another process than the holder released or associated a runtime reservation: its token and its holder's process.
    let (|NotOwner|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.NotOwner as e -> Some(e.Token, e.Holder)
        | _ -> None

    /// The socket is not an open socket of the caller (WSAENOTSOCK).
    let (|NotASocket|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.NotASocket as e -> Some e.Socket
        | _ -> None

    /// The platform or socket cannot make reservations (WSAEOPNOTSUPP): why not.
    let (|Unsupported|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.Unsupported as e -> Some e.Reason
        | _ -> None

    /// The call was interrupted (WSAEINTR or WSA_OPERATION_ABORTED).
    let (|Cancelled|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.Cancelled -> Some()
        | _ -> None

    /// A code the core does not model: where it came from.
    let (|Unexpected|_|) (error: ReservationError) =
        match error with
        | :? ReservationError.Unexpected as e -> Some e.Detail
        | _ -> None
