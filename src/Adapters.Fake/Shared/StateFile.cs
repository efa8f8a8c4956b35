using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The one owner of the state file's lock and I/O, through an <see cref="IStateFileSystem"/>. The state file
/// is opened in one way only, which refuses anything but a regular file (a symbolic link, a folder, a FIFO, a
/// device) at once, before anything is created or locked. A command on a machine whose file does not exist
/// yet decides without the lock; when it changes nothing (show, lookup, why), it creates nothing. Otherwise a
/// transaction holds an exclusive OS lock on a lock file beside the state file (a planted link there is
/// refused) for the whole read-decide-write, so concurrent portres processes never lose an update. A change
/// is either a line appended to the file's journal (cutting off first what a write cut short left past the
/// last complete line), or a new content written to a temporary file in the same folder (created exclusively,
/// so a planted symbolic link is refused), flushed to disk when it must survive a crash of the machine, then
/// renamed over the state file. A transaction reads the file's first bytes and length first, and the rest only
/// when the decision needs it.
/// Files are private to the user (0600) and every folder made for them too (0700). A file that cannot be read
/// is never written, and no content is written that the reader would refuse for its size.
/// </summary>
internal sealed class StateFile
{
    /// <summary>How long a transaction waits for another process's lock before it gives up.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

    /// <summary>No state file is this large: a larger file is refused before it is read, and a larger content is never written.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private readonly TimeSpan lockWait;
    private readonly IStateFileSystem files;

    /// <summary>Whether the path given ends in a separator: it names a folder, whatever is there.</summary>
    private readonly bool namesFolder;

    /// <summary>The state file at <paramref name="path"/> on the host, waiting at most <paramref name="lockWait"/> for the lock.</summary>
    public StateFile(string path, TimeSpan lockWait)
        : this(path, lockWait, HostFileSystem.Instance)
    {
    }

    /// <summary>The state file at <paramref name="path"/> on <paramref name="files"/>, waiting at most <paramref name="lockWait"/> for the lock.</summary>
    public StateFile(string path, TimeSpan lockWait, IStateFileSystem files)
    {
        namesFolder = System.IO.Path.EndsInDirectorySeparator(path);
        Path = System.IO.Path.GetFullPath(path);
        this.lockWait = lockWait;
        this.files = files;
    }

    /// <summary>The state file's full path.</summary>
    public string Path { get; }

    /// <summary>The lock file beside it.</summary>
    public string LockPath => Path + ".lock";

    /// <summary>The temporary file a new content is written to before it is renamed over the state file.</summary>
    public string TempPath => Path + ".tmp";

    private string Folder => System.IO.Path.GetDirectoryName(Path) ?? ".";

    /// <summary>
    /// Reads the file (none when it does not exist yet), lets <paramref name="decide"/> choose the answer and
    /// the new content, and writes that content atomically (and durably when the decision asks for it), under
    /// the lock. When there is no file and the decision changes nothing, the answer is given without the lock,
    /// and nothing is created: no folder, no lock file. <paramref name="decide"/> runs once, unless another
    /// process creates the file between its first run and the lock.
    /// </summary>
    /// <remarks>A wait for another process's lock ends as soon as <paramref name="cancel"/> is cancelled, with <see cref="Errors.Cancelled"/>.</remarks>
    public Fin<T> Transact<T>(CancellationToken cancel, Func<Option<StoredFile>, Fin<StateDecision<T>>> decide)
    {
        if (FileLockingDisabled())
        {
            return Problem<T>(
                "File locking is turned off for .NET (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), so portres cannot keep concurrent updates of the state file safe",
                "unset DOTNET_SYSTEM_IO_DISABLEFILELOCKING and try again");
        }

        var exists = Exists();
        if (exists.IsFail)
        {
            return (Error)exists;
        }

        Fin<StateDecision<T>>? beforeAnyFile = null;
        if (!(bool)exists)
        {
            // Nothing to read, so nothing to lock for a decision that changes nothing.
            var fresh = decide(None);
            if (fresh.IsFail || ((StateDecision<T>)fresh).Write.IsNone)
            {
                return fresh.Bind(decision => decision.Answer);
            }

            beforeAnyFile = fresh;
        }

        // A decision made before any file existed still holds while there is none: the work runs once, and again
        // only when another process created the file in between.
        return from folder in EnsureFolder()
               from gate in Lock(cancel)
               from result in Use(gate, () => Locked(decide, beforeAnyFile))
               select result;
    }

