using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>This process's port on a <see cref="SharedFakeWindows"/>: every call is a transaction of its own.</summary>
internal sealed class SharedFakeProcess(SharedFakeWindows machine) : IReservationPort
{
    // Acquire and bind consult the ports in use of their socket's protocol, which only the table knows: both are read.
    public Fin<SocketId> OpenSocket(Protocol protocol) => machine.Transact(None, p => p.OpenSocket(protocol));

    public Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request) => machine.Transact(p => p.Acquire(socket, request));

    public Fin<Unit> Associate(SocketId socket, ReservationToken token) => machine.Transact(None, p => p.Associate(socket, token));

    public Fin<Port> Bind(SocketId socket, BindTarget target) => machine.Transact(p => p.Bind(socket, target));

    public Fin<Unit> Release(SocketId socket, ReservationToken token) => machine.Transact(None, p => p.Release(socket, token));

    public Fin<Unit> Close(SocketId socket) => machine.Transact(None, p => p.Close(socket));

    public Fin<ReservationToken> Create(Protocol protocol, PortRange range) => machine.Transact(Some(protocol), p => p.Create(protocol, range));

    public Fin<Unit> Delete(Protocol protocol, PortRange range) => machine.Transact(None, p => p.Delete(protocol, range));

    public Fin<ReservationToken> Lookup(Protocol protocol, PortRange range) => machine.Transact(None, p => p.Lookup(protocol, range));

    public Fin<Seq<Reservation>> List(Option<Protocol> protocol) => machine.Transact(None, p => p.List(protocol));

    public Fin<PortExplanation> Explain(Protocol protocol, Port port) => machine.Transact(Some(protocol), p => p.Explain(protocol, port));

    public Fin<DynamicPortRange> DynamicPorts() => machine.Transact(None, p => p.DynamicPorts());
}
