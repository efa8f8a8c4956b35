// Ports and blocks as F# Set and Map keys, and a conflict recognised, with only the Domain and Fake packages.
open PortReservation.Adapters.Fake
open PortReservation.Domain

let port (n: int) = Port.Create(n).ThrowIfFail()
let block start count = PortRange.Create(start, count).ThrowIfFail()

let wanted = Set.ofList [ port 8443; port 80; port 443; port 80 ]
let owners = Map.ofList [ block 50000 10, "web"; block 49152 4, "cache" ]
printfn "ports %A" (wanted |> Set.toList |> List.map (fun p -> p.Value))
printfn "blocks %A" (owners |> Map.toList |> List.map (fun (r, name) -> string r, name))

let machine = FakeWindows(FakeOptions.Default)
let web = machine.Process(ProcessId 1L)
let cache = machine.Process(ProcessId 2L)
for KeyValue(range, name) in owners do
    let proc = if name = "web" then web else cache
    let socket = proc.OpenSocket(Protocol.Tcp).ThrowIfFail()
    proc.Acquire(socket, ReservationRequest.ForBlock range).ThrowIfFail() |> ignore

let late = cache.OpenSocket(Protocol.Tcp).ThrowIfFail()
let answer = cache.Acquire(late, ReservationRequest.ForBlock(block 50005 2))
let error = answer.Match((fun (_: ReservationInstance) -> None), (fun e -> Some(ReservationError.From e)))
let conflict =
    match error with
    | Some(:? ReservationError.Conflict as c) when c.Overlapping.IsSome -> c.Overlapping.Map(fun r -> r.Range).IfNone(block 1 1)
    | other -> failwith $"expected a conflict, got {other}"
printfn "50005+2 conflicts with %O, held by %s" conflict owners[conflict]
