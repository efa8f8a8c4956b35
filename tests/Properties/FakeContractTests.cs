using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using PortReservation.Testing.Contract;

namespace PortReservation.Properties;

/// <summary>The contract on a fresh elevated fake with Windows' default dynamic range and nothing else on it.</summary>
public sealed class FakeContractTests : ReservationPortContract
{
    private readonly FakeWindows machine = new(FakeOptions.Default.WithElevation(true));

    protected override IReservationPort Process() => machine.Process(new ProcessId(1));

    protected override IReservationPort UnelevatedProcess() => machine.Process(new ProcessId(1), isElevated: false);
}

/// <summary>The contract on a fake whose dynamic range is 128 ports, so the exhaustion rules run too.</summary>
public sealed class FakeSmallRangeContractTests : ReservationPortContract
{
    private readonly FakeWindows machine = new(FakeOptions.Default.WithElevation(true).WithDynamicPorts(FakeMachines.SmallRange));

    protected override IReservationPort Process() => machine.Process(new ProcessId(1));

    protected override IReservationPort UnelevatedProcess() => machine.Process(new ProcessId(1), isElevated: false);
}

/// <summary>The contract on a small-range fake that packs wildcard blocks from the top: the suite does not depend on the fit policy.</summary>
public sealed class FakeTopFitContractTests : ReservationPortContract
{
    private readonly FakeWindows machine = new(
        FakeOptions.Default.WithElevation(true).WithDynamicPorts(FakeMachines.SmallRange).WithFit(WildcardFit.FirstFitFromTop));

    protected override IReservationPort Process() => machine.Process(new ProcessId(1));

    protected override IReservationPort UnelevatedProcess() => machine.Process(new ProcessId(1), isElevated: false);
}

/// <summary>
/// The contract on a fake that looks like a machine in use: ports held by other programs, runtime blocks
/// of another process and persistent blocks already in the table. The suite must not assume an empty machine.
/// </summary>
public sealed class FakeBusyMachineContractTests : ReservationPortContract
{
    private readonly FakeWindows machine = FakeMachines.Busy();

    protected override IReservationPort Process() => machine.Process(new ProcessId(1));

    protected override IReservationPort UnelevatedProcess() => machine.Process(new ProcessId(1), isElevated: false);
}

/// <summary>The contract on a fake whose processes are not elevated: the persistent tests must report themselves skipped, not pass or fail.</summary>
public sealed class FakeUnelevatedContractTests : ReservationPortContract
{
    private readonly FakeWindows machine = new(FakeOptions.Default);

    protected override string? PersistentSkipReason => "requires elevation";

    protected override IReservationPort Process() => machine.Process(new ProcessId(1));

    protected override IReservationPort UnelevatedProcess() => machine.Process(new ProcessId(1));
}
