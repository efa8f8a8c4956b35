using System.Runtime.InteropServices;
using PortReservation.App.Output;

namespace PortReservation.App.Host;

/// <summary>Standard output and standard error as portres writes them: guarded writers that never throw.</summary>
internal static partial class StandardStreams
{
    private const int ClosedDescriptor = 9; // EBADF

    /// <summary>
    /// The guarded writers of this process's standard output and error. On Unix a descriptor 0, 1 or 2 that the
    /// caller closed (<c>portres show &gt;&amp;-</c>) is first opened on /dev/null, so that no file portres opens
    /// later (the state file's lock, say) takes its number and receives what was meant for the terminal; the
    /// writer of a stream closed that way fails at its first write. So does the writer of a descriptor that is
    /// open but not for writing: when the caller closes descriptor 1, the runtime may take that number for a file
    /// of its own before portres starts, and a write to it would fail with a misleading "access denied".
    /// </summary>
    public static (GuardedWriter Out, GuardedWriter Error) Open()
    {
        // Plain loops over three flags: the first interface call of each LINQ or HashSet call site costs a dispatch
        // resolution in a Native AOT image, on every start.
        var closed = new bool[3];
        if (!OperatingSystem.IsWindows())
        {
            FillClosedDescriptors(closed);
            for (var descriptor = 1; descriptor <= 2; descriptor++)
            {
                closed[descriptor] = closed[descriptor] || !Writable(descriptor);
            }
        }

        return (
            closed[1] ? GuardedWriter.Failed("standard output is closed") : new GuardedWriter(() => Console.Out),
            closed[2] ? GuardedWriter.Failed("standard error is closed") : new GuardedWriter(() => Console.Error));
    }

    /// <summary>Opens /dev/null on each of descriptors 0, 1 and 2 that is closed, and marks those in <paramref name="closed"/>.</summary>
    private static void FillClosedDescriptors(bool[] closed)
    {
        for (var descriptor = 0; descriptor <= 2; descriptor++)
        {
            var copy = Dup(descriptor);
            if (copy >= 0)
            {
                _ = Close(copy);
                continue;
            }

            if (Marshal.GetLastPInvokeError() != ClosedDescriptor)
            {
                continue;
            }

            closed[descriptor] = true;

            // open(2) answers the lowest free number: the closed one, as the lower ones are open by now.
            var opened = OpenNull("/dev/null", 2 /* O_RDWR */);
            if (opened >= 0 && opened != descriptor)
            {
                _ = Dup2(opened, descriptor);
                _ = Close(opened);
            }
        }
    }

    /// <summary>Whether <paramref name="descriptor"/> is open for writing: write(2) of nothing fails with EBADF when it is not, and writes nothing when it is.</summary>
    private static unsafe bool Writable(int descriptor)
    {
        byte nothing = 0;
        return Write(descriptor, &nothing, 0) >= 0 || Marshal.GetLastPInvokeError() != ClosedDescriptor;
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNull(string path, int flags);
}
