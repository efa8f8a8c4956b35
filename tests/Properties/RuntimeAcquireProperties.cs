using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;

namespace PortReservation.Properties;

/// <summary>Runtime acquire of specific blocks: the no-overlap invariant, conflicts, ownership, protocol independence.</summary>
public class RuntimeAcquireProperties
{
    [Property]
    public Property No_two_live_reservations_of_one_protocol_overlap_after_any_sequence_of_operations() =>
        Prop.ForAll(Scenarios.Any, run =>
            run.Trace().All(entry => Oracle.NoOverlaps(entry.Outcome.State))
                .Label("after every step, each port of a protocol is held by at most one reservation")
                .Classify(run.Final.Reservations.Count >= 3, "three or more live reservations"));

    [Property]
    public Property A_specific_acquire_succeeds_exactly_when_the_block_is_free_and_a_conflict_names_an_overlapping_reservation() =>
        Prop.ForAll(Scenarios.With(run => Scenarios.BlocksIn(run.Window, 6).Zip(Scenarios.Protocols)), pair =>
        {
            var (run, (range, protocol)) = pair;
            var table = run.Final;
            var (opened, socket) = table.Open(Machine.User(2), protocol);
            var result = Reservations.Acquire(opened, Machine.User(2), socket, ReservationRequest.ForBlock(range));
            var ports = Oracle.PortsOf(range).ToList();
            var overlapping = ports.Exists(Oracle.Reserved(table, protocol).Contains);
            var inUse = ports.Exists(Oracle.InUse(table, protocol).Contains);

            if (overlapping)
            {
                var named = result.ErrorOrNone().Exists(e => e is ReservationError.Conflict c
                    && c.Code == WindowsCodes.WSAEADDRINUSE && c.Protocol == protocol && c.Requested == range
                    && c.Overlapping.Exists(r => table.Find(r.Token) == r && r.Protocol == protocol && Oracle.PortsOf(r.Range).Intersect(ports).Any()));
                return named.Label($"overlapping a reservation: Conflict WSAEADDRINUSE naming it, got {result.Describe()}")
                    .Classify(true, "overlapping");
            }

            if (inUse)
            {
                return result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.WSAEADDRINUSE } c && c.Overlapping.IsNone)
                    .Label($"a port in use: Conflict WSAEADDRINUSE naming no reservation, got {result.Describe()}")
                    .Classify(true, "port in use");
            }

