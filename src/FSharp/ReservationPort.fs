namespace PortReservation.FSharp

open PortReservation.Domain
open PortReservation.Domain.Ports

/// What one process can do through an adapter (the fake, Winsock or another), with Results and the process last.
[<RequireQualifiedAccess>]
module ReservationPort =

    /// Opens a socket of the protocol.
    let openSocket (protocol: Protocol) (proc: IReservationPort) = proc.OpenSocket protocol |> Fin.toResult

    /// SIO_ACQUIRE_PORT_RESERVATION: reserves a block held by the socket.
    let acquire (socket: SocketId) (request: ReservationRequest) (proc: IReservationPort) = proc.Acquire(socket, request) |> Fin.toResult

    /// SIO_ASSOCIATE_PORT_RESERVATION: the unbound socket's automatic bind will draw from the reservation.
    let associate (socket: SocketId) (token: ReservationToken) (proc: IReservationPort) = proc.Associate(socket, token) |> Fin.toUnitResult

    /// Binds the socket; answers the port it got.
    let bind (socket: SocketId) (target: BindTarget) (proc: IReservationPort) = proc.Bind(socket, target) |> Fin.toResult

    /// SIO_RELEASE_PORT_RESERVATION: ends a runtime reservation the process acquired.
    let release (socket: SocketId) (token: ReservationToken) (proc: IReservationPort) = proc.Release(socket, token) |> Fin.toUnitResult

    /// Closes the socket; the runtime reservations acquired on it end.
    let close (socket: SocketId) (proc: IReservationPort) = proc.Close socket |> Fin.toUnitResult

    /// CreatePersistent{Tcp,Udp}PortReservation: records the block and answers its token.
    let createPersistent (protocol: Protocol) (range: PortRange) (proc: IReservationPort) = proc.Create(protocol, range) |> Fin.toResult

    /// DeletePersistent{Tcp,Udp}PortReservation: removes the block of exactly this start and count.
    let deletePersistent (protocol: Protocol) (range: PortRange) (proc: IReservationPort) = proc.Delete(protocol, range) |> Fin.toUnitResult

    /// LookupPersistent{Tcp,Udp}PortReservation: the token of the block of exactly this start and count.
    let lookupPersistent (protocol: Protocol) (range: PortRange) (proc: IReservationPort) = proc.Lookup(protocol, range) |> Fin.toResult

    /// Every live reservation the adapter can see, of one protocol or both, by protocol, then start.
    let list (protocol: Protocol option) (proc: IReservationPort) =
        proc.List(Opt.ofOption protocol) |> Fin.toResult |> Result.map List.ofSeq

    /// Which reservation covers the port and what that means for a bind by this process.
    let explain (protocol: Protocol) (port: Port) (proc: IReservationPort) = proc.Explain(protocol, port) |> Fin.toResult

    /// The dynamic range automatic binds and wildcard blocks come from.
    let dynamicPorts (proc: IReservationPort) = proc.DynamicPorts() |> Fin.toResult
