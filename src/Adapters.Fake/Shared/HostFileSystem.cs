using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The host's file system for the state store. On Linux the state file and the lock are opened by open(2)
/// with O_NOFOLLOW and O_NONBLOCK and checked with statx(2) on the open descriptor, so a planted link is never
/// followed, a FIFO never makes an open wait, and what is checked is what is used. Elsewhere .NET opens them
/// after a look at the path (a link or a folder is refused; on macOS a FIFO planted there is not caught).
/// </summary>
internal sealed class HostFileSystem : IStateFileSystem
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int RegularType = 0x8000;

    /// <summary>The one instance: it holds no state.</summary>
    public static HostFileSystem Instance { get; } = new();

    private HostFileSystem()
    {
    }

    /// <inheritdoc />
    public Stream? OpenRegular(string path) => OpenExisting(path, FileAccess.Read);

    /// <inheritdoc />
    public Stream? OpenForWriting(string path) => OpenExisting(path, FileAccess.Write);

    /// <inheritdoc />
    public IDisposable? TryLock(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var handle = OpenChecked(path, Libc.ReadWrite, mayCreate: true)!;
            if (Libc.Flock((int)handle.DangerousGetHandle(), Libc.ExclusiveNoWait) == 0)
            {
                return handle;
            }

            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return errno == Libc.WouldBlock ? null : throw Failure(errno);
        }

        if (KindOf(path) is var kind and not (EntryKind.RegularFile or EntryKind.Missing))
        {
            throw new NotARegularFileException(path, kind);
        }

        try
        {
            return new FileStream(path, Private(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public EntryKind KindOf(string path)
    {
        var entry = new FileInfo(path);
        return entry.LinkTarget is not null ? EntryKind.SymbolicLink
            : Directory.Exists(path) ? EntryKind.Folder
            : !entry.Exists ? EntryKind.Missing
            : entry.Attributes.HasFlag(FileAttributes.Device) ? EntryKind.Special
            : EntryKind.RegularFile;
    }

    /// <inheritdoc />
    public void CreateFolder(string folder)
    {
        var missing = new Stack<string>();
        for (var level = folder; !string.IsNullOrEmpty(level) && !Directory.Exists(level); level = Path.GetDirectoryName(level))
        {
            missing.Push(level);
        }

        while (missing.TryPop(out var level))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(level);
            }
            else
            {
                Directory.CreateDirectory(level, PrivateFolder);

                // mkdir(2) takes the umask off the mode: a umask of 077 or 000 gives 0700 anyway, one of 277 would not.
                File.SetUnixFileMode(level, PrivateFolder);
            }
        }
    }

    /// <inheritdoc />
    public Stream CreateNew(string path) => new FileStream(path, Private(FileMode.CreateNew, FileAccess.Write));

    /// <inheritdoc />
    public void Flush(Stream file, bool toDisk)
    {
        if (file is FileStream onDisk)
        {
            onDisk.Flush(flushToDisk: toDisk);
        }
        else
        {
            file.Flush();
        }
    }

    /// <inheritdoc />
    public void Rename(string from, string to) => File.Move(from, to, overwrite: true);

    /// <inheritdoc />
    public void Delete(string path) => File.Delete(path);

    /// <inheritdoc />
    public void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Libc.Open(folder, Libc.ReadOnly);
        if (descriptor >= 0)
        {
            _ = Libc.Fsync(descriptor);
            _ = Libc.Close(descriptor);
        }
    }

    /// <summary>The regular file at <paramref name="path"/>, open for <paramref name="access"/>; none when nothing is there.</summary>
    private Stream? OpenExisting(string path, FileAccess access)
    {
        if (OperatingSystem.IsLinux())
        {
            var handle = OpenChecked(path, access == FileAccess.Read ? Libc.ReadOnly : Libc.WriteOnly, mayCreate: false);
            return handle is null ? null : new FileStream(handle, access, bufferSize: 0);
        }

        if (KindOf(path) is var kind and not (EntryKind.RegularFile or EntryKind.Missing))
        {
            throw new NotARegularFileException(path, kind);
        }

        try
        {
            return new FileStream(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// open(2) of <paramref name="path"/> that never follows a link at its end and never waits (O_NONBLOCK, which a
    /// regular file ignores), then statx(2) of the descriptor: the regular file, none when it does not exist
    /// (and <paramref name="mayCreate"/> is off), or a <see cref="NotARegularFileException"/>.
    /// </summary>
    private static SafeFileHandle? OpenChecked(string path, int access, bool mayCreate)
    {
        var flags = access | Libc.NoFollow | Libc.NonBlocking | Libc.CloseOnExec | (mayCreate ? Libc.Create : 0);
        var descriptor = Libc.Open(path, flags, (uint)PrivateFile);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Libc.NoSuchEntry when !mayCreate => null,
                Libc.TooManyLinks => throw new NotARegularFileException(path, EntryKind.SymbolicLink),
                Libc.IsADirectory => throw new NotARegularFileException(path, EntryKind.Folder),
                Libc.NoSuchDevice => throw new NotARegularFileException(path, EntryKind.Special),
                _ => throw Failure(errno),
            };
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var type = Libc.FileType(descriptor);
        if (type == RegularType)
        {
            return handle;
        }

        var errnoOfType = Marshal.GetLastPInvokeError();
        handle.Dispose();
        throw type switch
        {
            -1 => Failure(errnoOfType),
            0x4000 => new NotARegularFileException(path, EntryKind.Folder),
            _ => new NotARegularFileException(path, EntryKind.Special),
        };
    }

    /// <summary>The C library's failure as .NET reports one: an <see cref="IOException"/> with strerror's words.</summary>
    private static IOException Failure(int errno) => new(new Win32Exception(errno).Message, errno);

    /// <summary>Whether opening the lock failed because another open file holds it (EWOULDBLOCK on macOS, a sharing violation on Windows).</summary>
    private static bool IsHeldByAnother(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

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
}
