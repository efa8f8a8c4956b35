namespace PortReservation.FSharp

/// The builder of result { }: let! takes the value of an Ok, and the first Error ends the expression.
type ResultBuilder() =
    member _.Return(value: 'a) : Result<'a, 'e> = Ok value
    member _.ReturnFrom(result: Result<'a, 'e>) = result
    member _.Bind(result: Result<'a, 'e>, next: 'a -> Result<'b, 'e>) = Result.bind next result
    member _.Zero() : Result<unit, 'e> = Ok()
    member _.Delay(delayed: unit -> Result<'a, 'e>) = delayed
    member _.Run(delayed: unit -> Result<'a, 'e>) = delayed ()
    member _.Combine(first: Result<unit, 'e>, second: unit -> Result<'a, 'e>) = Result.bind second first

    member _.For(items: seq<'a>, body: 'a -> Result<unit, 'e>) : Result<unit, 'e> =
        use items = items.GetEnumerator()
        let mutable outcome = Ok()
        while Result.isOk outcome && items.MoveNext() do
            outcome <- body items.Current
        outcome

/// The result { } computation expression.
[<AutoOpen>]
module ResultExpression =

    /// Chains Results: the first Error ends the expression. For Steps over the table, see reservations { }.
    let result = ResultBuilder()
