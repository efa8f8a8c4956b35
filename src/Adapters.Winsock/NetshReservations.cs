using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The machine's reservations as netsh's table shows them, completed with what the adapter knows: the
/// tokens of persistent blocks (LookupPersistent) and the runtime blocks it holds itself.
/// </summary>
/// <remarks>
/// <para>
/// A starred row is a persistent reservation with the token LookupPersistent{Tcp,Udp}PortReservation gives
/// for its block. An unstarred row whose block is one this adapter holds is that runtime reservation, with
/// its real token, socket and process. Any other unstarred row is a runtime reservation of some process that
/// netsh does not name: it is held by <see cref="ProcessId.SimulatedSystem"/> (pid 4, the System process, in
/// whose name WinNAT, HNS and HTTP.sys hold theirs), on a socket number of its own
/// (<see cref="SystemSocket"/>). A block this adapter holds that no row covers is listed as well.
/// </para>
/// <para>
/// Windows tells no one another process's token, and a starred row's lookup can fail (the block was
/// deleted since netsh ran). Such a row gets the placeholder <see cref="Placeholder"/>: a fixed function of
/// the row, so the same machine lists the same tokens, whose top 24 bits spell <c>nsh</c> (0x6E7368) and
/// whose low 33 bits hold the protocol, start and count. No call of Windows takes it; a real token could
/// carry the same bits only by chance, and <see cref="IsPlaceholder"/> tells them apart for the blocks
/// listed here.
/// </para>
/// </remarks>
internal static class NetshReservations
{
    private const ulong PlaceholderMark = 0x6E7368UL << 40;
    private const ulong PlaceholderFixedBits = ~((1UL << 33) - 1);
    private const long SystemSocketBase = 1L << 48;

    /// <summary>The placeholder token of a row whose real token is not known.</summary>
    public static ReservationToken Placeholder(Protocol protocol, PortRange range) =>
        ReservationToken.Create(
            PlaceholderMark | ((protocol == Protocol.Udp ? 1UL : 0UL) << 32) | ((ulong)(uint)range.Start.Value << 16) | (uint)range.Count)
        .ThrowIfFail();

    /// <summary>Whether <paramref name="token"/> has the shape of <see cref="Placeholder"/>.</summary>
    public static bool IsPlaceholder(ReservationToken token) =>
        (token.Value & PlaceholderFixedBits) == PlaceholderMark && (token.Value & 0xFFFF) != 0 && (token.Value & 0xFFFF_0000) != 0;

    /// <summary>
    /// The socket number of the holder of an unnamed runtime row: 2^48 + 65536 for UDP + the row's start,
    /// one per row, far above the numbers the adapter gives its own sockets.
    /// </summary>
    public static SocketId SystemSocket(Protocol protocol, PortRange range) =>
        new(SystemSocketBase + (protocol == Protocol.Udp ? 65536 : 0) + range.Start.Value);

    /// <summary>
    /// The reservations of <paramref name="table"/>'s protocol, sorted by start: its rows, as the remarks
    /// say, with <paramref name="held"/> (the runtime blocks this adapter holds) and
    /// <paramref name="persistentToken"/> (LookupPersistent) filling in what netsh does not show.
    /// </summary>
    public static Seq<Reservation> Of(
        ExcludedPortTable table, IEnumerable<Reservation.Runtime> held, Func<Protocol, PortRange, Option<ReservationToken>> persistentToken)
    {
        var protocol = table.Protocol;
        var own = held.Where(r => r.Protocol == protocol).ToList();
        var listed = table.Rows.Map(row => row.IsAdministered
            ? new Reservation.Persistent(protocol, row.Range, persistentToken(protocol, row.Range).IfNone(() => Placeholder(protocol, row.Range)))
            : own.Find(r => r.Range == row.Range)
              ?? (Reservation)new Reservation.Runtime(
                  protocol, row.Range, Placeholder(protocol, row.Range), new Holder(ProcessId.SimulatedSystem, SystemSocket(protocol, row.Range))));
        var unlisted = own.Where(r => !table.Rows.Exists(row => row.Range.Overlaps(r.Range)));
        return toSeq(listed.Concat(unlisted).OrderBy(r => r.Range.Start).ToArray());
    }

    /// <summary>
    /// A table holding exactly <paramref name="reservations"/> (each runtime one on an unbound socket of its
    /// holder) with <paramref name="dynamicPorts"/> as its dynamic range, for the domain to explain a port
    /// in; Unexpected when they do not make a table (two overlap, or a token repeats).
    /// </summary>
    public static Fin<ReservationTable> Table(DynamicPortRange dynamicPorts, Seq<Reservation> reservations)
    {
        var sockets = reservations.OfType<Reservation.Runtime>()
            .DistinctBy(r => r.Holder.Socket)
            .Select(r => new SocketState(r.Holder.Socket, r.Holder.Process, r.Protocol, None, None))
            .ToList();
        var next = sockets.Count == 0 ? 1 : sockets.Max(s => s.Id.Value) + 1;

        // A generator that has drawn every index but the last issues no token again, so any token is welcome.
        var drawnOut = new TokenGenerator(0, ulong.MaxValue);
        return ReservationTable.Restore(new ReservationSettings(dynamicPorts, WildcardFit.FirstFitFromBottom), drawnOut, next, reservations, sockets)
            .BiMap(
                table => table,
                error => new ReservationError.Unexpected($"the reservations netsh shows do not make a table ({error.Message})", NetshProcess.ErrorInvalidData));
    }
}
