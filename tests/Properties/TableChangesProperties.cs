using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Properties.Support;

namespace PortReservation.Properties;

/// <summary>What a table finds changed since another equals what comparing both tables entry by entry finds.</summary>
public class TableChangesProperties
{
    [Property]
    public Property The_changes_between_any_two_tables_of_a_run_are_the_entries_in_which_they_differ() =>
        Prop.ForAll(Scenarios.Any, run =>
        {
            var tables = run.Trace().Select(entry => entry.Outcome.State).ToList();
            var pairs = tables.Zip(tables.Skip(1)).Append((tables[0], tables[^1])).Append((tables[^1], tables[0]));
            var wrong = pairs.Select(pair => Mismatch(pair.Item1, pair.Item2)).Where(m => m is not null).ToList();
            return (wrong.Count == 0).Label(string.Join("; ", wrong));
        });

    [Property]
    public Property The_changes_between_tables_whose_tokens_come_from_different_seeds_are_found_too() =>
        Prop.ForAll(Scenarios.Any, run =>
        {
            var last = run.Trace().Select(entry => entry.Outcome.State).Last();
            var other = ReservationTable.Empty(last.Settings, last.Tokens.Seed + 1);
            var wrong = Mismatch(last, other) ?? Mismatch(other, last);
            return (wrong is null).Label(wrong ?? string.Empty);
        });

    [Property]
    public Property A_table_restored_from_its_own_parts_shares_nothing_with_it_and_differs_in_nothing() =>
        Prop.ForAll(Scenarios.Any, run =>
            run.Trace().Select(entry => entry.Outcome.State).All(table =>
                    ReservationTable.Restore(table.Settings, table.Tokens, table.NextSocket, table.Reservations, table.Sockets)
                        .Map(restored => Mismatch(table, restored) is null && Empty(restored.ChangesSince(table)))
                        .IfFail(false))
                .Label("no changes between a table and its rebuilt copy"));

    private static bool Empty(TableChanges changes) =>
        changes.GoneReservations.Count + changes.CameReservations.Count + changes.ClosedSockets.Count + changes.OpenedSockets.Count == 0;

    /// <summary>What is wrong with the changes <paramref name="after"/> finds since <paramref name="before"/>, found the slow way: every entry compared.</summary>
    private static string? Mismatch(ReservationTable before, ReservationTable after)
    {
        var changes = after.ChangesSince(before);
        var wasByToken = before.Reservations.ToDictionary(r => r.Token);
        var isByToken = after.Reservations.ToDictionary(r => r.Token);
        var gone = wasByToken.Values.Where(r => !isByToken.TryGetValue(r.Token, out var now) || now != r).Select(Text).Order();
        var came = isByToken.Values.Where(r => !wasByToken.TryGetValue(r.Token, out var was) || was != r).Select(Text).Order();
        var wasSockets = before.Sockets.ToDictionary(s => s.Id, Text);
        var isSockets = after.Sockets.ToDictionary(s => s.Id, Text);
        var closed = wasSockets.Keys.Where(id => !isSockets.ContainsKey(id)).Order();
        var opened = isSockets.Where(s => !wasSockets.TryGetValue(s.Key, out var was) || was != s.Value).Select(s => s.Value).Order();

        return gone.SequenceEqual(changes.GoneReservations.Select(Text).Order())
            && came.SequenceEqual(changes.CameReservations.Select(Text).Order())
            && closed.SequenceEqual(changes.ClosedSockets.Order())
            && opened.SequenceEqual(changes.OpenedSockets.Select(Text).Order())
            ? null
            : $"from {before.Count} to {after.Count} reservations: gone [{string.Join(", ", gone)}] came [{string.Join(", ", came)}] "
              + $"closed [{string.Join(", ", closed)}] opened [{string.Join(", ", opened)}], but found gone [{string.Join(", ", changes.GoneReservations.Select(Text))}] "
              + $"came [{string.Join(", ", changes.CameReservations.Select(Text))}] closed [{string.Join(", ", changes.ClosedSockets)}] opened [{string.Join(", ", changes.OpenedSockets.Select(Text))}]";
    }

    private static string Text(Reservation r) => $"{r.Protocol} {r.Range} {r.Token} {r.Kind} {(r as Reservation.Runtime)?.Holder}";

    private static string Text(SocketState s) =>
        $"{s.Id} {s.Process} {s.Protocol} {s.Association.Map(t => t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).IfNone("-")} {s.BoundPort.Map(p => p.Value).IfNone(0)}";
}
