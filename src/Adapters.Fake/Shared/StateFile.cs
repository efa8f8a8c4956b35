using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The one owner of the state file's lock and I/O. A transaction holds an exclusive OS lock on a lock
/// file beside the state file for the whole read-decide-write, so concurrent portres processes never
/// lose an update; a new content is written to a temporary file in the same folder (created exclusively,
/// so a planted symbolic link is refused), flushed to disk when it must survive a crash of the machine,
/// then renamed over the state file. Files are
/// private to the user (0600) and the folder is created private (0700) when missing. A file that cannot
/// be read is never written.
/// </summary>
internal sealed class StateFile
{
    /// <summary>How long a transaction waits for another process's lock before it gives up.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

    /// <summary>No state file is this large; a larger file is refused before it is read.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TimeSpan lockWait;

    /// <summary>The state file at <paramref name="path"/>, waiting at most <paramref name="lockWait"/> for the lock.</summary>
    public StateFile(string path, TimeSpan lockWait)
    {
        Path = System.IO.Path.GetFullPath(path);
        this.lockWait = lockWait;
    }

    /// <summary>The state file's full path.</summary>
    public string Path { get; }

    /// <summary>The lock file beside it.</summary>
    public string LockPath => Path + ".lock";

    /// <summary>The temporary file a new content is written to before it is renamed over the state file.</summary>
    public string TempPath => Path + ".tmp";

    private string Folder => System.IO.Path.GetDirectoryName(Path) ?? ".";

    /// <summary>
    /// Under the lock: reads the file (none when it does not exist yet), lets <paramref name="decide"/>
    /// choose the answer and the new content, and writes that content atomically (and durably when the
    /// decision asks for it).
    /// </summary>
    /// <remarks>A wait for another process's lock ends as soon as <paramref name="cancel"/> is cancelled, with <see cref="Errors.Cancelled"/>.</remarks>
    public Fin<T> Transact<T>(CancellationToken cancel, Func<Option<byte[]>, Fin<StateDecision<T>>> decide)
    {
        if (FileLockingDisabled())
        {
            return Problem<T>(
                "File locking is turned off for .NET (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), so portres cannot keep concurrent updates of the state file safe",
                "unset DOTNET_SYSTEM_IO_DISABLEFILELOCKING and try again");
        }

        return from folder in EnsureFolder()
               from gate in Lock(cancel)
               from result in Use(gate, () =>
                   from current in Read()
                   from decision in decide(current)
                   from written in decision.Replacement.Match(Some: Replace, None: () => FinSucc(unit))
                   from answer in decision.Answer
                   select answer)
               select result;
    }

    private static Fin<T> Use<T>(FileStream gate, Func<Fin<T>> body)
    {
        using (gate)
        {
            return body();
        }
    }

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true";

    private Fin<Unit> EnsureFolder()
    {
        try
        {
            if (!Directory.Exists(Folder))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(Folder);
                }
                else
                {
                    Directory.CreateDirectory(Folder, PrivateFolder);
                }
            }

            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Unit>($"The folder {Folder} of the state file cannot be created ({e.Message})", "create it, or point --state elsewhere");
        }
    }

    private Fin<FileStream> Lock(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                return new FileStream(LockPath, Private(FileMode.OpenOrCreate, FileAccess.ReadWrite));
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                if (clock.Elapsed >= lockWait)
                {
                    return Problem<FileStream>(
                        $"Another portres process has held the lock {LockPath} for more than {lockWait.TotalSeconds:0} seconds",
                        $"try again; if it persists, find the process that holds it (fuser {LockPath})");
                }

                // Exponential backoff with jitter: many processes waiting at once do not retry in step.
                if (cancel.WaitHandle.WaitOne(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)pause.TotalMilliseconds + 1))))
                {
                    return FinFail<FileStream>(Errors.Cancelled);
                }

                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 50));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Problem<FileStream>($"The lock file {LockPath} cannot be opened ({e.Message})", "check the permissions of its folder, or point --state elsewhere");
            }
        }
    }

    /// <summary>Whether opening the lock failed because another open file holds it (EWOULDBLOCK on Linux and macOS, a sharing violation on Windows).</summary>
    private static bool IsHeldByAnother(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    private Fin<Option<byte[]>> Read()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                return Problem<Option<byte[]>>($"The state file {Path} is a folder, not a file", "it was left untouched: remove or rename it, or point --state at a file");
            }

            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxBytes)
            {
                return Problem<Option<byte[]>>(
                    $"The state file {Path} is {stream.Length} bytes, far larger than any portres state file",
                    "it was left untouched: move it aside to start afresh, or point --state at another file");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return Some(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FinSucc(Option<byte[]>.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem<Option<byte[]>>(
                $"The state file {Path} cannot be read ({e.Message})",
                "it was left untouched: check that it is yours and readable (mode 600), or point --state at another file");
        }
    }

    private Fin<Unit> Replace(StateReplacement replacement)
    {
        try
        {
            var stale = new FileInfo(TempPath);
            if (stale.LinkTarget is not null || Directory.Exists(TempPath))
            {
                return Problem<Unit>(
                    $"{TempPath} is a symbolic link or a folder, where portres writes its temporary file; it will not write through it",
                    "remove it if you did not put it there, and try again");
            }

            if (stale.Exists)
            {
                // Left by a portres that died while writing; no one else writes it while we hold the lock.
                File.Delete(TempPath);
            }

            using (var temp = new FileStream(TempPath, Private(FileMode.CreateNew, FileAccess.Write)))
            {
                temp.Write(replacement.Content.Span);
                temp.Flush(flushToDisk: replacement.IsDurable);
            }

            File.Move(TempPath, Path, overwrite: true);
            if (replacement.IsDurable)
            {
                SyncFolder();
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

    /// <summary>Makes the rename itself durable: the folder's entry reaches the disk, not only the file's bytes.</summary>
    private void SyncFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Libc.Open(Folder, Libc.ReadOnly);
        if (descriptor >= 0)
        {
            _ = Libc.Fsync(descriptor);
            _ = Libc.Close(descriptor);
        }
    }

    /// <summary>Opening options for a file no other process may open meanwhile, created readable and writable by the user alone.</summary>
    private static FileStreamOptions Private(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        return options;
    }

    private static Fin<T> Problem<T>(string problem, string advice) => FinFail<T>(new StateFileProblem(problem, advice));
}
