using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;
using static PortReservation.Properties.Netsh.NetshText;

namespace PortReservation.Properties.Netsh;

/// <summary>
/// Importing netsh's table: starred rows become persistent reservations, the others runtime reservations
/// of Windows' System process (pid 4); a row in the way of the table is a conflict and nothing is imported,
/// unless the protocol's table is replaced.
/// </summary>
public class ImportProperties
{
    /// <summary>Windows' System process, which holds the WinNAT/HNS blocks.</summary>
    private static readonly ProcessId SystemPid = new(4);

    private static ExcludedPortTable English => ExcludedPortRanges.Parse(Fixture("english-crlf-trailing-blanks.txt"), None).Value();

    /// <summary>A run's final table and rows of a protocol laid over the run's ports, so they often meet its reservations.</summary>
    private static Arbitrary<(Scenario Run, ExcludedPortTable Rows)> RunsAndRows { get; } =
        Scenarios.With(run =>
            from protocol in Scenarios.Protocols
            from rows in RowsWithin(run.Window.Start.Value, run.Window.End.Value, 12, 10)
            select Table(protocol, rows));

    private static bool HeldBySystemOnItsOwnSocket(ReservationTable table, Reservation reservation) =>
        reservation is Reservation.Runtime runtime
        && runtime.Holder.Process == SystemPid
        && table.FindSocket(runtime.Holder.Socket).Exists(s => s.Process == SystemPid && s.Protocol == reservation.Protocol);

    [Property]
    public Property Starred_rows_become_persistent_and_the_others_runtime_reservations_of_the_system_process() =>
        Prop.ForAll(NetshText.Tables.ToArbitrary(), rows =>
        {
            var (table, made) = Reservations.Import(Machine.Empty(), rows, replace: false).Value();
            var listed = Reservations.List(table, rows.Protocol).ToList();
            var holders = listed.OfType<Reservation.Runtime>().Select(r => r.Holder.Socket).ToList();
            return (made.Count == rows.Rows.Count && listed.Count == rows.Rows.Count).Label("one reservation per row")
                .And(listed.Zip(rows.Rows).All(pair =>
                        pair.Item1.Range == pair.Item2.Range
                        && (pair.Item2.IsAdministered
                            ? pair.Item1 is Reservation.Persistent
                            : HeldBySystemOnItsOwnSocket(table, pair.Item1)))
                    .Label("starred rows persistent, the others held by pid 4 on an open socket"))
                .And((holders.Distinct().Count() == holders.Count).Label("one socket per unstarred row"))
                .And(made.SequenceEqual(listed).Label("the answer is the reservations made, in row order"))
                .And(Reservations.List(table, rows.Protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp).IsEmpty.Label("the other protocol untouched"))
                .And((ExcludedPortTable.Of(table, rows.Protocol) == rows).Label("the machine shows the rows it was given"));
        });

    [Property]
    public Property A_row_in_the_way_of_the_table_is_a_conflict_naming_both_and_otherwise_every_row_is_added() =>
        Prop.ForAll(RunsAndRows, pair =>
        {
            var (run, rows) = pair;
            var before = run.Final;
            var existing = before.Reservations.Filter(r => r.Protocol == rows.Protocol).ToList();
            var inTheWay = rows.Rows.Exists(row => existing.Exists(r => r.Range.Overlaps(row.Range)));
            var result = Reservations.Import(before, rows, replace: false);
            return result.Match(
                    Succ: done => !inTheWay
                        && done.State.Count == before.Count + rows.Rows.Count
                        && before.Reservations.All(r => done.State.Find(r.Token) == Some(r)),
                    Fail: error => inTheWay
                        && ReservationError.From(error) is ReservationError.Conflict { WindowsCode: 32 } conflict
                        && conflict.Protocol == rows.Protocol
                        && rows.Rows.Exists(row => row.Range == conflict.Requested)
                        && conflict.Overlapping.Exists(r => existing.Contains(r) && r.Range.Overlaps(conflict.Requested)))
                .Label($"in the way: {inTheWay}; import gave {result.Describe()}")
                .Classify(inTheWay, "conflict");
        });

    [Property]
    public Property Replace_ends_the_protocol_reservations_first_and_leaves_the_rest_alone() =>
        Prop.ForAll(RunsAndRows, pair =>
        {
            var (run, rows) = pair;
            var before = run.Final;
            var other = rows.Protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp;
            var after = Reservations.Import(before, rows, replace: true).Value().State;
            return (ExcludedPortTable.Of(after, rows.Protocol) == rows).Label("the protocol holds exactly the rows")
                .And(Reservations.List(after, other).SequenceEqual(Reservations.List(before, other)).Label("the other protocol untouched"))
                .And(before.Sockets.All(s => after.FindSocket(s.Id).Exists(a => a.BoundPort == s.BoundPort)).Label("the processes' sockets stay open and bound"));
        });

    [Fact]
    public void Replace_closes_the_system_sockets_of_the_rows_it_replaces()
    {
        var first = Reservations.Import(Machine.Empty(), Table(Protocol.Tcp, Row(50000, 50099), Row(50100, 50199), Row(50200, 50259, true)), false).Value().State;
        var second = Reservations.Import(first, Table(Protocol.Tcp, Row(60000, 60099)), true).Value().State;
        Assert.Single(second.Sockets.Where(s => s.Process == SystemPid));
        Assert.Equal(Expected(Row(60000, 60099)), ExcludedPortTable.Of(second, Protocol.Tcp).Rows);
    }

