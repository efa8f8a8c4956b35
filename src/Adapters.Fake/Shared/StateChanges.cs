using System.Collections.Immutable;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>Compares two states by what the state file keeps of them, without encoding either.</summary>
internal static class StateChanges
{
    /// <summary>How <paramref name="after"/> differs from <paramref name="before"/>.</summary>
    public static StateChange Between(SavedState before, SavedState after) => Delta(before, after).Change;

    /// <summary>
    /// What the file must record to turn <paramref name="before"/> into <paramref name="after"/>: the
    /// reservations, sockets and holders that came or changed, those that went, and the counters that moved.
    /// </summary>
    /// <remarks>
    /// A transition that changes nothing hands back the same table, so most reads end at the reference check.
    /// Otherwise the table finds its own changes, skipping what the two versions share (O(log n) per change, not
    /// O(table): a port server at thousands of live reservations pays for the few it changed).
    /// </remarks>
    public static StateDelta Delta(SavedState before, SavedState after)
    {
        var (b, a) = (before.Table, after.Table);
        var delta = new StateDelta { SettingsChanged = b.Settings != a.Settings };
        if (!ReferenceEquals(b, a))
        {
            delta.Tokens = b.Tokens == a.Tokens ? null : a.Tokens;
            delta.SeedChanged = b.Tokens.Seed != a.Tokens.Seed;
            delta.NextSocket = b.NextSocket == a.NextSocket ? null : a.NextSocket;
            var changes = a.ChangesSince(b);
            delta.GoneReservations.AddRange(changes.GoneReservations);
            delta.PutReservations.AddRange(changes.CameReservations);
            delta.GoneSockets.AddRange(changes.ClosedSockets);
            delta.PutSockets.AddRange(changes.OpenedSockets);
        }

        Holders(before.Holders, after.Holders, delta);
        return delta;
    }

    private static void Holders(ImmutableSortedDictionary<ProcessId, ProcessStart> before, ImmutableSortedDictionary<ProcessId, ProcessStart> after, StateDelta delta)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        foreach (var (process, start) in after)
        {
            if (!before.TryGetValue(process, out var earlier) || earlier != start)
            {
                delta.PutHolders.Add((process, start));
            }
        }

        foreach (var process in before.Keys)
        {
            if (!after.ContainsKey(process))
            {
                delta.GoneHolders.Add(process);
            }
        }
    }
}

/// <summary>
/// What changed between two states, in the terms the state file keeps: what <see cref="StateChanges.Delta"/>
/// found, and what one line of the file's journal records (<see cref="CompactFormat.WriteChange"/>).
/// </summary>
internal sealed class StateDelta
{
    /// <summary>Whether the settings (the dynamic range, the wildcard fit) changed, which no journal line records.</summary>
    public bool SettingsChanged { get; init; }

    /// <summary>Whether the token generator's seed changed (an import of another machine), which is persistent.</summary>
    public bool SeedChanged { get; set; }

    /// <summary>The token generator after, when it moved.</summary>
    public TokenGenerator? Tokens { get; set; }

    /// <summary>The next socket number after, when it moved.</summary>
    public long? NextSocket { get; set; }

    /// <summary>Reservations that are new, or that replace a gone one with the same token.</summary>
    public List<Reservation> PutReservations { get; } = [];

    /// <summary>Reservations that ended, or were replaced.</summary>
    public List<Reservation> GoneReservations { get; } = [];

    /// <summary>Sockets that are new or changed (associated, bound).</summary>
    public List<SocketState> PutSockets { get; } = [];

    /// <summary>Sockets that were closed.</summary>
    public List<SocketId> GoneSockets { get; } = [];

    /// <summary>Processes with sockets that are new, or with another start.</summary>
    public List<(ProcessId Process, ProcessStart Start)> PutHolders { get; } = [];

    /// <summary>Processes that no longer have sockets.</summary>
    public List<ProcessId> GoneHolders { get; } = [];

    /// <summary>How the change weighs: none, runtime state only, or persistent (persistent reservations, the settings or the token seed).</summary>
    public StateChange Change =>
        SettingsChanged || SeedChanged || PutReservations.Exists(IsPersistent) || GoneReservations.Exists(IsPersistent) ? StateChange.Persistent
        : Tokens is not null || NextSocket is not null
          || PutReservations.Count + GoneReservations.Count + PutSockets.Count + GoneSockets.Count + PutHolders.Count + GoneHolders.Count > 0
            ? StateChange.Runtime
            : StateChange.None;

    private static bool IsPersistent(Reservation reservation) => reservation.Kind == ReservationKind.Persistent;
}