    private static Fin<T> Use<T>(IDisposable gate, Func<Fin<T>> body)
    {
        using (gate)
        {
            return body();
        }
    }

    /// <summary>Read, decide and write, with the lock held.</summary>
    private Fin<T> Locked<T>(Func<Option<StoredFile>, Fin<StateDecision<T>>> decide, Fin<StateDecision<T>>? beforeAnyFile)
    {
        var read = Read();
        if (read.IsFail)
        {
            return (Error)read;
        }

        var current = (Option<StoredFile>)read;
        try
        {
            return from decision in current.IsNone && beforeAnyFile is { } made ? made : decide(current)
                   from written in decision.Write.Match(Some: Write, None: () => FinSucc(unit))
                   from answer in decision.Answer
                   select answer;
        }
        finally
        {
            current.IfSome(file => file.Dispose());
        }
    }

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true";

    /// <summary>Whether the state file exists, by the same open as the read: anything but a regular file is refused here, before anything is created.</summary>
    private Fin<bool> Exists() =>
        Open(stream =>
        {
            stream.Dispose();
            return FinSucc(Some(unit));
        }).Map(found => found.IsSome);

    private Fin<Unit> EnsureFolder()
    {
        try
        {
            files.CreateFolder(Folder);
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Unit>($"The folder {Folder} of the state file cannot be created ({e.Message})", "create it, or point --state elsewhere");
        }
    }

    private Fin<IDisposable> Lock(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                if (files.TryLock(LockPath) is { } held)
                {
                    return FinSucc(held);
                }
            }
            catch (NotARegularFileException e)
            {
                return Problem<IDisposable>(
                    $"{LockPath} is {NotARegularFileException.Describe(e.Kind)}, where portres keeps its lock file; it will not open it",
                    "remove it if you did not put it there, and try again");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Problem<IDisposable>($"The lock file {LockPath} cannot be opened ({e.Message})", "check the permissions of its folder, or point --state elsewhere");
            }

            if (clock.Elapsed >= lockWait)
            {
                return Problem<IDisposable>(
                    $"Another portres process has held the lock {LockPath} for more than {lockWait.TotalSeconds:0} seconds",
                    $"try again; if it persists, find the process that holds it (fuser {LockPath})");
            }

