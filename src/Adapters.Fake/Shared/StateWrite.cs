namespace PortReservation.Adapters.Fake.Shared;

/// <summary>How a transaction changes the state file: a new content in its place, or a line at the end of its journal.</summary>
internal abstract record StateWrite
{
    private StateWrite()
    {
    }

    /// <summary>A new content of the state file, written beside it and renamed over it.</summary>
    /// <param name="Content">The bytes of the file.</param>
    /// <param name="IsDurable">
    /// Whether the content must reach the disk before the command answers (it changes persistent reservations);
    /// otherwise the atomic rename alone will do, since a reboot ends the runtime state it changes anyway.
    /// </param>
    public sealed record Replacement(ReadOnlyMemory<byte> Content, bool IsDurable) : StateWrite;

    /// <summary>
    /// A journal line appended to the file as it was read: runtime state only, which a reboot ends, so it is not
    /// flushed to disk. What lies past <paramref name="At"/> (a line whose write was cut short) is cut off first.
    /// </summary>
    /// <param name="Line">The line, with its newline.</param>
    /// <param name="At">Where the file's last complete line ends.</param>
    public sealed record Appending(ReadOnlyMemory<byte> Line, long At) : StateWrite;
}