            return result.Match(t => t.Output.Range == range && t.State.Find(t.Output.Token).IsSome, _ => false)
                .Label($"a free block is granted, got {result.Describe()}")
                .Classify(true, "free");
        });

    [Property]
    public Property A_port_in_use_elsewhere_makes_a_specific_acquire_of_a_block_holding_it_a_conflict() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.PortRange(), Gen.Choose(0, 1000).ToArbitrary()), pair =>
        {
            var (range, offset) = pair;
            var port = Machine.PortOf(range.Start.Value + (offset % range.Count));
            var table = Machine.Empty().WithPortsInUseElsewhere(Protocol.Udp, new[] { port });
            var (opened, socket) = table.Open(Machine.User(1), Protocol.Udp);
            var result = Reservations.Acquire(opened, Machine.User(1), socket, ReservationRequest.ForBlock(range));
            return result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.WSAEADDRINUSE } c && c.Overlapping.IsNone)
                .Label(result.Describe());
        });

    [Property]
    public Property A_port_bound_by_a_socket_makes_a_specific_acquire_of_a_block_holding_it_a_conflict() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.PortRange(), Gen.Choose(0, 1000).ToArbitrary()), pair =>
        {
            var (range, offset) = pair;
            var port = Machine.PortOf(range.Start.Value + (offset % range.Count));
            var (opened, binder) = Machine.Empty().Open(Machine.User(2), Protocol.Tcp);
            var bound = Reservations.Bind(opened, Machine.User(2), binder, BindTarget.To(port)).Value().State;
            var (withSocket, socket) = bound.Open(Machine.User(1), Protocol.Tcp);
            var result = Reservations.Acquire(withSocket, Machine.User(1), socket, ReservationRequest.ForBlock(range));
            return result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.WSAEADDRINUSE } c && c.Overlapping.IsNone)
                .Label(result.Describe());
        });

    [Property]
    public Property An_acquired_block_is_a_runtime_reservation_of_the_socket_protocol_held_by_the_socket() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.PortRange(), Scenarios.Protocols.Zip(Scenarios.ProcessNumbers).ToArbitrary()), pair =>
        {
            var (range, (protocol, process)) = pair;
            var (table, socket, instance) = Machine.Empty().Hold(Machine.User(process), protocol, range);
            var expected = new Reservation.Runtime(protocol, range, instance.Token, new Holder(Machine.Process(process), socket));
            return (instance.Range == range && table.Find(instance.Token) == Prelude.Some<Reservation>(expected)).Label($"{table.Find(instance.Token)}");
        });

    [Property]
    public Property The_same_block_can_be_reserved_in_TCP_and_in_UDP() =>
        Prop.ForAll(Arb.Zip(DomainArbitraries.PortRange(), ArbMap.Default.ArbFor<bool>().Zip(ArbMap.Default.ArbFor<bool>())), pair =>
        {
            var (range, (tcpPersistent, udpPersistent)) = pair;
            static Fin<ReservationTable> Reserve(ReservationTable t, Protocol protocol, PortRange range, bool persistent)
            {
                if (persistent)
                {
                    return Reservations.CreatePersistent(t, Machine.Admin(1), protocol, range).Map(x => x.State);
                }

                var (opened, socket) = t.Open(Machine.User(1), protocol);
                return Reservations.Acquire(opened, Machine.User(1), socket, ReservationRequest.ForBlock(range)).Map(x => x.State);
            }

            var both = Reserve(Machine.Empty(), Protocol.Tcp, range, tcpPersistent)
                .Bind(t => Reserve(t, Protocol.Udp, range, udpPersistent));
            var again = both.Bind(t => Reserve(t, Protocol.Tcp, range, tcpPersistent));
            return both.IsSucc.Label("TCP then UDP of the same block both succeed")
                .And(again.ErrorOrNone().Exists(e => e is ReservationError.Conflict).Label("a second TCP reservation of it conflicts"));
        });

    [Property]
    public Property UDP_answers_do_not_depend_on_TCP_reservations_or_sockets() =>
        Prop.ForAll(Scenarios.With(run => Scenarios.BlocksIn(run.Window, 6)), pair =>
        {
            var (run, range) = pair;
            var table = run.Final;
            var udpOnly = ReservationTable.Restore(
                table.Settings,
                table.Tokens,
                table.NextSocket,
                table.Reservations.Filter(r => r.Protocol == Protocol.Udp),
                table.Sockets.Filter(s => s.Protocol == Protocol.Udp))
                .Value()
                .WithPortsInUseElsewhere(Protocol.Udp, table.PortsInUseElsewhere(Protocol.Udp));

            static string Answer(ReservationTable t, ReservationRequest request)
            {
                var (opened, socket) = t.Open(Machine.User(3), Protocol.Udp);
                return Reservations.Acquire(opened, Machine.User(3), socket, request).Map(x => x.Output).Describe();
            }

            return (Answer(table, ReservationRequest.ForBlock(range)) == Answer(udpOnly, ReservationRequest.ForBlock(range)))
                .Label("a specific UDP acquire answers the same without the TCP state")
                .And((Answer(table, ReservationRequest.ForAnyBlock(2).Value()) == Answer(udpOnly, ReservationRequest.ForAnyBlock(2).Value()))
                    .Label("a wildcard UDP acquire answers the same without the TCP state"));
        });

    [Property]
    public Property Release_then_reacquire_of_the_same_block_succeeds_unless_a_port_of_it_is_bound() =>
        Prop.ForAll(Scenarios.With(run => Scenarios.Protocols.Zip(Gen.Choose(0, 1000))), pair =>
        {
            var (run, (protocol, pick)) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var runtime = table.Reservations.OfType<Reservation.Runtime>().ToList();
            var r = runtime[pick % runtime.Count];
            var holder = r.Holder;
            var caller = new Caller(holder.Process, false);
            var released = Reservations.Release(table, caller, holder.Socket, r.Token).Value().State;
            var again = Reservations.Acquire(released, caller, holder.Socket, ReservationRequest.ForBlock(r.Range));
            var bound = Oracle.PortsOf(r.Range).Any(Oracle.InUse(released, r.Protocol).Contains);
            return (bound
                ? again.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.WSAEADDRINUSE } c && c.Overlapping.IsNone)
                : again.Match(t => t.Output.Range == r.Range && t.Output.Token != r.Token, _ => false))
                .Label($"reacquire of {r.Range} (bound port inside: {bound}) gave {again.Describe()}")
                .Classify(bound, "a port of the block stayed bound");
        });

    [Fact]
    public void A_block_that_touches_a_reservation_without_sharing_a_port_is_granted()
    {
        var (table, _, _) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(5000, 10));
        var (opened, socket) = table.Open(Machine.User(2), Protocol.Tcp);
        Assert.True(Reservations.Acquire(opened, Machine.User(2), socket, ReservationRequest.ForBlock(Machine.Range(5010, 5))).IsSucc);
        Assert.True(Reservations.Acquire(opened, Machine.User(2), socket, ReservationRequest.ForBlock(Machine.Range(4990, 10))).IsSucc);
        Assert.True(Reservations.Acquire(opened, Machine.User(2), socket, ReservationRequest.ForBlock(Machine.Range(4991, 10)))
            .FailsWith<ReservationError.Conflict, Transition<ReservationInstance>>(WindowsCodes.WSAEADDRINUSE));
    }
}
