// The same program with the F# companion: Results, pipelines and active patterns instead of Fin and type tests.
open PortReservation.Adapters.Fake
open PortReservation.Domain
open PortReservation.FSharp

let wanted = [ 8443; 80; 443; 80 ] |> List.choose (Port.create >> Result.toOption) |> Set.ofList
printfn "ports %A" (wanted |> Set.toList |> List.map Port.number)

let machine = FakeWindows(FakeOptions.Default)
let web, cache = machine.Process(ProcessId 1L), machine.Process(ProcessId 2L)

let run =
    result {
        let! webBlock = PortRange.create 50000 10
        let! cacheBlock = PortRange.create 49152 4
        let owners = Map.ofList [ webBlock, ("web", web); cacheBlock, ("cache", cache) ]
        printfn "blocks %A" (owners |> Map.toList |> List.map (fun (r, (name, _)) -> string r, name))

        for KeyValue(range, (_, proc)) in owners do
            let! socket = proc |> ReservationPort.openSocket Protocol.Tcp
            let! _ = proc |> ReservationPort.acquire socket (Request.block range)
            ()

        let! late = cache |> ReservationPort.openSocket Protocol.Tcp
        let! asked = PortRange.create 50005 2
        match cache |> ReservationPort.acquire late (Request.block asked) with
        | Error(Conflict(_, _, Some held)) -> printfn "%O conflicts with %O, held by %s" asked held.Range (fst owners[held.Range])
        | other -> failwith $"expected a conflict, got {other}"
    }

match run with
| Ok() -> ()
| Error error -> failwith error.Message
