using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>One simulated process's view of a <see cref="FakeWindows"/>: every call speaks for <see cref="Caller"/>.</summary>
internal sealed class FakeProcess(FakeWindows machine, Caller caller) : IReservationPort
{
    public Caller Caller { get; } = caller;

    // Each call hands its arguments to a static lambda: no closure per call on the fake's hot path.
    public Fin<SocketId> OpenSocket(Protocol protocol) =>
        machine.Apply((Caller, protocol), static (t, a) => Reservations.OpenSocket(t, a.Caller, a.protocol));

    public Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request) =>
        machine.Apply((Caller, socket, request), static (t, a) => Reservations.Acquire(t, a.Caller, a.socket, a.request));

    public Fin<Unit> Associate(SocketId socket, ReservationToken token) =>
        machine.Apply((Caller, socket, token), static (t, a) => Reservations.Associate(t, a.Caller, a.socket, a.token));

    public Fin<Port> Bind(SocketId socket, BindTarget target) =>
        machine.Apply((Caller, socket, target), static (t, a) => Reservations.Bind(t, a.Caller, a.socket, a.target));

    public Fin<Unit> Release(SocketId socket, ReservationToken token) =>
        machine.Apply((Caller, socket, token), static (t, a) => Reservations.Release(t, a.Caller, a.socket, a.token));

    public Fin<Unit> Close(SocketId socket) =>
        machine.Apply((Caller, socket), static (t, a) => Reservations.CloseSocket(t, a.Caller, a.socket)).Map(_ => unit);

    public Fin<ReservationToken> Create(Protocol protocol, PortRange range) =>
        machine.Apply((Caller, protocol, range), static (t, a) => Reservations.CreatePersistent(t, a.Caller, a.protocol, a.range));

    public Fin<Unit> Delete(Protocol protocol, PortRange range) =>
        machine.Apply((Caller, protocol, range), static (t, a) => Reservations.DeletePersistent(t, a.Caller, a.protocol, a.range));

    public Fin<ReservationToken> Lookup(Protocol protocol, PortRange range) =>
        machine.Read((protocol, range), static (t, a) => Reservations.LookupPersistent(t, a.protocol, a.range));

    public Fin<Seq<Reservation>> List(Option<Protocol> protocol) =>
        machine.Read(protocol, static (t, p) => Reservations.List(t, p));

    public Fin<PortExplanation> Explain(Protocol protocol, Port port) =>
        machine.Read((protocol, port, Caller.Process), static (t, a) => Reservations.Explain(t, a.protocol, a.port, a.Process));

    public Fin<DynamicPortRange> DynamicPorts() =>
        machine.Read(0, static (t, _) => FinSucc(t.Settings.DynamicPorts));
}
