/// The companion's two computation expressions: result { } over Results and reservations { } over Steps.
module PortReservation.FSharp.Tests.Expressions

open FsCheck.Xunit
open PortReservation.Domain
open PortReservation.FSharp

[<Property>]
let ``result { } stops a for loop at the first error and runs nothing after it`` (items: int list) =
    let mutable visited = 0
    let outcome =
        result {
            for item in items do
                visited <- visited + 1
                if item < 0 then return! Error item
        }

    match List.tryFindIndex (fun item -> item < 0) items with
    | Some index -> outcome = Error items[index] && visited = index + 1
    | None -> outcome = Ok() && visited = List.length items

[<Property>]
let ``result { } returns the value of its last Ok and the first Error of its let!s`` (a: Result<int, string>) (b: Result<int, string>) =
    let outcome =
        result {
            let! x = a
            let! y = b
            return x + y
        }

    outcome = (match a, b with
               | Ok x, Ok y -> Ok(x + y)
               | Error e, _ -> Error e
               | _, Error e -> Error e)

[<Property>]
let ``reservations { } threads the table: a step sees what the step before it did`` (count: byte) =
    let caller = Caller(ProcessId 1L, false)
    let opened =
        reservations {
            for _ in 1 .. int count do
                let! _ = Table.openSocket caller Protocol.Tcp
                ()

            return! Step.read (fun table -> table.NextSocket)
        }

    match opened |> Step.run (Table.empty ReservationSettings.Default 1UL) with
    | Ok(next, table) -> next = int64 count + 1L && Seq.length table.Sockets = int count
    | Error error -> failwith error.Message
