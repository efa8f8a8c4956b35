using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using PortReservation.Testing.Contract;

namespace PortReservation.Properties;

/// <summary>The multi-process contract on a fresh elevated fake with Windows' default dynamic range.</summary>
public sealed class FakeMultiProcessContractTests : MultiProcessContract
{
    private readonly FakeWindows machine = new(FakeOptions.Default.WithElevation(true));

    protected override IReservationPort Process(int n) => machine.Process(new ProcessId(n));

    protected override IReservationPort UnelevatedProcess(int n) => machine.Process(new ProcessId(n), isElevated: false);

    protected override void EndProcess(int n) => machine.EndProcess(new ProcessId(n));
}

/// <summary>The multi-process contract on a fake that looks like a machine in use.</summary>
public sealed class FakeBusyMachineMultiProcessContractTests : MultiProcessContract
{
    private readonly FakeWindows machine = FakeMachines.Busy();

    protected override IReservationPort Process(int n) => machine.Process(new ProcessId(n));

    protected override IReservationPort UnelevatedProcess(int n) => machine.Process(new ProcessId(n), isElevated: false);

    protected override void EndProcess(int n) => machine.EndProcess(new ProcessId(n));
}
