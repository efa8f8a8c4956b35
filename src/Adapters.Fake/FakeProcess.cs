using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>One simulated process's view of a <see cref="FakeWindows"/>: every call speaks for <see cref="Caller"/>.</summary>
internal sealed class FakeProcess(FakeWindows machine, Caller caller) : IReservationPort
{
    public Caller Caller { get; } = caller;

    public Fin<SocketId> OpenSocket(Protocol protocol) =>
        machine.Apply(t => Reservations.OpenSocket(t, Caller, protocol));

    public Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request) =>
        machine.Apply(t => Reservations.Acquire(t, Caller, socket, request));

    public Fin<Unit> Associate(SocketId socket, ReservationToken token) =>
        machine.Apply(t => Reservations.Associate(t, Caller, socket, token));

    public Fin<Port> Bind(SocketId socket, BindTarget target) =>
        machine.Apply(t => Reservations.Bind(t, Caller, socket, target));

    public Fin<Unit> Release(SocketId socket, ReservationToken token) =>
        machine.Apply(t => Reservations.Release(t, Caller, socket, token));

    public Fin<Unit> Close(SocketId socket) =>
        machine.Apply(t => Reservations.CloseSocket(t, Caller, socket)).Map(_ => unit);

    public Fin<ReservationToken> Create(Protocol protocol, PortRange range) =>
        machine.Apply(t => Reservations.CreatePersistent(t, Caller, protocol, range));

    public Fin<Unit> Delete(Protocol protocol, PortRange range) =>
        machine.Apply(t => Reservations.DeletePersistent(t, Caller, protocol, range));

    public Fin<ReservationToken> Lookup(Protocol protocol, PortRange range) =>
        machine.Read(t => Reservations.LookupPersistent(t, protocol, range));

    public Fin<Seq<Reservation>> List(Option<Protocol> protocol) =>
        machine.Read(t => Reservations.List(t, protocol));

    public Fin<PortExplanation> Explain(Protocol protocol, Port port) =>
        machine.Read(t => Reservations.Explain(t, protocol, port, Caller.Process));

    public Fin<DynamicPortRange> DynamicPorts() =>
        machine.Read(t => t.Settings.DynamicPorts);
}
