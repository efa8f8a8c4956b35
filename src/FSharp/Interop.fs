namespace PortReservation.FSharp

open PortReservation.Domain

/// Conversions from the core's LanguageExt values to F#'s own: the rest of this library is built on them.
[<RequireQualifiedAccess>]
module Fin =

    /// A LanguageExt Fin as an F# Result; an error that is not a ReservationError becomes ReservationError.Unexpected.
    let toResult (fin: LanguageExt.Fin<'a>) : Result<'a, ReservationError> =
        fin.Match((fun value -> Ok value), (fun error -> Error(ReservationError.From error)))

    /// A Fin of LanguageExt's Unit as a Result of F#'s unit.
    let toUnitResult (fin: LanguageExt.Fin<LanguageExt.Unit>) : Result<unit, ReservationError> =
        fin.Match((fun _ -> Ok()), (fun error -> Error(ReservationError.From error)))

/// Conversions from LanguageExt's Option to F#'s option.
[<RequireQualifiedAccess>]
module Opt =

    /// A LanguageExt Option as an F# option.
    let toOption (option: LanguageExt.Option<'a>) : 'a option =
        option.Match((fun value -> Some value), (fun () -> None))

    /// An F# option as a LanguageExt Option, for the core's arguments.
    let ofOption (option: 'a option) : LanguageExt.Option<'a> =
        match option with
        | Some value -> LanguageExt.Option<'a>.Some value
        | None -> LanguageExt.Option<'a>.None
