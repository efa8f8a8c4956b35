using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using PortReservation.Testing;

namespace PortReservation.Properties;

/// <summary>Associate and bind: drawing from a reservation, and explicit and automatic binds around reservations.</summary>
public class AssociateBindProperties
{
    /// <summary>Blocks of 1..10 ports anywhere, with an offset to pick a port inside.</summary>
    private static readonly Arbitrary<(PortRange Range, int Offset, Protocol Protocol)> BlockAndPort =
        (from range in DomainGenerators.Ranges.Where(r => r.Count <= 10)
         from offset in Gen.Choose(0, 9)
         from protocol in Scenarios.Protocols
         select (range, offset % range.Count, protocol)).ToArbitrary();

    private static Port Inside(PortRange range, int offset) => Machine.PortOf(range.Start.Value + offset);

    [Property]
    public Property Binds_on_associated_sockets_draw_distinct_ports_of_the_block_ascending_until_exhausted() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, _, protocol), acquirerAssociates) = pair;
            var owner = Machine.User(4);
            var (table, acquirer, instance) = Machine.Empty().Hold(owner, protocol, range);
            var drawn = new List<Port>();
            var last = Fin<Port>.Fail(LanguageExt.Common.Error.New("not run"));
            for (var i = 0; i <= range.Count; i++)
            {
                var socket = acquirer;
                if (!(acquirerAssociates && i == 0))
                {
                    (table, socket) = table.Open(owner, protocol);
                }

                table = Reservations.Associate(table, owner, socket, instance.Token).Value().State;
                var bound = Reservations.Bind(table, owner, socket, BindTarget.Any);
                last = bound.Map(t => t.Output);
                bound.IfSucc(t =>
                {
                    table = t.State;
                    drawn.Add(t.Output);
                });
            }

            return drawn.SequenceEqual(range.Ports).Label($"drew {string.Join(",", drawn)}")
                .And(last.FailsWith<ReservationError.Exhausted, Port>(UnverifiedCodes.ReservationExhausted).Label($"then {last.Describe()}"));
        });

    [Property]
    public Property An_associated_bind_skips_ports_of_the_block_already_bound_and_closing_a_socket_returns_its_port() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, Gen.Choose(0, 9).ToArbitrary()), pair =>
        {
            var ((range, offset, protocol), closeAt) = pair;
            var owner = Machine.User(1);
            var (table, _, instance) = Machine.Empty().Hold(owner, protocol, range);
            var explicitPort = Inside(range, offset);
            var (withExplicit, explicitSocket) = table.Open(owner, protocol);
            withExplicit = Reservations.Bind(withExplicit, owner, explicitSocket, BindTarget.To(explicitPort)).Value().State;

            var sockets = new List<(SocketId Socket, Port Port)>();
            var state = withExplicit;
            for (var i = 0; i < range.Count - 1; i++)
            {
                var (opened, socket) = state.Open(owner, protocol);
                var associated = Reservations.Associate(opened, owner, socket, instance.Token).Value().State;
                var (next, port) = Reservations.Bind(associated, owner, socket, BindTarget.Any).Value();
                sockets.Add((socket, port));
                state = next;
            }

            var expected = range.Ports.Filter(p => p != explicitPort);
            var skipped = sockets.Select(s => s.Port).SequenceEqual(expected).Label($"drew {string.Join(",", sockets.Select(s => s.Port))} around {explicitPort}");
            if (sockets.Count == 0)
            {
                return skipped;
            }

            var victim = sockets[closeAt % sockets.Count];
            var closed = Reservations.CloseSocket(state, owner, victim.Socket).Value().State;
            var (reopened, fresh) = closed.Open(owner, protocol);
            var again = Reservations.Associate(reopened, owner, fresh, instance.Token).Bind(t => Reservations.Bind(t.State, owner, fresh, BindTarget.Any));
            return skipped.And(again.Match(t => t.Output == victim.Port, _ => false).Label($"the port {victim.Port} of the closed socket is drawn again, got {again.Map(t => t.Output).Describe()}"));
        });

    [Property]
    public Property An_explicit_bind_inside_another_process_runtime_block_is_access_denied() =>
        Prop.ForAll(BlockAndPort, c =>
        {
            var (table, _, _) = Machine.Empty().Hold(Machine.User(1), c.Protocol, c.Range);
            var result = table.BindFresh(Machine.Admin(2), c.Protocol, BindTarget.To(Inside(c.Range, c.Offset)));
            return result.FailsWith<ReservationError.AccessDenied, Port>(WindowsCodes.WSAEACCES).Label(result.Describe());
        });

    [Property]
    public Property An_explicit_bind_inside_the_own_process_runtime_block_is_allowed() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, offset, protocol), onAcquiringSocket) = pair;
            var (table, socket, _) = Machine.Empty().Hold(Machine.User(1), protocol, range);
            var port = Inside(range, offset);
            var result = onAcquiringSocket
                ? Reservations.Bind(table, Machine.User(1), socket, BindTarget.To(port)).Map(t => t.Output)
                : table.BindFresh(Machine.User(1), protocol, BindTarget.To(port));
            return (result == port).Label(result.Describe());
        });

    [Property]
    public Property An_explicit_bind_inside_a_persistent_block_is_allowed_to_any_process() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, Scenarios.ProcessNumbers.Zip(ArbMap.Default.GeneratorFor<bool>()).ToArbitrary()), pair =>
        {
            var ((range, offset, protocol), (process, elevated)) = pair;
            var table = Machine.Empty().CreateOk(protocol, range).Table;
            var port = Inside(range, offset);
            var result = table.BindFresh(new Caller(Machine.Process(process), elevated), protocol, BindTarget.To(port));
            return (result == port).Label(result.Describe());
        });

    [Property]
    public Property An_automatic_bind_draws_the_lowest_dynamic_port_no_reservation_covers_and_no_socket_holds() =>
        Prop.ForAll(Scenarios.With(_ => Scenarios.Protocols.Zip(Scenarios.ProcessNumbers)), pair =>
        {
            var (run, (protocol, process)) = pair;
            var table = run.Final;
            var drawable = Oracle.Drawable(table, protocol).ToList();
            var result = table.BindFresh(Machine.User(process), protocol, BindTarget.Any);
            return (drawable.Count > 0
                    ? result.Match(p => p.Value == drawable[0], _ => false).Label($"expected {drawable.FirstOrDefault()}, got {result.Describe()}")
                    : result.FailsWith<ReservationError.Exhausted, Port>(UnverifiedCodes.DynamicRangeExhausted).Label($"nothing to draw, got {result.Describe()}"))
                .Classify(drawable.Count == 0, "dynamic range used up")
                .Classify(table.Reservations.Exists(r => r.Protocol == protocol && table.Settings.DynamicPorts.Range.Overlaps(r.Range)), "reservations in the dynamic range");
        });

    [Property]
    public Property Binding_a_bound_socket_again_is_invalid() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, offset, protocol), automaticSecond) = pair;
            var (opened, socket) = Machine.Empty().Open(Machine.User(1), protocol);
            var bound = Reservations.Bind(opened, Machine.User(1), socket, BindTarget.To(Inside(range, offset))).Value().State;
            var again = Reservations.Bind(bound, Machine.User(1), socket, automaticSecond ? BindTarget.Any : BindTarget.To(range.End));
            return again.FailsWith<ReservationError.InvalidParameter, Transition<Port>>(UnverifiedCodes.SocketStateInvalid).Label(again.Describe());
        });

    [Property]
    public Property Associating_after_bind_is_invalid() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, _, protocol), automatic) = pair;
            var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), protocol, range);
            var (opened, socket) = table.Open(Machine.User(1), protocol);
            var bound = Reservations.Bind(opened, Machine.User(1), socket, automatic ? BindTarget.Any : BindTarget.To(range.Start)).Value().State;
            var result = Reservations.Associate(bound, Machine.User(1), socket, instance.Token);
            return result.FailsWith<ReservationError.InvalidParameter, Transition<Unit>>(UnverifiedCodes.SocketStateInvalid).Label(result.Describe());
        });

    [Property]
    public Property Associating_from_another_process_is_refused_as_not_owner_naming_the_holder() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, ArbMap.Default.ArbFor<bool>()), pair =>
        {
            var ((range, _, protocol), elevated) = pair;
            var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), protocol, range);
            var stranger = new Caller(Machine.Process(2), elevated);
            var (opened, socket) = table.Open(stranger, protocol);
            var result = Reservations.Associate(opened, stranger, socket, instance.Token);
            return result.ErrorOrNone().Exists(e => e is ReservationError.NotOwner n
                    && n.Token == instance.Token && n.Holder == Machine.Process(1) && n.Code == UnverifiedCodes.NotOwner)
                .Label(result.Describe());
        });

    [Property]
    public Property Associating_a_persistent_block_needs_elevation() =>
        Prop.ForAll(Arb.Zip(BlockAndPort, Scenarios.ProcessNumbers.ToArbitrary()), pair =>
        {
            var ((range, _, protocol), process) = pair;
            var (table, token) = Machine.Empty().CreateOk(protocol, range);
            var (opened, socket) = table.Open(Machine.User(process), protocol);
            var unelevated = Reservations.Associate(opened, Machine.User(process), socket, token);
            var elevated = Reservations.Associate(opened, Machine.Admin(process), socket, token)
                .Bind(t => Reservations.Bind(t.State, Machine.Admin(process), socket, BindTarget.Any));
            return unelevated.FailsWith<ReservationError.AccessDenied, Transition<Unit>>(WindowsCodes.WSAEACCES).Label($"unelevated: {unelevated.Describe()}")
                .And(elevated.Match(t => t.Output == range.Start, _ => false).Label($"elevated draws {range.Start}: {elevated.Map(t => t.Output).Describe()}"));
        });

    [Fact]
    public void An_explicit_bind_of_a_port_in_use_is_a_conflict_with_WSAEADDRINUSE()
    {
        var port = Machine.PortOf(8080);
        var table = Machine.Empty().WithPortsInUseElsewhere(Protocol.Tcp, new[] { port });
        Assert.True(table.BindFresh(Machine.User(1), Protocol.Tcp, BindTarget.To(port))
            .FailsWith<ReservationError.Conflict, Port>(WindowsCodes.WSAEADDRINUSE));
        Assert.Equal(port, table.BindFresh(Machine.User(1), Protocol.Udp, BindTarget.To(port)));
    }

    [Fact]
    public void Associating_a_socket_twice_is_invalid()
    {
        var (table, socket, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(6000, 3));
        var once = Reservations.Associate(table, Machine.User(1), socket, instance.Token).Value().State;
        Assert.True(Reservations.Associate(once, Machine.User(1), socket, instance.Token)
            .FailsWith<ReservationError.InvalidParameter, Transition<Unit>>(UnverifiedCodes.SocketStateInvalid));
    }

    [Fact]
    public void Associating_with_a_token_of_the_other_protocol_is_not_found()
    {
        var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(6000, 3));
        var (opened, udp) = table.Open(Machine.User(1), Protocol.Udp);
        Assert.True(Reservations.Associate(opened, Machine.User(1), udp, instance.Token)
            .FailsWith<ReservationError.NotFound, Transition<Unit>>(UnverifiedCodes.UnknownToken));
    }

    [Fact]
    public void An_automatic_bind_skips_a_persistent_block_at_the_bottom_of_the_dynamic_range()
    {
        var table = Machine.Empty().CreateOk(Protocol.Tcp, Machine.Range(49152, 10)).Table;
        Assert.Equal(Machine.PortOf(49162), table.BindFresh(Machine.User(1), Protocol.Tcp, BindTarget.Any));
    }
}
