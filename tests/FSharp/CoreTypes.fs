/// The core's values used as F# uses values, without the companion library: comparison, Set and Map keys,
/// sorting, and recognising an error by its type.
module PortReservation.FSharp.Tests.CoreTypes

open PortReservation.Adapters.Fake
open PortReservation.Domain
open Xunit

let private port n = Port.Create(n).ThrowIfFail()
let private range start count = PortRange.Create(start, count).ThrowIfFail()

[<Fact>]
let ``ports are F# Set elements, ordered by number`` () =
    let ports = Set.ofList [ port 443; port 80; port 8080; port 80 ]
    Assert.Equal<int list>([ 80; 443; 8080 ], ports |> Set.toList |> List.map (fun p -> p.Value))

[<Fact>]
let ``blocks are F# Map keys, ordered by start, then count`` () =
    let byRange = Map.ofList [ range 5000 10, "b"; range 4000 2, "a"; range 5000 3, "c" ]
    Assert.Equal<string list>([ "a"; "c"; "b" ], byRange |> Map.toList |> List.map snd)
    Assert.Equal("c", byRange[range 5000 3])

[<Fact>]
let ``F#'s compare, sort and max follow the numbers`` () =
    Assert.True(compare (port 1) (port 65535) < 0)
    Assert.True(compare (range 10 5) (range 10 6) < 0)
    Assert.Equal<uint64 list>([ 1UL; 7UL; 9UL ], [ 9UL; 1UL; 7UL ] |> List.map (fun v -> ReservationToken.Create(v).ThrowIfFail()) |> List.sort |> List.map (fun t -> t.Value))
    Assert.Equal(ProcessId 42L, List.max [ ProcessId 3L; ProcessId 42L; ProcessId 7L ])
    Assert.Equal(Holder(ProcessId 2L, SocketId 1L), List.max [ Holder(ProcessId 1L, SocketId 9L); Holder(ProcessId 2L, SocketId 1L) ])

[<Fact>]
let ``F#'s structural equality holds for the core's values`` () =
    Assert.True((port 80 = port 80) && (range 80 2 <> range 80 3))
    Assert.Equal(1, Set.count (Set.ofList [ Holder(ProcessId 1L, SocketId 2L); Holder(ProcessId 1L, SocketId 2L) ]))

[<Fact>]
let ``a conflict is recognised by its type, without the companion`` () =
    let machine = FakeWindows(FakeOptions.Default)
    let proc = machine.Process(ProcessId 1L)
    let first = proc.OpenSocket(Protocol.Tcp).ThrowIfFail()
    let second = proc.OpenSocket(Protocol.Tcp).ThrowIfFail()
    proc.Acquire(first, ReservationRequest.ForBlock(range 50000 10)).ThrowIfFail() |> ignore

    let answer = proc.Acquire(second, ReservationRequest.ForBlock(range 50005 10))

    let error = answer.Match((fun _ -> None), (fun e -> Some(ReservationError.From e)))
    match error with
    | Some(:? ReservationError.Conflict as conflict) ->
        Assert.Equal(10048, conflict.WindowsCode) // WSAEADDRINUSE
        Assert.Equal(range 50000 10, conflict.Overlapping.Map(fun r -> r.Range).IfNone(range 1 1))
    | other -> failwith $"expected a conflict, got {other}"
