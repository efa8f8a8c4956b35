using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>The queries: "why is this port taken" agrees with the table and with what a bind does; the list's order and filter.</summary>
public class ExplainProperties
{
    private static Arbitrary<(Scenario Run, ((Protocol Protocol, Port Port) Question, int Process) Query)> Queries { get; } =
        Scenarios.With(run => Scenarios.PortsOfInterest(run).Zip(Scenarios.ProcessNumbers));

    [Property]
    public Property The_explicit_bind_verdict_is_what_a_bind_to_that_port_does() =>
        Prop.ForAll(Queries, pair =>
        {
            var (run, ((protocol, port), process)) = pair;
            var table = run.Final;
            var verdict = Machine.Explain(table, protocol, port, Machine.Process(process)).ExplicitBind;
            var bind = table.BindFresh(Machine.User(process), protocol, BindTarget.To(port));
            return (verdict switch
            {
                BindVerdict.Allowed => bind == port,
                BindVerdict.AccessForbidden => bind.FailsWith<ReservationError.AccessDenied, Port>(WindowsCodes.WSAEACCES),
                BindVerdict.InUse => bind.FailsWith<ReservationError.Conflict, Port>(WindowsCodes.WSAEADDRINUSE),
                _ => false,
            })
                .Label($"{verdict} but bind gave {bind.Describe()}")
                .Collect(verdict);
        });

    [Property]
    public Property The_explicit_bind_verdict_follows_the_spec() =>
        Prop.ForAll(Queries, pair =>
        {
            var (run, ((protocol, port), process)) = pair;
            var table = run.Final;
            var verdict = Reservations.ExplicitBindVerdict(table, protocol, port, Machine.Process(process));
            var expected = Oracle.ExplicitBind(table, protocol, port.Value, Machine.Process(process));
            return (verdict == expected).Label($"expected {expected}, got {verdict}");
        });

    [Property]
    public Property Explain_reports_the_covering_reservation_the_dynamic_range_and_ports_in_use_as_the_table_holds_them() =>
        Prop.ForAll(Queries, pair =>
        {
            var (run, ((protocol, port), process)) = pair;
            var table = run.Final;
            var explanation = Machine.Explain(table, protocol, port, Machine.Process(process));
            var covering = Oracle.Covering(table, protocol, port.Value);
            var inDynamic = Oracle.InDynamicRange(table, port.Value);
            var inUse = Oracle.InUse(table, protocol).Contains(port.Value);
            return (explanation.Protocol == protocol && explanation.Port == port).Label("the question")
                .And((explanation.Covering == covering && explanation.IsReserved == covering.IsSome).Label("covering reservation"))
                .And((explanation.InDynamicRange == inDynamic).Label("in the dynamic range"))
                .And((explanation.InUse == inUse).Label("in use"))
                .And((explanation.AutomaticBindMayDraw == (inDynamic && covering.IsNone && !inUse)).Label("automatic bind may draw it"))
                .Classify(covering.IsSome, "reserved");
        });

    [Property]
    public Property An_automatic_bind_draws_only_ports_Explain_says_it_may_draw() =>
        Prop.ForAll(Queries, pair =>
        {
            var (run, ((protocol, _), process)) = pair;
            var table = run.Final;
            var bind = table.BindFresh(Machine.User(process), protocol, BindTarget.Any);
            var dynamic = table.Settings.DynamicPorts.Range;
            return bind.Match(
                Succ: drawn => Machine.Explain(table, protocol, drawn, Machine.Process(process)).AutomaticBindMayDraw
                    && dynamic.Ports.TakeWhile(p => p < drawn).All(p => !Machine.Explain(table, protocol, p, Machine.Process(process)).AutomaticBindMayDraw),
                Fail: _ => dynamic.Ports.All(p => !Machine.Explain(table, protocol, p, Machine.Process(process)).AutomaticBindMayDraw))
                .Label(bind.Describe());
        });

    [Property]
    public Property List_is_sorted_by_protocol_then_start_and_the_protocol_filter_keeps_exactly_that_protocol() =>
        Prop.ForAll(Scenarios.Any, run =>
        {
            var table = run.Final;
            var all = Reservations.List(table, None).ToList();
            var tcp = Reservations.List(table, Protocol.Tcp).ToList();
            var udp = Reservations.List(table, Protocol.Udp).ToList();
            var sorted = Enumerable.Range(1, Math.Max(0, all.Count - 1)).All(i =>
                all[i - 1].Protocol < all[i].Protocol
                || (all[i - 1].Protocol == all[i].Protocol && all[i - 1].Range.Start.Value < all[i].Range.Start.Value));
            return sorted.Label("sorted by protocol, then start")
                .And((tcp.All(r => r.Protocol == Protocol.Tcp) && udp.All(r => r.Protocol == Protocol.Udp)).Label("each filter keeps its protocol"))
                .And(tcp.Concat(udp).SequenceEqual(all).Label("TCP then UDP make the whole list"))
                .And((all.Count == table.Reservations.Count).Label("every live reservation is listed"))
                .Classify(tcp.Count > 1 && udp.Count > 1, "several of each");
        });

    [Fact]
    public void A_port_in_another_process_runtime_block_is_explained_as_access_forbidden_for_it_and_allowed_for_the_holder()
    {
        var (table, socket, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(50000, 100));
        var port = Machine.PortOf(50050);
        var forOther = Machine.Explain(table, Protocol.Tcp, port, Machine.Process(2));
        var expectedCovering = new Reservation.Runtime(Protocol.Tcp, instance.Range, instance.Token, new Holder(Machine.Process(1), socket));
        Assert.Equal(Some<Reservation>(expectedCovering), forOther.Covering);
        Assert.Equal(BindVerdict.AccessForbidden, forOther.ExplicitBind);
        Assert.False(forOther.AutomaticBindMayDraw);
        Assert.True(forOther.InDynamicRange);
        Assert.Equal(BindVerdict.Allowed, Machine.Explain(table, Protocol.Tcp, port, Machine.Process(1)).ExplicitBind);
        Assert.Equal(BindVerdict.Allowed, Machine.Explain(table, Protocol.Udp, port, Machine.Process(2)).ExplicitBind);
    }

    [Fact]
    public void A_port_in_a_persistent_block_may_be_bound_explicitly_but_is_never_drawn_automatically()
    {
        var table = Machine.Empty().CreateOk(Protocol.Udp, Machine.Range(60000, 10)).Table;
        var explanation = Machine.Explain(table, Protocol.Udp, Machine.PortOf(60005), Machine.Process(7));
        Assert.Equal(BindVerdict.Allowed, explanation.ExplicitBind);
        Assert.False(explanation.AutomaticBindMayDraw);
        Assert.True(explanation.IsReserved);
    }
}
