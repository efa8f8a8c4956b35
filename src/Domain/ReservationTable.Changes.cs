namespace PortReservation.Domain;

/// <content>What changed between two versions of a table.</content>
public sealed partial record ReservationTable
{
    /// <summary>
    /// The reservations and sockets in which this table differs from <paramref name="before"/>: reservations that ended
    /// or were replaced, reservations that came, sockets that were closed, and sockets that were opened or changed
    /// (associated, bound). Versions of one table share what did not change, so this costs O(log n) per change rather
    /// than O(table); any two tables compare correctly, at O(table) when they share nothing or their tokens come from
    /// generators of different seeds.
    /// </summary>
    internal TableChanges ChangesSince(ReservationTable before)
    {
        var changes = new TableChanges();
        if (before.Tokens.Seed == Tokens.Seed)
        {
            KeyedTrie<Reservation, TokenKey>.Diff(before.ByToken, ByToken, TokenKeys, (x, y) => x == y, changes.GoneReservations.Add, changes.CameReservations.Add);
        }
        else
        {
            // The tries key tokens by their draw from each table's own generator: match them by the tokens themselves.
            var earlier = before.ByToken.Values().ToDictionary(r => r.Token);
            foreach (var reservation in ByToken.Values())
            {
                if (!earlier.Remove(reservation.Token, out var was) || was != reservation)
                {
                    changes.CameReservations.Add(reservation);
                    if (was is not null)
                    {
                        changes.GoneReservations.Add(was);
                    }
                }
            }

            changes.GoneReservations.AddRange(earlier.Values);
        }

        KeyedTrie<OpenSocket, SocketKey>.Diff(
            before.SocketsById,
            SocketsById,
            default,
            (x, y) => SameSocket.Instance.Equals(x.State, y.State),
            closed => changes.ClosedSockets.Add(closed.State.Id),
            opened => changes.OpenedSockets.Add(opened.State));

        // A socket that changed was found gone and come again: it was not closed.
        var open = changes.OpenedSockets.Select(s => s.Id).ToHashSet();
        changes.ClosedSockets.RemoveAll(open.Contains);
        return changes;
    }
}

/// <summary>What <see cref="ReservationTable.ChangesSince"/> found.</summary>
internal sealed class TableChanges
{
    /// <summary>Reservations that ended, or that another one with the same token replaced.</summary>
    public List<Reservation> GoneReservations { get; } = [];

    /// <summary>Reservations that are new, or that replace one with the same token.</summary>
    public List<Reservation> CameReservations { get; } = [];

    /// <summary>Sockets that were closed.</summary>
    public List<SocketId> ClosedSockets { get; } = [];

    /// <summary>Sockets that were opened, or changed (associated, bound), as they are now.</summary>
    public List<SocketState> OpenedSockets { get; } = [];
}
