using System.Runtime.Versioning;
using LanguageExt;
using PortReservation.Adapters.Winsock;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>
/// Windows itself serves the reservations: each transaction is one call sequence on the kernel, which
/// keeps its own consistency, and the adapter (with the sockets that hold runtime blocks) lives as long
/// as this process.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WinsockService(WinsockReservations adapter) : IReservationService
{
    /// <inheritdoc />
    public Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work, CancellationToken cancel) => work(adapter);

    /// <inheritdoc />
    /// <remarks>Windows itself keeps a reservation as long as a handle to its socket is open.</remarks>
    public Fin<Option<IDisposable>> HoldForChildren() => Option<IDisposable>.None;

    /// <inheritdoc />
    /// <remarks>Windows keeps its own table: import loads one into the fake only.</remarks>
    public Fin<Seq<Reservation>> Import(Func<ReservationTable, Fin<ExcludedPortTable>> rows, bool replace) =>
        FinFail<Seq<Reservation>>(new Cli.UsageProblem(
            "import loads a table into the fake, and Windows keeps its own; use --adapter fake (on Windows itself, 'netsh int ipv4 add excludedportrange' adds a block)"));
}
