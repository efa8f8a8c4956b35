using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>Rebuilding a table from its parts: every reachable table comes back equal; inconsistent parts are refused.</summary>
public class RestoreProperties
{
    private static Fin<ReservationTable> Restore(ReservationTable table, IEnumerable<Reservation> reservations, IEnumerable<SocketState> sockets) =>
        ReservationTable.Restore(table.Settings, table.Tokens, table.NextSocket, reservations, sockets);

    /// <summary>The table restored from its own parts, told the ports in use elsewhere again (the parts do not carry them).</summary>
    private static Fin<ReservationTable> Rebuilt(ReservationTable table) => Rebuilt(table, table.Reservations, table.Sockets);

    /// <summary>The table restored from these parts of it, told its ports in use elsewhere again.</summary>
    private static Fin<ReservationTable> Rebuilt(ReservationTable table, IEnumerable<Reservation> reservations, IEnumerable<SocketState> sockets) =>
        Restore(table, reservations, sockets)
            .Map(t => t.WithPortsInUseElsewhere(Protocol.Tcp, table.PortsInUseElsewhere(Protocol.Tcp))
                       .WithPortsInUseElsewhere(Protocol.Udp, table.PortsInUseElsewhere(Protocol.Udp)));

    private static bool Refused(Fin<ReservationTable> result) =>
        result.FailsWith<ReservationError.InvalidParameter, ReservationTable>(WindowsCodes.ERROR_INVALID_PARAMETER);

    /// <summary>A reachable table that holds at least one runtime reservation (in the quiet ports), and a pick among its reservations.</summary>
    private static Arbitrary<(Scenario Run, (Protocol Protocol, int Pick) Choice)> RunsWithRuntime { get; } =
        Scenarios.With(_ => Scenarios.Protocols.Zip(Gen.Choose(0, 1000)));

    [Property]
    public Property Restore_accepts_every_table_operations_reach_and_gives_it_back_equal() =>
        Prop.ForAll(Scenarios.Any, run =>
            run.Trace().Select(entry => entry.Outcome.State).All(table =>
                    Rebuilt(table)
                        .Match(restored => restored == table, _ => false))
                .Label("after every step the table's parts restore to an equal table"));

    [Property]
    public Property Restore_takes_the_parts_in_any_order() =>
        Prop.ForAll(Scenarios.Any, run =>
            run.Trace().Select(entry => entry.Outcome.State).All(table =>
                    Rebuilt(table, table.Reservations.Rev(), table.Sockets.Rev())
                        .Match(restored => restored == table, _ => false))
                .Label("the parts listed last to first restore to an equal table"));

    [Property]
    public Property A_restored_table_finds_the_same_free_blocks_and_explains_ports_alike() =>
        Prop.ForAll(Scenarios.Any, run =>
            run.Trace().Select(entry => entry.Outcome.State).All(table =>
                    Rebuilt(table)
                        .Match(
                        restored => new[] { Protocol.Tcp, Protocol.Udp }.All(protocol =>
                            Enumerable.Range(1, 12).All(count =>
                                restored.FreeBlock(protocol, count, fromTop: false) == table.FreeBlock(protocol, count, fromTop: false)
                                && restored.FreeBlock(protocol, count, fromTop: true) == table.FreeBlock(protocol, count, fromTop: true))
                            && table.Reservations.Filter(r => r.Protocol == protocol).ForAll(r =>
                                restored.Covering(protocol, r.Range.End).Map(c => c.Token) == Some(r.Token)
                                && restored.IsInUse(protocol, r.Range.Start) == table.IsInUse(protocol, r.Range.Start)))
                            && table.Reservations.ForAll(r => restored.Find(r.Token).Map(found => found == r).IfNone(false))
                            && table.Sockets.ForAll(s => restored.FindSocket(s.Id).Map(found => found.Process == s.Process).IfNone(false)),
                        _ => false))
                .Label("a table built in one pass answers as the one built call by call, by token and by socket too"));

    [Property]
    public Property Restore_accepts_reservations_exactly_when_no_two_of_one_protocol_overlap() =>
        Prop.ForAll(
            Gen.ListOf(Scenarios.BlocksIn(Machine.Range(3000, 40), 8).Zip(Scenarios.Protocols)).Resize(6).ToArbitrary(),
            blocks =>
            {
                var tokens = Machine.Empty().Tokens;
                var reservations = new List<Reservation>();
                foreach (var (range, protocol) in blocks)
                {
                    (var token, tokens) = tokens.Draw();
                    reservations.Add(new Reservation.Persistent(protocol, range, token));
                }

                var disjoint = new[] { Protocol.Tcp, Protocol.Udp }.All(p =>
                {
                    var ports = reservations.Where(r => r.Protocol == p).SelectMany(r => Oracle.PortsOf(r.Range)).ToList();
                    return ports.Count == ports.Distinct().Count();
                });
                var result = ReservationTable.Restore(ReservationSettings.Default, tokens, 1, reservations, []);
                return (disjoint
                        ? result.Match(t => t.Reservations.Count == reservations.Count, _ => false)
                        : Refused(result))
                    .Label(result.Map(_ => unit).Describe())
                    .Classify(!disjoint, "overlapping");
            });

