using System.Runtime.Versioning;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

// The adapter against the real kernel. Runtime reservations need no elevation; persistent create and
// delete do, and leave the machine as they found it.
[SupportedOSPlatform("windows")]
public sealed class WinsockReservationsLiveTests : IDisposable
{
    // Starts of blocks outside Windows' default dynamic range for the persistent tests; the first that no
    // one has reserved or holds is used.
    private static readonly int[] PersistentCandidates = [40130, 41270, 42390, 43510, 44630, 45750];

    private readonly List<(Protocol Protocol, PortRange Range)> created = [];
    private WinsockReservations? adapter;

    private WinsockReservations Adapter => adapter ??= WinsockReservations.Create().ThrowIfFail();

    public void Dispose()
    {
        created.ForEach(block => Adapter.Delete(block.Protocol, block.Range));
        adapter?.Dispose();
    }

    [WindowsFact]
    public void The_build_gate_agrees_with_this_Windows()
    {
        var result = WinsockReservations.Create();
        result.IfSucc(a => a.Dispose());

        Assert.Equal(Environment.OSVersion.Version.Build >= WinsockReservations.MinimumWindowsBuild, result.IsSucc);
    }

    [WindowsFact]
    public void Wildcard_block_is_acquired_associated_bound_inside_and_released()
    {
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            var holder = Adapter.OpenSocket(protocol).ThrowIfFail();
            var user = Adapter.OpenSocket(protocol).ThrowIfFail();

            var instance = Adapter.Acquire(holder, ReservationRequest.ForAnyBlock(8).ThrowIfFail()).ThrowIfFail();
            Adapter.Associate(user, instance.Token).ThrowIfFail();
            var port = Adapter.Bind(user, BindTarget.Any).ThrowIfFail();

            Assert.Equal(8, instance.Range.Count);
            Assert.True(instance.Range.Contains(port), $"{protocol}: port {port} outside {instance.Range}");
            Assert.True(Adapter.Release(holder, instance.Token).IsSucc);
            Adapter.Close(user).ThrowIfFail();
            Adapter.Close(holder).ThrowIfFail();
        }
    }

    [WindowsFact]
    public void A_specific_block_overlapping_a_held_block_is_a_Conflict_with_WSAEADDRINUSE()
    {
        var holder = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var other = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var held = Adapter.Acquire(holder, ReservationRequest.ForAnyBlock(4).ThrowIfFail()).ThrowIfFail();

        var error = Failure(Adapter.Acquire(other, ReservationRequest.ForBlock(held.Range)));

        var conflict = Assert.IsType<ReservationError.Conflict>(error);
        Assert.Equal(held.Range, conflict.Requested);
        Assert.Equal(WindowsCodes.WSAEADDRINUSE, conflict.Code);
    }

    [WindowsFact]
    public void Release_ends_the_reservation_so_its_block_can_be_acquired_again()
    {
        var holder = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var next = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var held = Adapter.Acquire(holder, ReservationRequest.ForAnyBlock(4).ThrowIfFail()).ThrowIfFail();

        Adapter.Release(holder, held.Token).ThrowIfFail();

        Assert.Equal(held.Range, Adapter.Acquire(next, ReservationRequest.ForBlock(held.Range)).ThrowIfFail().Range);
    }

    [WindowsFact]
    public void Closing_the_holding_socket_ends_its_reservation()
    {
        var holder = Adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var next = Adapter.OpenSocket(Protocol.Udp).ThrowIfFail();
        var held = Adapter.Acquire(holder, ReservationRequest.ForAnyBlock(4).ThrowIfFail()).ThrowIfFail();

        Adapter.Close(holder).ThrowIfFail();

        Assert.Equal(held.Range, Adapter.Acquire(next, ReservationRequest.ForBlock(held.Range)).ThrowIfFail().Range);
    }

    [WindowsFact]
    public void Lookup_of_a_block_nobody_reserved_is_NotFound()
    {
        var error = Failure(Adapter.Lookup(Protocol.Tcp, PortRange.Create(1, 1).ThrowIfFail()));

        Assert.IsType<ReservationError.NotFound>(error);
        Assert.Equal(WindowsCodes.ERROR_NOT_FOUND, error.Code);
    }

    [ElevatedWindowsFact]
    public void Persistent_block_is_created_looked_up_and_deleted()
    {
        var (range, token) = CreatePersistentSomewhere(Protocol.Tcp, 4);

        Assert.Equal(token, Adapter.Lookup(Protocol.Tcp, range).ThrowIfFail());
        Assert.True(Adapter.Delete(Protocol.Tcp, range).IsSucc);
        created.Remove((Protocol.Tcp, range));

        Assert.IsType<ReservationError.NotFound>(Failure(Adapter.Lookup(Protocol.Tcp, range)));
        Assert.IsType<ReservationError.NotFound>(Failure(Adapter.Delete(Protocol.Tcp, range)));
    }

    [ElevatedWindowsFact]
    public void An_overlapping_persistent_create_is_a_Conflict_with_ERROR_SHARING_VIOLATION()
    {
        var (range, _) = CreatePersistentSomewhere(Protocol.Udp, 4);
        var overlapping = PortRange.Create(range.Start.Value + 2, 4).ThrowIfFail();

        var error = Failure(Adapter.Create(Protocol.Udp, overlapping));

        Assert.IsType<ReservationError.Conflict>(error);
        Assert.Equal(WindowsCodes.ERROR_SHARING_VIOLATION, error.Code);
    }

    [ElevatedWindowsFact]
    public void A_runtime_acquire_inside_a_persistent_block_is_a_Conflict_with_WSAEADDRINUSE()
    {
        var (range, _) = CreatePersistentSomewhere(Protocol.Tcp, 4);
        var socket = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();

        var error = Failure(Adapter.Acquire(socket, ReservationRequest.ForBlock(range)));

        Assert.IsType<ReservationError.Conflict>(error);
        Assert.Equal(WindowsCodes.WSAEADDRINUSE, error.Code);
    }

    [WindowsFact]
    public void List_and_Explain_read_netsh_and_show_this_process_block_as_its_own()
    {
        var holder = Adapter.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var block = Adapter.Acquire(holder, ReservationRequest.ForAnyBlock(4).ThrowIfFail()).ThrowIfFail();

        var listed = Adapter.List(Protocol.Tcp).ThrowIfFail();
        var explained = Adapter.Explain(Protocol.Tcp, block.Range.End).ThrowIfFail();
        var dynamicPorts = Adapter.DynamicPorts().ThrowIfFail();

        var mine = Assert.IsType<Reservation.Runtime>(Assert.Single(listed, r => r.Range.Overlaps(block.Range)));
        Assert.Equal((block.Range, block.Token, Environment.ProcessId), (mine.Range, mine.Token, mine.Holder.Process.Value));
        Assert.Equal(listed.OrderBy(r => r.Range.Start).ToList(), listed.ToList());
        Assert.Equal(Option<Reservation>.Some(mine), explained.Covering);
        Assert.Equal(BindVerdict.Allowed, explained.ExplicitBind);
        Assert.True(dynamicPorts.Contains(block.Range.Start), $"the wildcard block {block.Range} is outside the dynamic range {dynamicPorts.Range}");
        Assert.True(Adapter.List(Option<Protocol>.None).IsSucc);
        Adapter.Close(holder).ThrowIfFail();
    }

    [UnelevatedWindowsFact]
    public void Persistent_create_without_elevation_is_AccessDenied()
    {
        var error = Failure(Adapter.Create(Protocol.Tcp, PortRange.Create(PersistentCandidates[0], 4).ThrowIfFail()));

        Assert.IsType<ReservationError.AccessDenied>(error);
        Assert.Equal(WindowsCodes.ERROR_ACCESS_DENIED, error.Code);
    }

    private (PortRange Range, ReservationToken Token) CreatePersistentSomewhere(Protocol protocol, int count)
    {
        foreach (var start in PersistentCandidates)
        {
            var range = PortRange.Create(start, count).ThrowIfFail();
            var result = Adapter.Create(protocol, range);
            if (result.IsSucc)
            {
                created.Add((protocol, range));
                return (range, result.ThrowIfFail());
            }

            Assert.IsType<ReservationError.Conflict>(Failure(result));
        }

        throw new Xunit.Sdk.XunitException($"every candidate {protocol} block is taken: {string.Join(", ", PersistentCandidates)}");
    }

    private static Error Failure<T>(Fin<T> result) =>
        result.Match(Succ: value => throw new Xunit.Sdk.XunitException($"expected a failure, got {value}"), Fail: error => error);
}
