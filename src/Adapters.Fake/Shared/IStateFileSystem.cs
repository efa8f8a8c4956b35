namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The file-system calls of the state store, and nothing else: <see cref="StateFile"/> decides what to do,
/// this does it. The host's is <see cref="HostFileSystem"/>; tests put one in between that fails at a
/// chosen step, to show that no failure loses an acknowledged change or reports one that was not made.
/// Failures are thrown as <see cref="IOException"/> (or <see cref="UnauthorizedAccessException"/>), as the
/// host's calls throw them.
/// </summary>
internal interface IStateFileSystem
{
    /// <summary>
    /// Opens the regular file at <paramref name="path"/> for reading, without following a symbolic link and
    /// without waiting for a writer (as a FIFO would); none when nothing is there. Anything else at the path
    /// throws <see cref="NotARegularFileException"/>.
    /// </summary>
    Stream? OpenRegular(string path);

    /// <summary>
    /// Opens the regular file at <paramref name="path"/> for writing in place (a journal line at its end), without
    /// following a symbolic link and without waiting; none when nothing is there. Anything else at the path throws
    /// <see cref="NotARegularFileException"/>.
    /// </summary>
    Stream? OpenForWriting(string path);

    /// <summary>
    /// Opens or creates (0600) the lock file at <paramref name="path"/> and takes its exclusive lock without
    /// waiting; null when another open file holds it. A symbolic link or anything but a regular file at the
    /// path throws <see cref="NotARegularFileException"/>. Disposing the answer releases the lock.
    /// </summary>
    IDisposable? TryLock(string path);

    /// <summary>What is at <paramref name="path"/> itself (a symbolic link is not followed).</summary>
    EntryKind KindOf(string path);

    /// <summary>Creates <paramref name="folder"/> and every missing folder above it, each readable, writable and searchable by the user alone (0700).</summary>
    void CreateFolder(string folder);

    /// <summary>Creates the file at <paramref name="path"/>, which must not exist (a symbolic link there is refused too), private to the user (0600), for writing.</summary>
    Stream CreateNew(string path);

    /// <summary>Flushes <paramref name="file"/>, made by <see cref="CreateNew"/> or <see cref="OpenForWriting"/>, to the operating system, and to the disk when <paramref name="toDisk"/>.</summary>
    void Flush(Stream file, bool toDisk);

    /// <summary>Renames <paramref name="from"/> over <paramref name="to"/> in one step.</summary>
    void Rename(string from, string to);

    /// <summary>Removes the file at <paramref name="path"/>.</summary>
    void Delete(string path);

    /// <summary>Makes the entries of <paramref name="folder"/> (a rename in it) reach the disk; a best effort.</summary>
    void SyncFolder(string folder);
}

/// <summary>What a path names, as <see cref="IStateFileSystem.KindOf"/> sees it.</summary>
internal enum EntryKind
{
    /// <summary>Nothing.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A folder.</summary>
    Folder,

    /// <summary>A symbolic link (not followed).</summary>
    SymbolicLink,

    /// <summary>A FIFO, a socket, or a device.</summary>
    Special,
}

/// <summary>A path where the store expects a regular file names something else; it was not opened for use.</summary>
/// <param name="path">The path.</param>
/// <param name="kind">What is there instead.</param>
internal sealed class NotARegularFileException(string path, EntryKind kind)
    : IOException($"{path} is {Describe(kind)}, not a regular file")
{
    /// <summary>What is there instead.</summary>
    public EntryKind Kind { get; } = kind;

    /// <summary>The kind of entry in words, with its article.</summary>
    public static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.Folder => "a folder",
        EntryKind.SymbolicLink => "a symbolic link",
        EntryKind.Special => "a FIFO, socket or device",
        EntryKind.Missing => "missing",
        _ => "a regular file",
    };
}
