/// FsCheck properties in F# over the testing kit's generators, through the companion library: Results,
/// the reservations { } expression and active patterns over the errors.
module PortReservation.FSharp.Tests.Properties

open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open PortReservation.Domain
open PortReservation.FSharp
open PortReservation.Testing

let private user n = Caller(ProcessId n, false)
let private admin n = Caller(ProcessId n, true)
let private emptyTable = Table.empty ReservationSettings.Default 1UL

/// The answer of a step that must succeed; the error otherwise fails the property with its message.
let private succeeds (result: Result<'a, ReservationError>) =
    match result with
    | Ok value -> value
    | Error error -> failwith $"expected success, got {error.Message}"

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``a Set of ports holds each port once, ascending`` (ports: Port list) =
    Set.toList (Set.ofList ports) = (ports |> List.distinct |> List.sortBy Port.number)

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``a Map keyed by blocks orders them by start, then count`` (ranges: PortRange list) =
    let keys = ranges |> List.map (fun r -> r, PortRange.count r) |> Map.ofList |> Map.keys |> List.ofSeq
    keys = (ranges |> List.distinct |> List.sortBy (fun r -> Port.number (PortRange.start r), PortRange.count r))

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``acquiring a block and releasing it leaves the reservations as they were`` (protocol: Protocol) (range: PortRange) =
    let roundTrip =
        reservations {
            let! socket = Table.openSocket (user 1L) protocol
            let! instance = Table.acquire (user 1L) socket (Request.block range)
            do! Table.release (user 1L) socket instance.Token
            return instance
        }

    let instance, after = roundTrip |> Step.run emptyTable |> succeeds
    instance.Range = range && Table.reservations after = Table.reservations emptyTable

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``a block that overlaps another process's runtime block is a conflict that names it and its holder`` (protocol: Protocol) (range: PortRange) =
    let attempt =
        reservations {
            let! holder = Table.openSocket (user 1L) protocol
            let! _ = Table.acquire (user 1L) holder (Request.block range)
            let! other = Table.openSocket (user 2L) protocol
            return! Table.acquire (user 2L) other (Request.block (PortRange.single (PortRange.last range)))
        }

    match attempt emptyTable with
    | Error(Conflict(p, requested, Some(Runtime holder as overlapping)) & WindowsCode 10048) -> // WSAEADDRINUSE
        p = protocol && requested = PortRange.single (PortRange.last range) && overlapping.Range = range && holder.Process = ProcessId 1L
    | other -> failwith $"expected a conflict with process 1's block, got {other}"

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``only the holder's process may release a runtime block`` (protocol: Protocol) (range: PortRange) =
    let attempt =
        reservations {
            let! holder = Table.openSocket (user 7L) protocol
            let! instance = Table.acquire (user 7L) holder (Request.block range)
            let! stranger = Table.openSocket (user 8L) protocol
            do! Table.release (user 8L) stranger instance.Token
            return instance.Token
        }

    match attempt emptyTable with
    | Error(NotOwner(_, holder) & WindowsCode 10013) -> holder = ProcessId 7L // WSAEACCES
    | other -> failwith $"expected NotOwner naming process 7, got {other}"

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``a persistent block round-trips through create, lookup and delete and is matched as persistent`` (protocol: Protocol) (range: PortRange) =
    let roundTrip =
        reservations {
            let! token = Table.createPersistent (admin 1L) protocol range
            let! found = Step.query (Table.lookupPersistent protocol range)
            let! created = Step.read (Table.find token)
            do! Table.deletePersistent (admin 1L) protocol range
            return token = found, created
        }

    let (sameToken, created), after = roundTrip |> Step.run emptyTable |> succeeds
    let isPersistent =
        match created with
        | Some Persistent -> true
        | Some(Runtime _)
        | None -> false

    sameToken && isPersistent && List.isEmpty (Table.reservations after)

[<Property>]
let ``a wildcard larger than the dynamic range is exhausted`` () =
    Prop.forAll (Arb.fromGen (Gen.zip DomainGenerators.SmallDynamicRanges DomainGenerators.Protocols)) (fun (dynamicPorts, protocol) ->
        let table = Table.empty (ReservationSettings(dynamicPorts, WildcardFit.FirstFitFromBottom)) 1UL
        let attempt =
            reservations {
                let! socket = Table.openSocket (user 1L) protocol
                let! request = Request.any (dynamicPorts.Range.Count + 1)
                return! Table.acquire (user 1L) socket request
            }

        match attempt table with
        | Error(Exhausted(p, _)) -> p = protocol
        | other -> failwith $"expected exhaustion, got {other}")

[<Property(Arbitrary = [| typeof<DomainArbitraries> |])>]
let ``default values are refused as invalid parameters`` (protocol: Protocol) =
    let socket, table = Table.openSocket (user 1L) protocol emptyTable |> succeeds
    let refused code (result: Result<'a * ReservationTable, ReservationError>) =
        match result with
        | Error(InvalidParameter _ & WindowsCode c) -> c = code
        | _ -> false

    refused 10022 (Table.acquire (user 1L) socket (Request.block Unchecked.defaultof<PortRange>) table) // WSAEINVAL
    && refused 10022 (Table.bind (user 1L) socket (Target.port Unchecked.defaultof<Port>) table)
    && refused 10022 (Table.release (user 1L) socket Unchecked.defaultof<ReservationToken> table)
    && refused 87 (Table.createPersistent (admin 1L) protocol Unchecked.defaultof<PortRange> table) // ERROR_INVALID_PARAMETER

[<Property>]
let ``Tcp and Udp are the only protocols a match needs`` () =
    Prop.forAll (Arb.fromGen DomainGenerators.Protocols) (fun protocol ->
        match protocol with
        | Tcp -> protocol = Protocol.Tcp
        | Udp -> protocol = Protocol.Udp)
