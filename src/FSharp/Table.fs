namespace PortReservation.FSharp

open PortReservation.Domain

/// One transition of the reservation table: given a table, what it answers and the table after it, or the error Windows gives.
type Step<'a> = ReservationTable -> Result<'a * ReservationTable, ReservationError>

/// The rules of Windows port reservations over the pure table, with the table last so they read in a pipeline.
/// Transitions are Steps: apply one to a table to run it, or compose them in the reservations { } expression.
[<RequireQualifiedAccess>]
module Table =

    let private step (transition: LanguageExt.Fin<Transition<'a>>) : Result<'a * ReservationTable, ReservationError> =
        transition |> Fin.toResult |> Result.map (fun t -> t.Output, t.State)

    let private unitStep (transition: LanguageExt.Fin<Transition<LanguageExt.Unit>>) : Result<unit * ReservationTable, ReservationError> =
        transition |> Fin.toResult |> Result.map (fun t -> (), t.State)

    /// An empty table with these settings; tokens are drawn from the seed.
    let empty (settings: ReservationSettings) (tokenSeed: uint64) = ReservationTable.Empty(settings, tokenSeed)

    /// Every live reservation of both protocols, by protocol, then start.
    let reservations (table: ReservationTable) : Reservation list = List.ofSeq table.Reservations

    /// Every live reservation of one protocol, by start.
    let reservationsOf (protocol: Protocol) (table: ReservationTable) : Reservation list =
        Reservations.List(table, LanguageExt.Option<Protocol>.Some protocol) |> List.ofSeq

    /// The live reservation the token names.
    let find (token: ReservationToken) (table: ReservationTable) = table.Find token |> Opt.toOption

    /// The live reservation that holds the port.
    let covering (protocol: Protocol) (port: Port) (table: ReservationTable) = table.Covering(protocol, port) |> Opt.toOption

    /// Which reservation covers the port and what that means for a bind by the asking process.
    let explain (protocol: Protocol) (port: Port) (asker: ProcessId) (table: ReservationTable) =
        Reservations.Explain(table, protocol, port, asker) |> Fin.toResult

    /// The token of the persistent block of exactly this start and count (LookupPersistent{Tcp,Udp}PortReservation).
    let lookupPersistent (protocol: Protocol) (range: PortRange) (table: ReservationTable) =
        Reservations.LookupPersistent(table, protocol, range) |> Fin.toResult

    /// Opens a socket of the protocol for the caller.
    let openSocket (caller: Caller) (protocol: Protocol) : Step<SocketId> =
        fun table -> Reservations.OpenSocket(table, caller, protocol) |> step

    /// SIO_ACQUIRE_PORT_RESERVATION: a runtime reservation held by the socket.
    let acquire (caller: Caller) (socket: SocketId) (request: ReservationRequest) : Step<ReservationInstance> =
        fun table -> Reservations.Acquire(table, caller, socket, request) |> step

    /// SIO_ASSOCIATE_PORT_RESERVATION: the socket's automatic bind will draw from the reservation.
    let associate (caller: Caller) (socket: SocketId) (token: ReservationToken) : Step<unit> =
        fun table -> Reservations.Associate(table, caller, socket, token) |> unitStep

    /// Binds the socket; answers the port it got.
    let bind (caller: Caller) (socket: SocketId) (target: BindTarget) : Step<Port> =
        fun table -> Reservations.Bind(table, caller, socket, target) |> step

    /// SIO_RELEASE_PORT_RESERVATION: ends a runtime reservation the caller acquired.
    let release (caller: Caller) (socket: SocketId) (token: ReservationToken) : Step<unit> =
        fun table -> Reservations.Release(table, caller, socket, token) |> unitStep

    /// Closes the socket; answers the runtime reservations that ended with it.
    let closeSocket (caller: Caller) (socket: SocketId) : Step<Reservation list> =
        fun table -> Reservations.CloseSocket(table, caller, socket) |> step |> Result.map (fun (ended, t) -> List.ofSeq ended, t)

    /// The process is gone: its sockets close and its runtime reservations end. Answers those reservations.
    let endProcess (proc: ProcessId) : Step<Reservation list> =
        fun table ->
            let ended = Reservations.EndProcess(table, proc)
            Ok(List.ofSeq ended.Output, ended.State)

    /// CreatePersistent{Tcp,Udp}PortReservation: records the block and answers its token.
    let createPersistent (caller: Caller) (protocol: Protocol) (range: PortRange) : Step<ReservationToken> =
        fun table -> Reservations.CreatePersistent(table, caller, protocol, range) |> step

    /// DeletePersistent{Tcp,Udp}PortReservation: removes the persistent block of exactly this start and count.
    let deletePersistent (caller: Caller) (protocol: Protocol) (range: PortRange) : Step<unit> =
        fun table -> Reservations.DeletePersistent(table, caller, protocol, range) |> unitStep

/// Runs and composes Steps.
[<RequireQualifiedAccess>]
module Step =

    /// Runs the step on the table: what it answers and the table after it.
    let run (table: ReservationTable) (step: Step<'a>) = step table

    /// A step that answers the value and leaves the table as it is.
    let ofValue (value: 'a) : Step<'a> = fun table -> Ok(value, table)

    /// A step that fails with the error and leaves no table.
    let fail (error: ReservationError) : Step<'a> = fun _ -> Error error

    /// A plain Result as a step that leaves the table as it is.
    let ofResult (result: Result<'a, ReservationError>) : Step<'a> = fun table -> result |> Result.map (fun value -> value, table)

    /// A query of the table as a step that leaves the table as it is.
    let read (query: ReservationTable -> 'a) : Step<'a> = fun table -> Ok(query table, table)

    /// A query that may fail, as a step that leaves the table as it is.
    let query (query: ReservationTable -> Result<'a, ReservationError>) : Step<'a> =
        fun table -> query table |> Result.map (fun value -> value, table)

    /// The step, then the step its answer chooses; the first error stops the chain.
    let bind (next: 'a -> Step<'b>) (step: Step<'a>) : Step<'b> =
        fun table -> step table |> Result.bind (fun (value, after) -> next value after)

    /// The step with its answer mapped.
    let map (mapping: 'a -> 'b) (step: Step<'a>) : Step<'b> =
        fun table -> step table |> Result.map (fun (value, after) -> mapping value, after)

/// The builder of reservations { }: let! runs a Step (or takes the value of a Result), threading the table.
type StepBuilder() =
    member _.Return(value: 'a) : Step<'a> = Step.ofValue value
    member _.ReturnFrom(step: Step<'a>) : Step<'a> = step
    member _.ReturnFrom(result: Result<'a, ReservationError>) : Step<'a> = Step.ofResult result
    member _.Bind(step: Step<'a>, next: 'a -> Step<'b>) : Step<'b> = Step.bind next step
    member _.Bind(result: Result<'a, ReservationError>, next: 'a -> Step<'b>) : Step<'b> = Step.bind next (Step.ofResult result)
    member _.Zero() : Step<unit> = Step.ofValue ()
    member _.Delay(delayed: unit -> Step<'a>) : Step<'a> = fun table -> delayed () table
    member _.Combine(first: Step<unit>, second: Step<'a>) : Step<'a> = Step.bind (fun () -> second) first

    member _.For(items: seq<'a>, body: 'a -> Step<unit>) : Step<unit> =
        fun table ->
            use items = items.GetEnumerator()
            let mutable outcome = Ok((), table)
            while Result.isOk outcome && items.MoveNext() do
                outcome <- outcome |> Result.bind (fun ((), after) -> body items.Current after)
            outcome

/// The reservations { } computation expression.
[<AutoOpen>]
module StepExpression =

    /// Composes Steps and Results into one Step that threads the reservation table: the first error stops it.
    let reservations = StepBuilder()
