namespace PortReservation.FSharp

open PortReservation.Domain

/// Ports: TCP or UDP port numbers 1 to 65535.
[<RequireQualifiedAccess>]
module Port =

    /// The port with that number, or InvalidParameter (87) outside 1 to 65535.
    let create (number: int) : Result<Port, ReservationError> = Port.Create number |> Fin.toResult

    /// The port's number.
    let number (port: Port) = port.Value

/// Blocks of consecutive ports.
[<RequireQualifiedAccess>]
module PortRange =

    /// The block of count ports from start, or InvalidParameter (87).
    let create (start: int) (count: int) : Result<PortRange, ReservationError> = PortRange.Create(start, count) |> Fin.toResult

    /// The block of one port.
    let single (port: Port) = PortRange.Single port

    /// The block's first port.
    let start (range: PortRange) = range.Start

    /// How many ports the block holds.
    let count (range: PortRange) = range.Count

    /// The block's last port.
    let last (range: PortRange) = range.End

    /// Whether the port lies in the block.
    let contains (port: Port) (range: PortRange) = range.Contains port

    /// Whether the two blocks share a port.
    let overlaps (other: PortRange) (range: PortRange) = range.Overlaps other

    /// The ports both blocks hold, if any.
    let intersect (other: PortRange) (range: PortRange) = range.Intersect other |> Opt.toOption

    /// The block's ports, ascending.
    let ports (range: PortRange) : Port list = List.ofSeq range.Ports

/// Reservation tokens.
[<RequireQualifiedAccess>]
module Token =

    /// The token with that value, or InvalidParameter (WSAEINVAL) for 0, INVALID_PORT_RESERVATION_TOKEN.
    let create (value: uint64) : Result<ReservationToken, ReservationError> = ReservationToken.Create value |> Fin.toResult

    /// The token's value as the native APIs carry it.
    let value (token: ReservationToken) = token.Value

/// What a runtime acquire asks for.
[<RequireQualifiedAccess>]
module Request =

    /// Exactly this block.
    let block (range: PortRange) = ReservationRequest.ForBlock range

    /// Any free block of count ports from the dynamic range, or InvalidParameter (WSAEINVAL) outside 1 to 65535.
    let any (count: int) : Result<ReservationRequest, ReservationError> = ReservationRequest.ForAnyBlock count |> Fin.toResult

/// The port a bind asks for.
[<RequireQualifiedAccess>]
module Target =

    /// A bind to exactly this port.
    let port (port: Port) = BindTarget.To port

    /// An automatic bind (port 0): from the associated reservation, else from the dynamic range.
    let automatic = BindTarget.Any
