using System.Collections.Immutable;
using PortReservation.App.Host;
using PortReservation.Domain;

namespace PortReservation.App.State;

/// <summary>Compares two states by what the state file keeps of them, without encoding either.</summary>
internal static class StateChanges
{
    /// <summary>How <paramref name="after"/> differs from <paramref name="before"/>.</summary>
    public static StateChange Between(SavedState before, SavedState after) =>
        !SamePersistent(before.Table, after.Table) ? StateChange.Persistent
        : SameRuntime(before.Table, after.Table) && SameHolders(before.Holders, after.Holders) ? StateChange.None
        : StateChange.Runtime;

    // A transition that changes nothing hands back the same table, so most reads end at the reference
    // check; the field by field comparison answers the rest (a table that only took in the host's ports in
    // use, which the file does not keep). LanguageExt's own equality of Option, Map and Seq is avoided: for
    // domain types it looks its instances up by scanning every loaded assembly. Its lazy Where and Select
    // are avoided too: the plain enumerables compare tens of thousands of reservations far faster.
    private static bool SamePersistent(ReservationTable before, ReservationTable after) =>
        ReferenceEquals(before, after)
        || (before.Settings == after.Settings
            && before.Tokens.Seed == after.Tokens.Seed
            && Persistent(before).SequenceEqual(Persistent(after)));

    private static bool SameRuntime(ReservationTable before, ReservationTable after) =>
        ReferenceEquals(before, after)
        || (before.Tokens == after.Tokens
            && before.NextSocket == after.NextSocket
            && Runtime(before).SequenceEqual(Runtime(after))
            && Sockets(before).SequenceEqual(Sockets(after)));

    private static IEnumerable<(Protocol, PortRange, ReservationToken)> Persistent(ReservationTable table) =>
        table.Reservations.AsEnumerable()
            .OfType<Reservation.Persistent>()
            .Select(r => (r.Protocol, r.Range, r.Token));

    private static IEnumerable<Reservation.Runtime> Runtime(ReservationTable table) =>
        table.Reservations.AsEnumerable().OfType<Reservation.Runtime>();

    private static IEnumerable<(SocketId, ProcessId, Protocol, ReservationToken?, Port?)> Sockets(ReservationTable table) =>
        table.Sockets.AsEnumerable().Select(s => (
            s.Id,
            s.Process,
            s.Protocol,
            s.Association.Case as ReservationToken?,
            s.BoundPort.Case as Port?));

    private static bool SameHolders(ImmutableSortedDictionary<ProcessId, ProcessStart> before, ImmutableSortedDictionary<ProcessId, ProcessStart> after) =>
        ReferenceEquals(before, after)
        || (before.Count == after.Count
            && before.All(h => after.TryGetValue(h.Key, out var start) && start == h.Value));
}
