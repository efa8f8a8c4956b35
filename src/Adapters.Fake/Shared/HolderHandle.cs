using System.Runtime.InteropServices;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Linux's stand-in for what keeps a Windows socket, and so its runtime reservation, alive after the process that
/// opened it has ended: a handle its child processes inherited. It is a Unix socket in the abstract namespace, named
/// for one holder (the state file, the process id and its start), opened without close-on-exec, so that every child
/// the holder starts from then on, and their children, hold it open too; the kernel frees the name when the last of
/// them closes it. A holder whose process is gone still holds its reservations while its name is taken.
/// </summary>
/// <remarks>
/// The abstract namespace belongs to the network namespace, and any process in it may take any name: a process
/// that takes a dead holder's name keeps that holder's blocks held, as a process that duplicated a Windows handle
/// would.
/// </remarks>
internal sealed class HolderHandle : IDisposable
{
    private int descriptor;

    private HolderHandle(int descriptor) => this.descriptor = descriptor;

    /// <summary>Opens the handle of <paramref name="holder"/>, started at <paramref name="start"/>, in the state file at <paramref name="statePath"/>; Linux only.</summary>
    public static Fin<HolderHandle> Open(string statePath, ProcessId holder, ProcessStart start)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FinFail<HolderHandle>(Error.New("a handle that child processes inherit is made on Linux only; elsewhere the reservations end with their process"));
        }

        // No SOCK_CLOEXEC: the children must inherit it.
        var socket = Libc.Socket(Libc.UnixFamily, Libc.Datagram, 0);
        if (socket < 0)
        {
            return FinFail<HolderHandle>(Error.New($"no socket for the holder handle ({LastError()})"));
        }

        var address = Address(statePath, holder, start);
        if (Libc.Bind(socket, address, address.Length) != 0)
        {
            var reason = LastError();
            _ = Libc.Close(socket);
            return FinFail<HolderHandle>(Error.New($"the holder handle of process {holder} cannot be named ({reason})"));
        }

        return new HolderHandle(socket);
    }

    /// <summary>Whether some process still holds the handle of <paramref name="holder"/>, started at <paramref name="start"/>, in the state file at <paramref name="statePath"/>.</summary>
    public static bool IsHeld(string statePath, ProcessId holder, ProcessStart start)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // Taking the name tells: it fails while any process holds the socket that has it.
        var probe = Libc.Socket(Libc.UnixFamily, Libc.Datagram | Libc.CloseOnExec, 0);
        if (probe < 0)
        {
            return false;
        }

        var address = Address(statePath, holder, start);
        var taken = Libc.Bind(probe, address, address.Length) != 0 && Marshal.GetLastPInvokeError() == Libc.AddressInUse;
        _ = Libc.Close(probe);
        return taken;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var open = Interlocked.Exchange(ref descriptor, -1);
        if (open >= 0)
        {
            _ = Libc.Close(open);
        }
    }

    /// <summary>The sockaddr_un of the holder's abstract name: the family, a NUL, then the name (no terminator).</summary>
    private static byte[] Address(string statePath, ProcessId holder, ProcessStart start)
    {
        var file = PathHash(statePath).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        var name = Encoding.ASCII.GetBytes($"portres/{file}/{holder.Value}/{start.Value}");
        var address = new byte[sizeof(ushort) + 1 + name.Length];
        BitConverter.TryWriteBytes(address, (ushort)Libc.UnixFamily);
        name.CopyTo(address, sizeof(ushort) + 1);
        return address;
    }

    /// <summary>
    /// 64-bit FNV-1a of the path's UTF-8 bytes: the same in every process and build, and it keeps the holders of
    /// different state files apart. Not a cryptographic hash, which would load OpenSSL into every run for one name.
    /// </summary>
    private static ulong PathHash(string path)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    private static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