            // Exponential backoff with jitter: many processes waiting at once do not retry in step.
            if (cancel.WaitHandle.WaitOne(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)pause.TotalMilliseconds + 1))))
            {
                return FinFail<IDisposable>(Errors.Cancelled);
            }

            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 50));
        }
    }

    /// <summary>The file open for reading, with its stamp read; the caller disposes it.</summary>
    private Fin<Option<StoredFile>> Read() =>
        Open(stream =>
        {
            try
            {
                if (stream.Length > MaxBytes)
                {
                    stream.Dispose();
                    return Problem<Option<StoredFile>>(
                        $"The state file {Path} is {stream.Length} bytes, far larger than any portres state file",
                        "it was left untouched: move it aside to start afresh, or point --state at another file");
                }

                return Some(new StoredFile(stream, Path));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        });

    /// <summary>The one open of the state file: <paramref name="use"/> of the regular file, none when there is none, or why it cannot be used.</summary>
    private Fin<Option<TFile>> Open<TFile>(Func<Stream, Fin<Option<TFile>>> use)
    {
        if (namesFolder)
        {
            return Problem<Option<TFile>>(
                $"The state file {Path} ends in a separator, so it names a folder, not a file",
                "nothing was created: point --state at a file, for example state.json in that folder");
        }

        try
        {
            return files.OpenRegular(Path) is { } stream ? use(stream) : FinSucc(Option<TFile>.None);
        }
        catch (NotARegularFileException e)
        {
            return Problem<Option<TFile>>(
                $"The state file {Path} is {NotARegularFileException.Describe(e.Kind)}, not a regular file",
                "it was left untouched and nothing was created: point --state at a regular file, or remove what is there if you did not put it there");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FinSucc(Option<TFile>.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Option<TFile>>(
                $"The state file {Path} cannot be read ({e.Message})",
                "it was left untouched: check that it is yours and readable (mode 600), or point --state at another file");
        }
    }

    private Fin<Unit> Write(StateWrite write) => write switch
    {
        StateWrite.Replacement replacement => Replace(replacement),
        StateWrite.Appending appending => Append(appending),
        _ => throw new InvalidOperationException($"an unknown write {write}"),
    };

    private Fin<Unit> Append(StateWrite.Appending appending)
    {
        var length = appending.At + appending.Line.Length;
        if (length > MaxBytes)
        {
            return TooLarge<Unit>(length);
        }

        try
        {
            using var file = files.OpenForWriting(Path) ?? throw new FileNotFoundException($"{Path} is gone");
            if (file.Length < appending.At)
            {
                // Under the lock no one else writes: a file shorter than its last complete line was changed by hand.
                return Problem<Unit>(
                    $"The state file {Path} changed while portres held its lock",
                    "it was left as it was: make sure no other program writes it, and try again");
            }

            if (file.Length > appending.At)
            {
                file.SetLength(appending.At); // a line whose write was cut short, never acknowledged
            }

            try
            {
                file.Position = appending.At;
                file.Write(appending.Line.Span);
                files.Flush(file, toDisk: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A line that was written whole but not acknowledged would be read: take it back when the file allows.
                Undo(file, appending.At);
                throw;
            }

            return unit;
        }
        catch (NotARegularFileException e)
        {
            return Problem<Unit>(
                $"The state file {Path} is {NotARegularFileException.Describe(e.Kind)}, not a regular file",
                "it was left untouched: point --state at a regular file, or remove what is there if you did not put it there");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Unit>(
                $"The state file {Path} cannot be written ({e.Message})",
                "what it holds is as it was: check the free space and the permissions of its folder, and try again");
        }
    }

    private static void Undo(Stream file, long length)
    {
        try
        {
            file.SetLength(length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What stays is a line cut short, which no reader takes, or a whole line whose change then stays made.
        }
    }

    private Fin<Unit> Replace(StateWrite.Replacement replacement)
    {
        if (replacement.Content.Length > MaxBytes)
        {
            return TooLarge<Unit>(replacement.Content.Length);
        }

        try
        {
            var stale = files.KindOf(TempPath);
            if (stale is not (EntryKind.Missing or EntryKind.RegularFile))
            {
                return Problem<Unit>(
                    $"{TempPath} is {NotARegularFileException.Describe(stale)}, where portres writes its temporary file; it will not write through it",
                    "remove it if you did not put it there, and try again");
            }

            if (stale == EntryKind.RegularFile)
            {
                // Left by a portres that died while writing; no one else writes it while we hold the lock.
                files.Delete(TempPath);
            }

            using (var temp = files.CreateNew(TempPath))
            {
                temp.Write(replacement.Content.Span);
                files.Flush(temp, replacement.IsDurable);
            }

            files.Rename(TempPath, Path);
            if (replacement.IsDurable)
            {
                files.SyncFolder(Folder);
            }

            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Unit>(
                $"The state file {Path} cannot be written ({e.Message})",
                "it was left as it was: check the free space and the permissions of its folder, and try again");
        }
    }

    /// <summary>The reader refuses a file this large, so writing it would lock every later command out.</summary>
    private Fin<T> TooLarge<T>(long length) =>
        Problem<T>(
            $"The new state would take {length} bytes, more than the {MaxBytes} bytes a portres state file may hold",
            $"nothing was changed and {Path} was left as it was: delete or release reservations you no longer need, or point --state at another file");

    private static Fin<T> Problem<T>(string problem, string advice) => FinFail<T>(new StateFileProblem(problem, advice));
}
