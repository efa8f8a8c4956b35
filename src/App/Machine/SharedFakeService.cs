using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>The fake Windows over the state file that every portres process of the user shares.</summary>
internal sealed class SharedFakeService(SharedFakeWindows machine) : IReservationService
{
    /// <inheritdoc />
    public Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work, CancellationToken cancel) =>
        machine.Transact(portsInUseOf, work, cancel);

    /// <inheritdoc />
    public Fin<Option<IDisposable>> HoldForChildren() =>
        OperatingSystem.IsLinux() ? machine.OpenHandleForChildren().Map(Optional) : Option<IDisposable>.None;

    /// <inheritdoc />
    public Fin<Seq<Reservation>> Import(Func<ReservationTable, Fin<ExcludedPortTable>> rows, bool replace) =>
        machine.TransactMachine(fake => rows(fake.State).Bind(table => fake.Import(table, replace)));
}
