using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;

namespace PortReservation.Properties;

/// <summary>Release by the holder only, and what closing a socket or ending a process frees.</summary>
public class ReleaseAndHolderProperties
{
    private static readonly Arbitrary<(PortRange Range, Protocol Protocol)> Blocks =
        DomainGenerators.Ranges.Zip(Scenarios.Protocols).ToArbitrary();

    private static IEnumerable<ulong> Tokens(IEnumerable<Reservation> reservations) => reservations.Select(r => r.Token.Value).Order();

    [Property]
    public Property Releasing_from_another_process_is_refused_as_not_owner_naming_the_holder() =>
        Prop.ForAll(Arb.Zip(Blocks, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, protocol), elevated) = pair;
            var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), protocol, range);
            var stranger = new Caller(Machine.Process(2), elevated);
            var (opened, socket) = table.Open(stranger, protocol);
            var result = Reservations.Release(opened, stranger, socket, instance.Token);
            return result.ErrorOrNone().Exists(e => e is ReservationError.NotOwner n
                    && n.Holder == Machine.Process(1) && n.Token == instance.Token && n.Code == UnverifiedCodes.NotOwner)
                .Label(result.Describe());
        });

    [Property]
    public Property The_holder_may_release_from_any_of_its_sockets_of_the_protocol() =>
        Prop.ForAll(Blocks, c =>
        {
            var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), c.Protocol, c.Range);
            var (opened, other) = table.Open(Machine.User(1), c.Protocol);
            var released = Reservations.Release(opened, Machine.User(1), other, instance.Token);
            return released.Match(t => t.State.Find(instance.Token).IsNone && t.State.Reservations.IsEmpty, _ => false).Label(released.Describe());
        });

    [Property]
    public Property A_socket_is_not_a_socket_to_another_process() =>
        Prop.ForAll(Blocks, c =>
        {
            var (table, socket, instance) = Machine.Empty().Hold(Machine.User(1), c.Protocol, c.Range);
            var stranger = Machine.Admin(2);
            return Reservations.Release(table, stranger, socket, instance.Token)
                    .FailsWith<ReservationError.NotASocket, Transition<Unit>>(WindowsCodes.WSAENOTSOCK).Label("release")
                .And(Reservations.CloseSocket(table, stranger, socket)
                    .FailsWith<ReservationError.NotASocket, Transition<Seq<Reservation>>>(WindowsCodes.WSAENOTSOCK).Label("close"))
                .And(Reservations.Bind(table, stranger, socket, BindTarget.Any)
                    .FailsWith<ReservationError.NotASocket, Transition<Port>>(WindowsCodes.WSAENOTSOCK).Label("bind"))
                .And(Reservations.Acquire(table, stranger, socket, ReservationRequest.ForBlock(Scenarios.Quiet))
                    .FailsWith<ReservationError.NotASocket, Transition<ReservationInstance>>(WindowsCodes.WSAENOTSOCK).Label("acquire"));
        });

    [Property]
    public Property Closing_a_socket_frees_its_bound_port_and_the_runtime_reservations_acquired_on_it_and_nothing_else() =>
        Prop.ForAll(Scenarios.With(_ => Gen.Choose(0, 1000).Zip(Scenarios.Protocols)), pair =>
        {
            var (run, (pick, protocol)) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var socket = table.Sockets[pick % table.Sockets.Count];
            var (after, ended) = Reservations.CloseSocket(table, new Caller(socket.Process, false), socket.Id).Value();

            var held = table.Reservations.Filter(r => r is Reservation.Runtime { Holder.Socket: var s } && s == socket.Id);
            var otherPortsInUse = Oracle.InUse(table, socket.Protocol);
            socket.BoundPort.IfSome(p => otherPortsInUse.Remove(p.Value));

            return Tokens(ended).SequenceEqual(Tokens(held)).Label("answers the reservations held by the socket")
                .And(Tokens(after.Reservations).SequenceEqual(Tokens(table.Reservations.Filter(r => !held.Contains(r)))).Label("ends those and only those"))
                .And(after.Sockets.Map(s => s.Id).SequenceEqual(table.Sockets.Map(s => s.Id).Filter(id => id != socket.Id)).Label("closes only that socket"))
                .And(after.Sockets.ForAll(s => table.FindSocket(s.Id) == s).Label("other sockets keep their state"))
                .And(Oracle.InUse(after, socket.Protocol).SetEquals(otherPortsInUse).Label("frees its bound port and no other"))
                .Classify(socket.BoundPort.IsSome, "bound socket")
                .Classify(held.Count > 0, "held reservations");
        });

    [Property]
    public Property Ending_a_process_frees_everything_it_held_and_nothing_of_other_processes() =>
        Prop.ForAll(Scenarios.With(_ => Gen.Choose(0, 1000)), pair =>
        {
            var (run, pick) = pair;
            var table = run.Final;
            var process = table.Sockets.IsEmpty ? Machine.Process(1 + (pick % 3)) : table.Sockets[pick % table.Sockets.Count].Process;
            var (after, ended) = Reservations.EndProcess(table, process);

            var held = table.Reservations.Filter(r => r.IsHeldBy(process));
            var survivors = table.Sockets.Filter(s => s.Process != process);
            return Tokens(ended).SequenceEqual(Tokens(held)).Label("answers its runtime reservations")
                .And(Tokens(after.Reservations).SequenceEqual(Tokens(table.Reservations.Filter(r => !r.IsHeldBy(process)))).Label("ends only those"))
                .And(after.Sockets.SequenceEqual(survivors).Label("closes its sockets and only those"))
                .And(new[] { Protocol.Tcp, Protocol.Udp }.All(p => Oracle.InUse(after, p).SetEquals(
                    table.PortsInUseElsewhere(p).Select(x => x.Value).Concat(survivors.Filter(s => s.Protocol == p).Bind(s => s.BoundPort).Map(x => x.Value)))).Label("frees its bound ports only"))
                .And((Reservations.EndProcess(after, process).State == after).Label("ending it again changes nothing"))
                .Classify(held.Count > 0, "held reservations")
                .Classify(table.Sockets.Exists(s => s.Process == process && s.BoundPort.IsSome), "bound sockets");
        });

    [Property]
    public Property Sockets_already_bound_keep_their_ports_when_the_reservation_is_released() =>
        Prop.ForAll(Blocks, c =>
        {
            var owner = Machine.User(1);
            var (table, holder, instance) = Machine.Empty().Hold(owner, c.Protocol, c.Range);
            var (opened, socket) = table.Open(owner, c.Protocol);
            var associated = Reservations.Associate(opened, owner, socket, instance.Token).Value().State;
            var (bound, port) = Reservations.Bind(associated, owner, socket, BindTarget.Any).Value();
            var released = Reservations.Release(bound, owner, holder, instance.Token).Value().State;
            return (released.FindSocket(socket).Exists(s => s.BoundPort == port) && released.IsInUse(c.Protocol, port) && released.Reservations.IsEmpty)
                .Label($"{port} stays bound after release");
        });

    [Fact]
    public void Releasing_a_persistent_token_is_not_found_it_must_be_deleted()
    {
        var (table, token) = Machine.Empty().CreateOk(Protocol.Tcp, Machine.Range(7000, 5));
        var (opened, socket) = table.Open(Machine.Admin(1), Protocol.Tcp);
        Assert.True(Reservations.Release(opened, Machine.Admin(1), socket, token)
            .FailsWith<ReservationError.NotFound, Transition<Unit>>(UnverifiedCodes.UnknownToken));
    }

    [Fact]
    public void Releasing_twice_is_not_found_the_second_time()
    {
        var (table, socket, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Udp, Machine.Range(7000, 5));
        var once = Reservations.Release(table, Machine.User(1), socket, instance.Token).Value().State;
        Assert.True(Reservations.Release(once, Machine.User(1), socket, instance.Token)
            .FailsWith<ReservationError.NotFound, Transition<Unit>>(UnverifiedCodes.UnknownToken));
    }

    [Fact]
    public void Closing_the_acquiring_socket_ends_its_reservation_but_not_a_sibling_socket_reservation()
    {
        var (table, first, kept) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(7000, 5));
        var (both, second, ended) = table.Hold(Machine.User(1), Protocol.Tcp, Machine.Range(7100, 5));
        Assert.NotEqual(first, second);
        var (after, answered) = Reservations.CloseSocket(both, Machine.User(1), second).Value();
        Assert.Equal(new[] { ended.Token }, answered.Map(r => r.Token));
        Assert.Equal(new[] { kept.Token }, after.Reservations.Map(r => r.Token));
    }

    [Fact]
    public void Another_process_is_told_which_process_holds_the_block()
    {
        var (table, _, instance) = Machine.Empty().Hold(Machine.User(7), Protocol.Udp, Machine.Range(5000, 3));
        var (withStranger, stranger) = table.Open(Machine.User(8), Protocol.Udp);

        foreach (var attempt in new[]
                 {
                     Reservations.Release(withStranger, Machine.User(8), stranger, instance.Token).Map(_ => unit),
                     Reservations.Associate(withStranger, Machine.User(8), stranger, instance.Token).Map(_ => unit),
                 })
        {
            var error = attempt.Match(_ => throw new InvalidOperationException("another process released or associated the block"), e => e);
            var notOwner = Assert.IsType<ReservationError.NotOwner>(error);
            Assert.Equal(new ProcessId(7), notOwner.Holder);
            Assert.Equal(10013, notOwner.WindowsCode); // WSAEACCES
        }
    }
}
