// The adapter is Windows-only through its production seams alone; these tests give it substitute seams,
// so its queries run on any OS over recorded netsh text.
#pragma warning disable CA1416

using LanguageExt;
using NSubstitute;
using PortReservation.Domain;
using Xunit;
using static LanguageExt.Prelude;
using static PortReservation.Adapters.Winsock.Tests.RecordedNetsh;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class WinsockQueryTests : IDisposable
{
    private static readonly ProcessId Me = new(Environment.ProcessId);

    private readonly INativePortReservations native = Substitute.For<INativePortReservations>();
    private readonly RecordedNetsh netsh = EnglishMachine();
    private readonly WinsockReservations adapter;

    public WinsockQueryTests()
    {
        native.WindowsBuildNumber.Returns(WinsockReservations.MinimumWindowsBuild);
        native.LookupPersistentPortReservation(default, default, default).ReturnsForAnyArgs(new NativeTokenResult(WindowsCodes.ERROR_NOT_FOUND, 0));
        adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();
    }

    public void Dispose() => adapter.Dispose();

    [Fact]
    public void List_reads_starred_rows_as_persistent_and_unstarred_rows_as_runtime_of_an_unnamed_process()
    {
        Lookup(Protocol.Tcp, 50000, 60, 7_000_000_001);

        var listed = Success(adapter.List(Some(Protocol.Tcp)));

        Assert.Equal(
            new[] { (5357, 5357, "runtime"), (49705, 49804, "runtime"), (49805, 49904, "runtime"), (50000, 50059, "persistent"), (50164, 50263, "runtime"), (50264, 50363, "persistent") },
            listed.Select(r => (r.Range.Start.Value, r.Range.End.Value, r.Kind == ReservationKind.Persistent ? "persistent" : "runtime")));
        Assert.All(listed, r => Assert.Equal(Protocol.Tcp, r.Protocol));
        var runtime = listed.OfType<Reservation.Runtime>().ToList();
        Assert.All(runtime, r => Assert.Equal(ProcessId.SimulatedSystem, r.Holder.Process));
        Assert.Equal(runtime.Count, runtime.Select(r => r.Holder.Socket).Distinct().Count());
        Assert.Equal(Excluded(Protocol.Tcp), Assert.Single(netsh.Runs));
    }

    [Fact]
    public void A_starred_row_carries_the_token_LookupPersistent_gives_and_a_placeholder_when_it_gives_none()
    {
        Lookup(Protocol.Tcp, 50000, 60, 7_000_000_001);

        var listed = Success(adapter.List(Some(Protocol.Tcp))).OfType<Reservation.Persistent>().ToList();

        Assert.Equal(7_000_000_001UL, listed[0].Token.Value);
        Assert.False(WinsockReservations.IsPlaceholderToken(listed[0].Token));
        Assert.True(WinsockReservations.IsPlaceholderToken(listed[1].Token));
    }

    [Fact]
    public void Unnamed_runtime_rows_carry_placeholder_tokens_that_are_the_same_on_every_call_and_distinct_per_row_and_protocol()
    {
        var first = Success(adapter.List(None));
        var second = Success(adapter.List(None));

        Assert.Equal(first, second);
        Assert.All(first, r => Assert.True(WinsockReservations.IsPlaceholderToken(r.Token), $"{r} has no placeholder token"));
        Assert.Equal(first.Count, first.Select(r => r.Token).Distinct().Count());
        Assert.NotEqual(
            first.Single(r => r.Protocol == Protocol.Tcp && r.Range.Start.Value == 50000).Token,
            first.Single(r => r.Protocol == Protocol.Udp && r.Range.Start.Value == 50000).Token);
    }

    [Fact]
    public void List_of_both_protocols_runs_netsh_for_each_and_sorts_by_protocol_then_start()
    {
        var listed = Success(adapter.List(None));

        Assert.Equal([Excluded(Protocol.Tcp), Excluded(Protocol.Udp)], netsh.Runs);
        Assert.Equal(
            listed.OrderBy(r => r.Protocol).ThenBy(r => r.Range.Start).ToList(),
            listed.ToList());
        Assert.Equal(
            new[] { (Protocol.Udp, 3702, ReservationKind.Runtime), (Protocol.Udp, 50000, ReservationKind.Persistent) },
            listed.Where(r => r.Protocol == Protocol.Udp).Select(r => (r.Protocol, r.Range.Start.Value, r.Kind)));
    }

    [Fact]
    public void List_of_UDP_runs_netsh_for_UDP_only_and_an_empty_table_lists_nothing()
    {
        var netsh = new RecordedNetsh().Answer(Excluded(Protocol.Udp), Fixture("empty-udp-crlf.txt"));
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        Assert.Empty(Success(adapter.List(Some(Protocol.Udp))));
        Assert.Equal([Excluded(Protocol.Udp)], netsh.Runs);
    }

    [Theory]
    [InlineData("korean-crlf.txt", new[] { 47001, 47001, 63000, 63099 })]
    [InlineData("chinese-bom-crlf.txt", new[] { 1080, 1179, 2869, 2869, 50000, 50059 })]
    public void Translated_tables_are_read_by_their_structure(string fixture, int[] bounds)
    {
        var netsh = new RecordedNetsh().Answer(Excluded(Protocol.Tcp), Fixture(fixture));
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        var listed = Success(adapter.List(Some(Protocol.Tcp)));

        Assert.Equal(bounds, listed.SelectMany(r => new[] { r.Range.Start.Value, r.Range.End.Value }));
    }

    [Fact]
    public void A_block_this_adapter_holds_is_listed_as_its_own_until_released_or_closed()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var other = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(
            new NativeAcquireResult(0, 49705, 100, 41), new NativeAcquireResult(0, 60000, 10, 42));
        adapter.Acquire(socket, ReservationRequest.ForAnyBlock(100).ThrowIfFail()).ThrowIfFail();
        adapter.Acquire(other, ReservationRequest.ForAnyBlock(10).ThrowIfFail()).ThrowIfFail();

        var listed = Success(adapter.List(Some(Protocol.Tcp)));

        var mine = Assert.IsType<Reservation.Runtime>(listed.Single(r => r.Range.Start.Value == 49705));
        Assert.Equal((41UL, new Holder(Me, socket)), (mine.Token.Value, mine.Holder));
        var unlisted = Assert.IsType<Reservation.Runtime>(listed.Single(r => r.Range.Start.Value == 60000));
        Assert.Equal((42UL, new Holder(Me, other)), (unlisted.Token.Value, unlisted.Holder));

        adapter.Release(socket, mine.Token).ThrowIfFail();
        adapter.Close(other).ThrowIfFail();
        var after = Success(adapter.List(Some(Protocol.Tcp)));

        Assert.Equal(ProcessId.SimulatedSystem, Assert.IsType<Reservation.Runtime>(after.Single(r => r.Range.Start.Value == 49705)).Holder.Process);
        Assert.DoesNotContain(after, r => r.Range.Start.Value == 60000);
    }

    [Fact]
    public void Explain_inside_an_unstarred_row_is_AccessForbidden_for_this_process()
    {
        var explained = Success(adapter.Explain(Protocol.Tcp, Port(49800)));

        var covering = Assert.IsType<Reservation.Runtime>(explained.Covering.IfNone(() => throw new Xunit.Sdk.XunitException("not covered")));
        Assert.Equal((49705, 49804, ProcessId.SimulatedSystem), (covering.Range.Start.Value, covering.Range.End.Value, covering.Holder.Process));
        Assert.Equal(BindVerdict.AccessForbidden, explained.ExplicitBind);
        Assert.True(explained.InDynamicRange);
        Assert.False(explained.AutomaticBindMayDraw);
        Assert.False(explained.InUse);
    }

    [Fact]
    public void Explain_inside_a_starred_row_is_Allowed_and_names_the_persistent_reservation_as_List_does()
    {
        Lookup(Protocol.Tcp, 50000, 60, 7_000_000_001);

        var explained = Success(adapter.Explain(Protocol.Tcp, Port(50010)));

        var covering = explained.Covering.IfNone(() => throw new Xunit.Sdk.XunitException("not covered"));
        Assert.Equal(Success(adapter.List(Some(Protocol.Tcp))).Single(r => r.Range.Start.Value == 50000), covering);
        Assert.Equal(7_000_000_001UL, covering.Token.Value);
        Assert.Equal(BindVerdict.Allowed, explained.ExplicitBind);
        Assert.False(explained.AutomaticBindMayDraw);
    }

    [Fact]
    public void Explain_inside_a_block_this_adapter_holds_is_Allowed()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(new NativeAcquireResult(0, 50164, 100, 77));
        adapter.Acquire(socket, ReservationRequest.ForAnyBlock(100).ThrowIfFail()).ThrowIfFail();

        var explained = Success(adapter.Explain(Protocol.Tcp, Port(50200)));

        Assert.Equal(BindVerdict.Allowed, explained.ExplicitBind);
        Assert.True(explained.Covering.Exists(r => r.IsHeldBy(Me) && r.Token.Value == 77));
    }

    [Fact]
    public void Explain_takes_the_dynamic_range_from_the_protocols_dynamicport_text()
    {
        var netsh = new RecordedNetsh()
            .Answer(Excluded(Protocol.Udp), Fixture("spanish-crlf.txt"))
            .Answer(Dynamic(Protocol.Udp), Fixture("dynamicport-german-crlf.txt").Replace("tcp", "udp", StringComparison.Ordinal));
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        var free = Success(adapter.Explain(Protocol.Udp, Port(1030)));
        var reserved = Success(adapter.Explain(Protocol.Udp, Port(3702)));

        Assert.True(free.InDynamicRange);
        Assert.True(free.AutomaticBindMayDraw);
        Assert.True(free.Covering.IsNone);
        Assert.Equal(BindVerdict.Allowed, free.ExplicitBind);
        Assert.Equal(BindVerdict.AccessForbidden, reserved.ExplicitBind);
        Assert.Contains(Dynamic(Protocol.Udp), netsh.Runs);
        Assert.DoesNotContain(Dynamic(Protocol.Tcp), netsh.Runs);

        // With Windows' default range, 1030 is outside it.
        Assert.False(Success(this.adapter.Explain(Protocol.Udp, Port(1030))).InDynamicRange);
    }

    [Fact]
    public void DynamicPorts_reads_netshs_TCP_range()
    {
        var netsh = new RecordedNetsh().Answer(Dynamic(Protocol.Tcp), Fixture("dynamicport-german-crlf.txt"));
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        Assert.Equal(DynamicPortRange.Create(1025, 64511).ThrowIfFail(), Success(adapter.DynamicPorts()));
        Assert.Equal([Dynamic(Protocol.Tcp)], netsh.Runs);
    }

    [Fact]
    public void Explain_of_port_0_is_InvalidParameter_before_netsh_runs()
    {
        var error = Failure(adapter.Explain(Protocol.Tcp, default));

        Assert.IsType<ReservationError.InvalidParameter>(error);
        Assert.Equal(87, error.Code);
        Assert.Empty(netsh.Runs);
    }

    [Fact]
    public void A_netsh_failure_is_the_answer_of_every_query()
    {
        var failure = new ReservationError.Unexpected("`netsh int ipv4 show excludedportrange protocol=tcp` did not finish within 15 s and was stopped", 1460);
        var netsh = EnglishMachine().Fail(Excluded(Protocol.Tcp), failure).Fail(Dynamic(Protocol.Tcp), failure);
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        Assert.Equal(failure, Failure(adapter.List(None)));
        Assert.Equal(failure, Failure(adapter.List(Some(Protocol.Tcp))));
        Assert.Equal(failure, Failure(adapter.Explain(Protocol.Tcp, Port(80))));
        Assert.Equal(failure, Failure(adapter.DynamicPorts()));
        Assert.True(adapter.List(Some(Protocol.Udp)).IsSucc);
    }

    [Theory]
    [InlineData("Der Befehl wurde nicht gefunden.\r\n")]
    [InlineData("\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n     50000       49999\r\n")]
    [InlineData("")]
    public void Text_that_cannot_be_read_is_Unexpected_naming_the_command_and_what_was_wrong(string garbage)
    {
        var netsh = new RecordedNetsh().Answer(Excluded(Protocol.Tcp), garbage).Answer(Dynamic(Protocol.Tcp), garbage);
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        var listed = Assert.IsType<ReservationError.Unexpected>(Failure(adapter.List(Some(Protocol.Tcp))));
        var range = Assert.IsType<ReservationError.Unexpected>(Failure(adapter.DynamicPorts()));

        Assert.Equal(13, listed.Code);
        Assert.Contains("the output of `netsh int ipv4 show excludedportrange protocol=tcp` could not be read", listed.Message, StringComparison.Ordinal);
        Assert.Contains("run that command by hand", listed.Message, StringComparison.Ordinal);
        Assert.Contains("the output of `netsh int ipv4 show dynamicport tcp` could not be read", range.Message, StringComparison.Ordinal);
        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.Explain(Protocol.Tcp, Port(80))));
    }

    [Fact]
    public void A_row_that_cannot_be_read_is_named_by_its_line()
    {
        var netsh = new RecordedNetsh().Answer(Excluded(Protocol.Tcp), "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n     50000       x\r\n");
        using var adapter = WinsockReservations.Create(native, netsh).ThrowIfFail();

        Assert.Contains("line 6 (\"     50000       x\")", Failure(adapter.List(Some(Protocol.Tcp))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_call_no_native_function_but_LookupPersistent_and_that_only_for_starred_rows()
    {
        adapter.List(None).ThrowIfFail();
        adapter.Explain(Protocol.Tcp, Port(49800)).ThrowIfFail();
        adapter.DynamicPorts().ThrowIfFail();

        // Starred: TCP 50000+60 and 50264+100, UDP 50000+60; List(None) and Explain(TCP) read TCP twice.
        native.Received(2).LookupPersistentPortReservation(Protocol.Tcp, 50000, 60);
        native.Received(2).LookupPersistentPortReservation(Protocol.Tcp, 50264, 100);
        native.Received(1).LookupPersistentPortReservation(Protocol.Udp, 50000, 60);
        Assert.Equal(5, native.ReceivedCalls().Count(call => call.GetMethodInfo().Name == nameof(INativePortReservations.LookupPersistentPortReservation)));
        Assert.DoesNotContain(native.ReceivedCalls(), call => call.GetMethodInfo().Name is not (nameof(INativePortReservations.LookupPersistentPortReservation) or "get_WindowsBuildNumber"));
    }

    [Fact]
    public void Without_a_netsh_that_runs_every_query_is_Unexpected_and_says_which_command_to_run_by_hand()
    {
        var missing = new NetshProcess(Path.Combine(Path.GetTempPath(), $"no-netsh-{Guid.NewGuid():N}.exe"), NetshProcess.DefaultTimeout, 437);
        using var adapter = WinsockReservations.Create(native, missing).ThrowIfFail();

        Assert.Contains("`netsh int ipv4 show excludedportrange protocol=tcp` could not be started", Failure(adapter.List(None)).Message, StringComparison.Ordinal);
        Assert.Contains("`netsh int ipv4 show excludedportrange protocol=udp` could not be started", Failure(adapter.List(Some(Protocol.Udp))).Message, StringComparison.Ordinal);
        Assert.Contains("`netsh int ipv4 show dynamicport tcp` could not be started", Failure(adapter.Explain(Protocol.Tcp, Port(80))).Message, StringComparison.Ordinal);
        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.DynamicPorts()));
    }

    private void Lookup(Protocol protocol, ushort start, ushort count, ulong token) =>
        native.LookupPersistentPortReservation(protocol, start, count).Returns(new NativeTokenResult(WindowsCodes.NO_ERROR, token));

    private static Port Port(int value) => Domain.Port.Create(value).ThrowIfFail();

    private static T Success<T>(Fin<T> result) =>
        result.Match(Succ: value => value, Fail: error => throw new Xunit.Sdk.XunitException($"expected success, got {error}"));

    private static LanguageExt.Common.Error Failure<T>(Fin<T> result) =>
        result.Match(Succ: value => throw new Xunit.Sdk.XunitException($"expected a failure, got {value}"), Fail: error => error);
}