    [Property]
    public Property Restore_refuses_a_token_used_twice() =>
        Prop.ForAll(RunsWithRuntime, pair =>
        {
            var (run, (protocol, pick)) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var twin = table.Reservations[pick % table.Reservations.Count];
            var copy = new Reservation.Persistent(twin.Protocol, Machine.Range(1500, 3), twin.Token);
            return Refused(Restore(table, table.Reservations.Add(copy), table.Sockets));
        });

    [Property]
    public Property Restore_refuses_overlapping_reservations_of_one_protocol() =>
        Prop.ForAll(RunsWithRuntime, pair =>
        {
            var (run, (protocol, pick)) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var victim = table.Reservations[pick % table.Reservations.Count];
            var (unused, tokens) = table.Tokens.Draw();
            var overlapping = new Reservation.Persistent(victim.Protocol, PortRange.Single(victim.Range.End), unused);
            var parts = table.Reservations.Add(overlapping);
            return Refused(ReservationTable.Restore(table.Settings, tokens, table.NextSocket, parts, table.Sockets))
                .And(ReservationTable.Restore(table.Settings, tokens, table.NextSocket, parts.Filter(r => r.Token != victim.Token), table.Sockets).IsSucc)
                .Label("refused for the overlap alone");
        });

    [Property]
    public Property Restore_refuses_a_runtime_reservation_whose_socket_is_missing_or_of_another_process_or_protocol() =>
        Prop.ForAll(Arb.Zip(RunsWithRuntime, Gen.Choose(0, 2).ToArbitrary()), pair =>
        {
            var ((run, (protocol, pick)), damage) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var runtime = table.Reservations.OfType<Reservation.Runtime>().ToList();
            var holder = runtime[pick % runtime.Count].Holder.Socket;
            var sockets = table.Sockets.Bind(s => s.Id != holder
                ? Seq1(s)
                : damage switch
                {
                    0 => Seq<SocketState>(),
                    1 => Seq1(s with { Process = new ProcessId(s.Process.Value + 10) }),
                    _ => Seq1(s with { Protocol = s.Protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp, BoundPort = None }),
                });
            return Refused(Restore(table, table.Reservations, sockets)).Label($"damage {damage}");
        });

    [Property]
    public Property Restore_refuses_a_token_generator_set_back_so_it_would_issue_a_live_token_again() =>
        Prop.ForAll(Arb.Zip(RunsWithRuntime, ArbMap.Default.ArbFor<ulong>()), pair =>
        {
            var ((run, (protocol, _)), back) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            var setBack = table.Tokens with { Drawn = back % table.Tokens.Drawn };
            return Refused(ReservationTable.Restore(table.Settings, setBack, table.NextSocket, table.Reservations, table.Sockets))
                .Label($"drawn {table.Tokens.Drawn} set back to {setBack.Drawn}");
        });

    [Fact]
    public void Restore_refuses_default_values_in_place_of_a_block_a_token_or_a_bound_port()
    {
        var (table, socket, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(4000, 2));
        var (bound, _) = table.Open(Machine.User(1), Protocol.Udp);
        var udp = bound.Sockets.Find(s => s.Protocol == Protocol.Udp).IfNone(() => throw new InvalidOperationException("no UDP socket"));
        var holder = new Holder(Machine.Process(1), socket);

        Assert.True(Refused(Restore(bound, Seq1<Reservation>(new Reservation.Runtime(Protocol.Tcp, default, instance.Token, holder)), bound.Sockets)));
        Assert.True(Refused(Restore(bound, Seq1<Reservation>(new Reservation.Runtime(Protocol.Tcp, instance.Range, default, holder)), bound.Sockets)));
        Assert.True(Refused(Restore(bound, bound.Reservations, bound.Sockets.Map(s => s.Id == udp.Id ? s with { BoundPort = default(Port) } : s))));
        Assert.True(Refused(Restore(bound, bound.Reservations, bound.Sockets.Map(s => s.Id == udp.Id ? s with { Association = default(ReservationToken) } : s))));
        Assert.True(Restore(bound, bound.Reservations, bound.Sockets).IsSucc);
    }

    [Fact]
    public void Restore_refuses_two_sockets_bound_to_one_port_and_a_socket_number_not_yet_handed_out()
    {
        var (opened, first) = Machine.Empty().Open(Machine.User(1), Protocol.Udp);
        var table = Reservations.Bind(opened, Machine.User(1), first, BindTarget.To(Machine.PortOf(4000))).Value().State;
        var (withSecond, second) = table.Open(Machine.User(2), Protocol.Udp);
        var clash = withSecond.Sockets.Map(s => s.Id == second ? s with { BoundPort = Machine.PortOf(4000) } : s);
        Assert.True(Refused(Restore(withSecond, withSecond.Reservations, clash)));

        var early = ReservationTable.Restore(table.Settings, table.Tokens, nextSocket: 1, table.Reservations, table.Sockets);
        Assert.True(Refused(early));
    }
}