    [Fact]
    public void Replace_takes_the_block_of_another_process_which_keeps_its_socket()
    {
        var (held, socket, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(50000, 10));
        var after = Reservations.Import(held, Table(Protocol.Tcp, Row(50000, 50099)), true).Value().State;
        Assert.True(after.Find(instance.Token).IsNone);
        Assert.True(after.FindSocket(socket).Exists(s => s.Process == Machine.Process(1)));
        Assert.Equal(BindVerdict.AccessForbidden, Machine.Explain(after, Protocol.Tcp, Machine.PortOf(50005), Machine.Process(1)).ExplicitBind);
    }

    [Fact]
    public void A_conflicting_row_changes_nothing_in_the_fake()
    {
        var machine = new FakeWindows(FakeOptions.Default.WithElevation(true));
        var administrator = machine.Process(Machine.Process(1));
        var existing = administrator.Create(Protocol.Tcp, Machine.Range(50050, 10)).Value();
        var before = machine.State;

        var error = machine.Import(English, replace: false).Error();

        var conflict = Assert.IsType<ReservationError.Conflict>(error);
        Assert.Equal(32, conflict.WindowsCode);
        Assert.Equal(Machine.Range(50000, 60), conflict.Requested);
        Assert.Equal(Some<Reservation>(new Reservation.Persistent(Protocol.Tcp, Machine.Range(50050, 10), existing)), conflict.Overlapping);
        Assert.Equal(Some(9), English.LineOf(Row(50000, 50059, true)));
        Assert.Same(before, machine.State);
    }

    [Fact]
    public void The_fake_imports_every_row_and_answers_them()
    {
        var machine = new FakeWindows(FakeOptions.Default);
        var made = machine.Import(English, replace: false).Value();
        Assert.Equal(6, made.Count);
        Assert.Equal(6, machine.State.Count);
    }

    [Fact]
    public void Ports_in_use_do_not_stop_a_row_but_a_bind_there_still_finds_them_in_use()
    {
        var table = Machine.Empty().WithPortsInUseElsewhere(Protocol.Tcp, [Machine.PortOf(49750)]);
        var after = Reservations.Import(table, English, false).Value().State;
        Assert.Equal(6, after.Count);
        Assert.Equal(BindVerdict.InUse, Machine.Explain(after, Protocol.Tcp, Machine.PortOf(49750), Machine.Process(1234)).ExplicitBind);
    }

    [Fact]
    public void An_imported_machine_explains_why_a_bind_into_an_unstarred_row_is_forbidden_and_one_into_a_starred_row_works()
    {
        var table = Reservations.Import(Machine.Empty(), English, false).Value().State;
        var service = Machine.Process(1234);

        var refused = Machine.Explain(table, Protocol.Tcp, Machine.PortOf(49750), service);
        Assert.Equal(BindVerdict.AccessForbidden, refused.ExplicitBind);
        Assert.True(refused.Covering.Exists(r => r.Range == Machine.Range(49705, 100) && r.IsHeldBy(SystemPid)));
        Assert.False(refused.AutomaticBindMayDraw);
        Assert.True(table.BindFresh(Machine.User(1234), Protocol.Tcp, BindTarget.To(Machine.PortOf(49750)))
            .FailsWith<ReservationError.AccessDenied, Port>(10013));

        var administered = Machine.Explain(table, Protocol.Tcp, Machine.PortOf(50010), service);
        Assert.Equal(BindVerdict.Allowed, administered.ExplicitBind);
        Assert.True(administered.Covering.Exists(r => r is Reservation.Persistent && r.Range == Machine.Range(50000, 60)));
        Assert.False(administered.AutomaticBindMayDraw);
        Assert.Equal(Machine.PortOf(50010), table.BindFresh(Machine.User(1234), Protocol.Tcp, BindTarget.To(Machine.PortOf(50010))).Value());
    }

    [Fact]
    public void An_imported_text_is_shown_again_byte_for_byte()
    {
        var canonical = ExcludedPortRanges.Format(English);
        var table = Reservations.Import(Machine.Empty(), ExcludedPortRanges.Parse(canonical, None).Value(), false).Value().State;
        Assert.Equal(canonical, ExcludedPortRanges.Format(ExcludedPortTable.Of(table, Protocol.Tcp)));
    }

    [Fact]
    public void Importing_no_rows_changes_nothing()
    {
        var table = Machine.Empty();
        Assert.Same(table, Reservations.Import(table, ExcludedPortTable.Empty(Protocol.Udp), false).Value().State);
        Assert.Same(table, Reservations.Import(table, ExcludedPortTable.Empty(Protocol.Udp), true).Value().State);
    }

    [Fact]
    public void The_simulated_system_process_is_Windows_System_process_pid_4() =>
        Assert.Equal(SystemPid, ProcessId.SimulatedSystem);

    private static ExcludedPortRange[] Expected(params ExcludedPortRange[] rows) => rows;
}
