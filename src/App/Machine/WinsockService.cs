using System.Runtime.Versioning;
using LanguageExt;
using PortReservation.Adapters.Winsock;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

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
    public Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work) => work(adapter);
}
