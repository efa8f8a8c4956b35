using LanguageExt;
using PortReservation.Domain;
using HashSet = System.Collections.Generic.HashSet<int>;

namespace PortReservation.Properties.Support;

/// <summary>
/// Brute-force answers read from a table's raw parts (its reservations' start and count, its sockets'
/// bound ports, the ports in use elsewhere), port by port, without the domain's range arithmetic.
/// </summary>
internal static class Oracle
{
    public static IEnumerable<int> PortsOf(PortRange range) => Enumerable.Range(range.Start.Value, range.Count);

    public static HashSet Reserved(ReservationTable table, Protocol protocol) =>
        table.Reservations.Where(r => r.Protocol == protocol).SelectMany(r => PortsOf(r.Range)).ToHashSet();

    public static HashSet InUse(ReservationTable table, Protocol protocol) =>
        table.PortsInUseElsewhere(protocol).Select(p => p.Value)
            .Concat(table.Sockets.Where(s => s.Protocol == protocol).SelectMany(s => s.BoundPort).Select(p => p.Value))
            .ToHashSet();

    public static Option<Reservation> Covering(ReservationTable table, Protocol protocol, int port) =>
        table.Reservations.Where(r => r.Protocol == protocol && PortsOf(r.Range).Contains(port))
            .Select(Prelude.Some).FirstOrDefault();

    public static bool InDynamicRange(ReservationTable table, int port) =>
        PortsOf(table.Settings.DynamicPorts.Range).Contains(port);

    /// <summary>Whether no port of one protocol is held by two live reservations.</summary>
    public static bool NoOverlaps(ReservationTable table) =>
        new[] { Protocol.Tcp, Protocol.Udp }.All(protocol =>
            table.Reservations.Where(r => r.Protocol == protocol).Sum(r => r.Range.Count) == Reserved(table, protocol).Count);

    /// <summary>The ports an automatic bind on an unassociated socket may be given, ascending.</summary>
    public static IEnumerable<int> Drawable(ReservationTable table, Protocol protocol)
    {
        var reserved = Reserved(table, protocol);
        var inUse = InUse(table, protocol);
        return PortsOf(table.Settings.DynamicPorts.Range).Where(p => !reserved.Contains(p) && !inUse.Contains(p));
    }

    /// <summary>The starts of every block of <paramref name="count"/> free ports inside the dynamic range, ascending.</summary>
    public static IReadOnlyList<int> FreeBlockStarts(ReservationTable table, Protocol protocol, int count)
    {
        var free = Drawable(table, protocol).ToHashSet();
        var dynamic = table.Settings.DynamicPorts.Range;
        return Enumerable.Range(dynamic.Start.Value, Math.Max(0, dynamic.Count - count + 1))
            .Where(start => Enumerable.Range(start, count).All(free.Contains))
            .ToList();
    }

    /// <summary>What a bind to exactly <paramref name="port"/> by <paramref name="process"/> must do, by the spec.</summary>
    public static BindVerdict ExplicitBind(ReservationTable table, Protocol protocol, int port, ProcessId process) =>
        InUse(table, protocol).Contains(port) ? BindVerdict.InUse
        : Covering(table, protocol, port).Exists(r =>
            r is Reservation.Runtime runtime && runtime.Holder.Process != process) ? BindVerdict.AccessForbidden
        : BindVerdict.Allowed;
}
