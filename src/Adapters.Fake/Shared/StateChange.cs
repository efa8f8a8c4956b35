namespace PortReservation.Adapters.Fake.Shared;

/// <summary>How a command changed what the state file holds, which decides whether and how the file is written.</summary>
internal enum StateChange
{
    /// <summary>Nothing the file holds changed: it is not written.</summary>
    None,

    /// <summary>
    /// Only runtime state changed (runtime reservations, sockets, holders, the token and socket counters).
    /// Windows ends runtime reservations at a reboot, so the new file needs an atomic rename but no flush to disk.
    /// </summary>
    Runtime,

    /// <summary>Persistent reservations changed: the new file reaches the disk before the command answers.</summary>
    Persistent,
}
