// The adapter is Windows-only through its production seam alone; these tests give it a substitute seam,
// so the adapter's own code (real sockets, mapping, bookkeeping) runs on any OS.
#pragma warning disable CA1416

using System.Net.Sockets;
using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using NSubstitute;
using PortReservation.Domain;
using PortReservation.Testing;
using Xunit;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class WinsockReservationsTests : IDisposable
{
    private static readonly Arbitrary<Protocol> Protocols = DomainGenerators.Protocols.ToArbitrary();
    private static readonly Arbitrary<PortRange> Ranges = DomainGenerators.Ranges.ToArbitrary();
    private static readonly Arbitrary<ReservationToken> Tokens = DomainGenerators.Tokens.ToArbitrary();
    private static readonly Arbitrary<int> FailureCodes = Gen.Elements(CodeTable.Codes).ToArbitrary();

    private readonly INativePortReservations native = SupportedWindows();
    private readonly WinsockReservations adapter;

    public WinsockReservationsTests() => adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();

    public void Dispose() => adapter.Dispose();

    [Theory]
    [InlineData(10240)]
    [InlineData(16299)]
    [InlineData(17134)]
    [InlineData(17762)]
    public void Builds_before_17763_are_refused_as_Unsupported(int build)
    {
        var native = Substitute.For<INativePortReservations>();
        native.WindowsBuildNumber.Returns(build);

        var created = WinsockReservations.Create(native, new RecordedNetsh());

        Assert.IsType<ReservationError.Unsupported>(Failure(created));
    }

    [Theory]
    [InlineData(17763)]
    [InlineData(20348)]
    [InlineData(26100)]
    public void Builds_from_17763_are_accepted(int build)
    {
        var native = Substitute.For<INativePortReservations>();
        native.WindowsBuildNumber.Returns(build);

        using var created = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
    }

    [Property]
    public Property The_build_gate_opens_exactly_at_17763() =>
        Prop.ForAll(Gen.Frequency((1, Gen.Choose(0, 40_000)), (1, Gen.Choose(17_700, 17_800))).ToArbitrary(), build =>
        {
            var native = Substitute.For<INativePortReservations>();
            native.WindowsBuildNumber.Returns(build);
            var created = WinsockReservations.Create(native, new RecordedNetsh());
            created.IfSucc(a => a.Dispose());
            return (created.IsSucc == (build >= 17763)).Label($"build {build}: {(created.IsSucc ? "accepted" : "refused")}");
        });

    [Property]
    public Property Acquire_issues_SIO_ACQUIRE_on_the_socket_with_the_block_in_host_order() =>
        Prop.ForAll(Protocols, Ranges, Tokens, (protocol, range, token) =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            var socket = adapter.OpenSocket(protocol).ThrowIfFail();
            SafeSocketHandle? usedOpen = null;
            native.AcquirePortReservation(Arg.Any<SafeSocketHandle>(), Arg.Any<ushort>(), Arg.Any<ushort>())
                .Returns(call =>
                {
                    usedOpen = call.Arg<SafeSocketHandle>() is { IsClosed: false, IsInvalid: false } handle ? handle : null;
                    return Granted((ushort)range.Start.Value, (ushort)range.Count, token.Value);
                });

            var acquired = adapter.Acquire(socket, ReservationRequest.ForBlock(range));

            native.Received(1).AcquirePortReservation(Arg.Any<SafeSocketHandle>(), (ushort)range.Start.Value, (ushort)range.Count);
            return (usedOpen is not null).Label("issued on an open socket handle")
                .And((acquired == new ReservationInstance(range, token)).Label("answers the block and the token"));
        });

    [Property]
    public Property Wildcard_acquire_passes_start_0_and_the_count() =>
        Prop.ForAll(Gen.Choose(1, 65535).ToArbitrary(), count =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
            native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(Granted(1, (ushort)count, 7));

            var acquired = adapter.Acquire(socket, ReservationRequest.ForAnyBlock(count).ThrowIfFail());

            native.Received(1).AcquirePortReservation(Arg.Any<SafeSocketHandle>(), 0, (ushort)count);
            return acquired.Match(Succ: i => i.Range.Start.Value == 1 && i.Range.Count == count, Fail: _ => false);
        });

    [Property]
    public Property Release_passes_the_token_acquire_returned_on_the_same_socket() =>
        Prop.ForAll(Protocols, Tokens, (protocol, token) =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            var socket = adapter.OpenSocket(protocol).ThrowIfFail();
            var handle = HandleOfAcquire(native, token);

            var released =
                from instance in adapter.Acquire(socket, ReservationRequest.ForAnyBlock(4).ThrowIfFail())
                from _ in adapter.Release(socket, instance.Token)
                select unit;

            Received.InOrder(() =>
            {
                native.AcquirePortReservation(Arg.Any<SafeSocketHandle>(), 0, 4);
                native.ReleasePortReservation(Arg.Is<SafeSocketHandle>(h => h == handle.Value), token.Value);
            });
            return released.IsSucc;
        });

    [Fact]
    public void Associate_names_the_token_acquire_returned_on_the_new_socket_which_then_binds()
    {
        var token = ReservationToken.Create(0x1234_5678_9ABC_DEF0).ThrowIfFail();
        var holder = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var user = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var acquiredOn = HandleOfAcquire(native, token);
        SafeSocketHandle? associatedOn = null;
        native.AssociatePortReservation(Arg.Any<SafeSocketHandle>(), Arg.Any<ulong>()).Returns(call =>
        {
            associatedOn = call.Arg<SafeSocketHandle>();
            return 0;
        });

        var instance = adapter.Acquire(holder, ReservationRequest.ForAnyBlock(8).ThrowIfFail()).ThrowIfFail();
        Assert.True(adapter.Associate(user, instance.Token).IsSucc);
        Assert.True(adapter.Bind(user, BindTarget.Any).IsSucc);
        adapter.Close(user).ThrowIfFail();

        native.Received(1).AssociatePortReservation(Arg.Any<SafeSocketHandle>(), token.Value);
        Assert.NotNull(associatedOn);
        Assert.True(associatedOn.IsClosed, "associate was issued on the user socket");
        Assert.False(acquiredOn.Value!.IsClosed, "the holder socket stays open");
    }

    [Property]
    public Property Persistent_calls_pass_the_protocol_and_the_block_in_host_order() =>
        Prop.ForAll(Protocols, Ranges, Tokens, (protocol, range, token) =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            var start = (ushort)range.Start.Value;
            var count = (ushort)range.Count;
            native.CreatePersistentPortReservation(protocol, start, count).Returns(new NativeTokenResult(0, token.Value));
            native.LookupPersistentPortReservation(protocol, start, count).Returns(new NativeTokenResult(0, token.Value));
            native.DeletePersistentPortReservation(protocol, start, count).Returns(0);

            var created = adapter.Create(protocol, range);
            var looked = adapter.Lookup(protocol, range);
            var deleted = adapter.Delete(protocol, range);

            Received.InOrder(() =>
            {
                native.CreatePersistentPortReservation(protocol, start, count);
                native.LookupPersistentPortReservation(protocol, start, count);
                native.DeletePersistentPortReservation(protocol, start, count);
            });
            return (created == token).Label("create answers the token")
                .And((looked == token).Label("lookup answers the token"))
                .And(deleted.IsSucc.Label("delete succeeds"));
        });

    [Property]
    public Property Failure_codes_of_the_socket_calls_come_back_as_the_mapped_errors() =>
        Prop.ForAll(Protocols, Tokens, FailureCodes, (protocol, token, code) =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            var socket = adapter.OpenSocket(protocol).ThrowIfFail();
            var range = PortRange.Create(50000, 10).ThrowIfFail();
            var request = ReservationRequest.ForBlock(range);
            native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(NativeAcquireResult.Failed(code));
            native.AssociatePortReservation(default!, default).ReturnsForAnyArgs(code);
            native.ReleasePortReservation(default!, default).ReturnsForAnyArgs(code);

            return Maps(code, new NativeCall.Acquire(socket, protocol, request), adapter.Acquire(socket, request)).Label("acquire")
                .And(Maps(code, new NativeCall.Associate(socket, protocol, token, SocketIsFresh: true), adapter.Associate(socket, token)).Label("associate"))
                .And(Maps(code, new NativeCall.Release(socket, protocol, token), adapter.Release(socket, token)).Label("release"));
        });

    [Property]
    public Property Failure_codes_of_the_persistent_calls_come_back_as_the_mapped_errors() =>
        Prop.ForAll(Protocols, Ranges, FailureCodes, (protocol, range, code) =>
        {
            var native = SupportedWindows();
            using var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
            native.CreatePersistentPortReservation(default, default, default).ReturnsForAnyArgs(new NativeTokenResult(code, 0));
            native.LookupPersistentPortReservation(default, default, default).ReturnsForAnyArgs(new NativeTokenResult(code, 0));
            native.DeletePersistentPortReservation(default, default, default).ReturnsForAnyArgs(code);

            return Maps(code, new NativeCall.CreatePersistent(protocol, range), adapter.Create(protocol, range)).Label("create")
                .And(Maps(code, new NativeCall.LookupPersistent(protocol, range), adapter.Lookup(protocol, range)).Label("lookup"))
                .And(Maps(code, new NativeCall.DeletePersistent(protocol, range), adapter.Delete(protocol, range)).Label("delete"));
        });

    [Fact]
    public void Conflict_from_a_specific_acquire_names_the_socket_protocol_and_the_block()
    {
        var socket = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var range = PortRange.Create(50000, 10).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(NativeAcquireResult.Failed(10048));

        var error = Assert.IsType<ReservationError.Conflict>(Failure(adapter.Acquire(socket, ReservationRequest.ForBlock(range))));

        Assert.Equal(Protocol.Udp, error.Protocol);
        Assert.Equal(range, error.Requested);
        Assert.True(error.Overlapping.IsNone);
        Assert.Equal(10048, error.Code);
    }

    [Fact]
    public void Success_with_token_0_is_Unexpected_for_acquire_create_and_lookup()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var range = PortRange.Create(50000, 10).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(Granted(50000, 10, 0));
        native.CreatePersistentPortReservation(default, default, default).ReturnsForAnyArgs(new NativeTokenResult(0, 0));
        native.LookupPersistentPortReservation(default, default, default).ReturnsForAnyArgs(new NativeTokenResult(0, 0));

        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.Acquire(socket, ReservationRequest.ForBlock(range))));
        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.Create(Protocol.Tcp, range)));
        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.Lookup(Protocol.Tcp, range)));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(65535, 2)]
    [InlineData(50000, 0)]
    public void Acquire_success_with_a_block_that_is_not_valid_is_Unexpected(int start, int count)
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(Granted((ushort)start, (ushort)count, 9));

        Assert.IsType<ReservationError.Unexpected>(Failure(adapter.Acquire(socket, ReservationRequest.ForAnyBlock(4).ThrowIfFail())));
    }

    [Fact]
    public void WSAEINVAL_on_release_is_NotFound_for_the_token()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.ReleasePortReservation(default!, default).ReturnsForAnyArgs(10022);

        var error = Failure(adapter.Release(socket, ReservationToken.Create(5).ThrowIfFail()));

        Assert.IsType<ReservationError.NotFound>(error);
        Assert.Equal(10022, error.Code);
    }

    [Fact]
    public void WSAEINVAL_on_associate_is_NotFound_on_a_fresh_socket_and_InvalidParameter_once_associated_or_bound()
    {
        var token = ReservationToken.Create(5).ThrowIfFail();
        var fresh = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var associated = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var bound = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.AssociatePortReservation(default!, default).ReturnsForAnyArgs(0);
        Assert.True(adapter.Associate(associated, token).IsSucc);
        Assert.True(adapter.Bind(bound, BindTarget.Any).IsSucc);
        native.AssociatePortReservation(default!, default).ReturnsForAnyArgs(10022);

        Assert.IsType<ReservationError.NotFound>(Failure(adapter.Associate(fresh, token)));
        Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Associate(associated, token)));
        Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Associate(bound, token)));
    }

    [Fact]
    public void Default_blocks_ports_and_tokens_are_refused_before_any_native_call()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();

        // Unchecked, default(PortRange) would go out as start 0 (a wildcard) and default(Port) would bind port 0 (automatic).
        Assert.Equal(10022, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Acquire(socket, ReservationRequest.ForBlock(default)))).WindowsCode);
        Assert.Equal(10022, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Associate(socket, default))).WindowsCode);
        Assert.Equal(10022, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Release(socket, default))).WindowsCode);
        Assert.Equal(10022, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Bind(socket, BindTarget.To(default)))).WindowsCode);
        Assert.Equal(87, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Create(Protocol.Tcp, default))).WindowsCode);
        Assert.Equal(87, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Delete(Protocol.Tcp, default))).WindowsCode);
        Assert.Equal(87, Assert.IsType<ReservationError.InvalidParameter>(Failure(adapter.Lookup(Protocol.Tcp, default))).WindowsCode);

        native.DidNotReceiveWithAnyArgs().AcquirePortReservation(default!, default, default);
        native.DidNotReceiveWithAnyArgs().AssociatePortReservation(default!, default);
        native.DidNotReceiveWithAnyArgs().ReleasePortReservation(default!, default);
        native.DidNotReceiveWithAnyArgs().CreatePersistentPortReservation(default, default, default);
        native.DidNotReceiveWithAnyArgs().DeletePersistentPortReservation(default, default, default);
        native.DidNotReceiveWithAnyArgs().LookupPersistentPortReservation(default, default, default);

        // The refused explicit bind left the real socket unbound: it binds now.
        Assert.True(adapter.Bind(socket, BindTarget.Any).IsSucc);
    }

    [Fact]
    public void An_unknown_socket_is_NotASocket_and_reaches_no_native_call()
    {
        var unknown = new SocketId(424242);
        var token = ReservationToken.Create(5).ThrowIfFail();

        Assert.Equal(new ReservationError.NotASocket(unknown), Failure(adapter.Acquire(unknown, ReservationRequest.ForAnyBlock(1).ThrowIfFail())));
        Assert.Equal(new ReservationError.NotASocket(unknown), Failure(adapter.Associate(unknown, token)));
        Assert.Equal(new ReservationError.NotASocket(unknown), Failure(adapter.Bind(unknown, BindTarget.Any)));
        Assert.Equal(new ReservationError.NotASocket(unknown), Failure(adapter.Release(unknown, token)));
        Assert.Equal(new ReservationError.NotASocket(unknown), Failure(adapter.Close(unknown)));
        native.DidNotReceiveWithAnyArgs().AcquirePortReservation(default!, default, default);
        native.DidNotReceiveWithAnyArgs().AssociatePortReservation(default!, default);
        native.DidNotReceiveWithAnyArgs().ReleasePortReservation(default!, default);
    }

    [Fact]
    public void Close_disposes_the_socket_acquire_used_and_the_id_is_then_NotASocket()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var handle = HandleOfAcquire(native, ReservationToken.Create(3).ThrowIfFail());
        adapter.Acquire(socket, ReservationRequest.ForAnyBlock(2).ThrowIfFail()).ThrowIfFail();

        Assert.True(adapter.Close(socket).IsSucc);

        Assert.True(handle.Value!.IsClosed);
        Assert.IsType<ReservationError.NotASocket>(Failure(adapter.Close(socket)));
        Assert.IsType<ReservationError.NotASocket>(Failure(adapter.Release(socket, ReservationToken.Create(3).ThrowIfFail())));
    }

    [Fact]
    public void A_socket_closed_while_a_call_reaches_it_is_NotASocket_not_an_exception()
    {
        var socket = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        native.AcquirePortReservation(default!, default, default).ReturnsForAnyArgs(call =>
        {
            adapter.Close(socket);

            // What the marshaller of a SafeHandle argument does first; it throws once the handle is closed.
            var added = false;
            call.Arg<SafeSocketHandle>().DangerousAddRef(ref added);
            return Granted(1, 1, 1);
        });

        var acquired = adapter.Acquire(socket, ReservationRequest.ForAnyBlock(1).ThrowIfFail());

        Assert.Equal(new ReservationError.NotASocket(socket), Failure(acquired));
    }

    [Fact]
    public void Dispose_closes_every_socket_and_later_calls_name_them_NotASocket()
    {
        var native = SupportedWindows();
        var adapter = WinsockReservations.Create(native, new RecordedNetsh()).ThrowIfFail();
        var socket = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var handle = HandleOfAcquire(native, ReservationToken.Create(3).ThrowIfFail());
        adapter.Acquire(socket, ReservationRequest.ForAnyBlock(2).ThrowIfFail()).ThrowIfFail();

        adapter.Dispose();

        Assert.True(handle.Value!.IsClosed);
        Assert.IsType<ReservationError.NotASocket>(Failure(adapter.Bind(socket, BindTarget.Any)));
        Assert.Throws<ObjectDisposedException>(() => adapter.OpenSocket(Protocol.Tcp));
    }

    [Fact]
    public void Sockets_opened_from_many_threads_get_distinct_ids_and_each_closes_once()
    {
        var ids = new SocketId[64];

        Parallel.For(0, ids.Length, i => ids[i] = adapter.OpenSocket(i % 2 == 0 ? Protocol.Tcp : Protocol.Udp).ThrowIfFail());

        Assert.Equal(ids.Length, ids.Distinct().Count());
        var closed = new Fin<Unit>[ids.Length * 2];
        Parallel.For(0, closed.Length, i => closed[i] = adapter.Close(ids[i % ids.Length]));
        Assert.Equal(ids.Length, closed.Count(c => c.IsSucc));
    }

    [Fact]
    public void Automatic_bind_answers_the_port_the_socket_holds_and_an_explicit_bind_to_it_is_a_Conflict()
    {
        // UDP: on Linux .NET sets SO_REUSEADDR on TCP sockets, and Linux then lets two unlistening TCP
        // sockets bind one port, which Windows refuses.
        var first = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var second = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();

        var port = adapter.Bind(first, BindTarget.Any).ThrowIfFail();
        var error = Assert.IsType<ReservationError.Conflict>(Failure(adapter.Bind(second, BindTarget.To(port))));

        Assert.Equal(Protocol.Udp, error.Protocol);
        Assert.Equal(PortRange.Single(port), error.Requested);
        Assert.Equal(10048, error.Code);
    }

    [Fact]
    public void TCP_and_UDP_sockets_bind_in_separate_port_spaces()
    {
        var tcp = adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var udp = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var secondUdp = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();

        var port = adapter.Bind(tcp, BindTarget.Any).ThrowIfFail();

        Assert.Equal(port, adapter.Bind(udp, BindTarget.To(port)).ThrowIfFail());
        Assert.IsType<ReservationError.Conflict>(Failure(adapter.Bind(secondUdp, BindTarget.To(port))));
    }

    [Fact]
    public void A_second_bind_of_a_socket_is_InvalidParameter()
    {
        var socket = adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        adapter.Bind(socket, BindTarget.Any).ThrowIfFail();

        var error = Failure(adapter.Bind(socket, BindTarget.Any));

        Assert.IsType<ReservationError.InvalidParameter>(error);
        Assert.Equal(10022, error.Code);
    }

    private static INativePortReservations SupportedWindows()
    {
        var native = Substitute.For<INativePortReservations>();
        native.WindowsBuildNumber.Returns(WinsockReservations.MinimumWindowsBuild);
        return native;
    }

    private static NativeAcquireResult Granted(ushort start, ushort count, ulong token) => new(0, start, count, token);

    /// <summary>Makes acquire grant the block 50000+count with <paramref name="token"/>, and answers the handle it was issued on.</summary>
    private static StrongBox<SafeSocketHandle> HandleOfAcquire(INativePortReservations native, ReservationToken token)
    {
        var used = new StrongBox<SafeSocketHandle>();
        native.AcquirePortReservation(Arg.Any<SafeSocketHandle>(), Arg.Any<ushort>(), Arg.Any<ushort>()).Returns(call =>
        {
            used.Value = call.Arg<SafeSocketHandle>();
            return Granted(50000, call.ArgAt<ushort>(2), token.Value);
        });
        return used;
    }

    private static bool Maps<T>(int code, NativeCall call, Fin<T> answer) =>
        answer.Match(
            Succ: _ => false,
            Fail: error => error.GetType() == CodeTable.ExpectedCase(code, call) && error.Code == code);

    private static LanguageExt.Common.Error Failure<T>(Fin<T> result) =>
        result.Match(Succ: value => throw new Xunit.Sdk.XunitException($"expected a failure, got {value}"), Fail: error => error);
}
