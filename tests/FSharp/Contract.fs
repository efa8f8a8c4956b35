/// The adapter contract suites of the testing kit, run against the fake from F# as an F# adapter's tests would run them.
module PortReservation.FSharp.Tests.Contract

open PortReservation.Adapters.Fake
open PortReservation.Domain
open PortReservation.Testing.Contract

/// The single-process contract on a fresh elevated fake with Windows' default dynamic range.
type FakeContract() =
    inherit ReservationPortContract()
    let machine = FakeWindows(FakeOptions.Default.WithElevation(true))
    override _.Process() = machine.Process(ProcessId 1L)
    override _.UnelevatedProcess() = machine.Process(ProcessId 1L, false)

/// The contract between processes on one fake machine.
type FakeMultiProcessContract() =
    inherit MultiProcessContract()
    let machine = FakeWindows(FakeOptions.Default.WithElevation(true))
    override _.Process(n: int) = machine.Process(ProcessId(int64 n))
    override _.UnelevatedProcess(n: int) = machine.Process(ProcessId(int64 n), false)
    override _.EndProcess(n: int) = machine.EndProcess(ProcessId(int64 n)) |> ignore
