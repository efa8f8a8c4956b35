using System.Collections.Immutable;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>What the state file holds: the reservation table and when each process with sockets started.</summary>
/// <param name="Table">The reservation table.</param>
/// <param name="Holders">The start of every process that has sockets in the table, by process id.</param>
/// <param name="Generation">
/// Which rewrite of the file this is: every rewrite gives it another number (the first a random one), so a
/// file's first bytes and its length tell whether it is still the content a process last read or wrote.
/// </param>
internal sealed record SavedState(ReservationTable Table, ImmutableSortedDictionary<ProcessId, ProcessStart> Holders, ulong Generation = 0);

/// <summary>A state as read from its file, with where the parts of that file lie.</summary>
/// <param name="State">The state the whole file holds, its journal applied.</param>
/// <param name="Layout">Where the file's first object and its journal end.</param>
internal sealed record StoredState(SavedState State, StateLayout Layout);

/// <summary>Where the parts of a state file lie.</summary>
/// <param name="SnapshotBytes">The length of its first object (with its newline), the table as its last rewrite left it.</param>
/// <param name="ValidBytes">The length of the file up to the end of its last complete journal line; what lies beyond was never acknowledged.</param>
/// <param name="Appendable">Whether a journal line may be appended: a format-3 file whose first object ends with its newline.</param>
internal sealed record StateLayout(long SnapshotBytes, long ValidBytes, bool Appendable)
{
    /// <summary>
    /// How much longer than the table before it a journal may grow: a small table is not rewritten at every
    /// change, and a large one is rewritten once its journal is about as long as itself, so a reader never reads
    /// much more than twice the table and the rewrites cost a constant per change, amortized.
    /// </summary>
    public const int JournalSlackBytes = 4096;

    /// <summary>The layout of a file that does not exist yet.</summary>
    public static StateLayout NoFile { get; } = new(0, 0, Appendable: false);

    /// <summary>The layout of a file rewritten whole with <paramref name="bytes"/> bytes.</summary>
    public static StateLayout Rewritten(long bytes) => new(bytes, bytes, Appendable: true);

    /// <summary>How long the journal is.</summary>
    public long JournalBytes => ValidBytes - SnapshotBytes;

    /// <summary>Whether a journal line of <paramref name="lineBytes"/> may be appended, rather than the file rewritten whole.</summary>
    public bool TakesLine(int lineBytes) =>
        Appendable
        && JournalBytes + lineBytes <= SnapshotBytes + JournalSlackBytes
        && ValidBytes + lineBytes <= StateFile.MaxBytes;
}
