using System.Collections.Immutable;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>Compares two states by what the state file keeps of them, without encoding either.</summary>
internal static class StateChanges
{
    /// <summary>How <paramref name="after"/> differs from <paramref name="before"/>.</summary>
    public static StateChange Between(SavedState before, SavedState after)
    {
        var (b, a) = (before.Table, after.Table);

        // A transition that changes nothing hands back the same table, so most reads end at the reference
        // check; the field by field comparison answers the rest (a table that only took in the host's ports in
        // use, which the file does not keep). LanguageExt's own equality of Option, Map and Seq is avoided: for
        // domain types it looks its instances up by scanning every loaded assembly. The reservations of each
        // table are gathered once and compared in plain loops: at tens of thousands of reservations this
        // comparison is a measurable part of a command.
        if (ReferenceEquals(b, a))
        {
            return SameHolders(before.Holders, after.Holders) ? StateChange.None : StateChange.Runtime;
        }

        var (reservationsBefore, reservationsAfter) = (b.Reservations, a.Reservations);
        if (b.Settings != a.Settings
            || b.Tokens.Seed != a.Tokens.Seed
            || !SameReservations(reservationsBefore, reservationsAfter, ReservationKind.Persistent))
        {
            return StateChange.Persistent;
        }

        return b.Tokens == a.Tokens
            && b.NextSocket == a.NextSocket
            && SameReservations(reservationsBefore, reservationsAfter, ReservationKind.Runtime)
            && Sockets(b).SequenceEqual(Sockets(a))
            && SameHolders(before.Holders, after.Holders)
            ? StateChange.None
            : StateChange.Runtime;
    }

    /// <summary>Whether both lists, in their order, hold the same reservations of <paramref name="kind"/>.</summary>
    private static bool SameReservations(Seq<Reservation> before, Seq<Reservation> after, ReservationKind kind)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < before.Count && before[i].Kind != kind)
            {
                i++;
            }

            while (j < after.Count && after[j].Kind != kind)
            {
                j++;
            }

            if (i == before.Count || j == after.Count)
            {
                return i == before.Count && j == after.Count;
            }

            // Record equality: protocol, block, token and, for runtime ones, the holder.
            if (before[i] != after[j])
            {
                return false;
            }

            i++;
            j++;
        }
    }

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
