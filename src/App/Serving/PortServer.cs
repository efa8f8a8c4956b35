using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Cli;
using PortReservation.App.Host;
using PortReservation.App.Output;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Serving;

/// <summary>
/// <c>portres serve</c>: a drop-in for Debian's portserver over the shared simulated table. Each connection
/// carries one request (a process id and a newline); a process that runs gets a port and a newline, and the
/// connection closes; any other request gets nothing, as from portserver, and the server serves on.
/// </summary>
/// <remarks>
/// One thread, as portserver's event loop: it waits (poll) for connections and requests, reads what every client
/// sent, and hands out the ports of all the requests that are complete in one transaction of the state file, so every
/// port is in the file before any is answered, and clients that ask at once share a transaction. Plain system calls on
/// non-blocking descriptors: no thread hops, no exceptions for a would-block. A client that connects and never writes
/// holds only its own connection, as with portserver.
/// </remarks>
internal sealed class PortServer
{
    // Linux's values.
    private const int ECONNREFUSED = 111, EAGAIN = 11, EINTR = 4;
    private const short PollIn = 1;
    private const int SockNonBlock = 0x800, SockCloExec = 0x80000, MsgNoSignal = 0x4000;

    /// <summary>How often the loop looks for a stop while no client asks.</summary>
    private const int StopCheckMilliseconds = 100;

    /// <summary>How long a transaction waits at most for clients that have connected but not yet written.</summary>
    private const int JoinMilliseconds = 1;

    private readonly SharedFakeWindows machine;
    private readonly IProcessTable processes;
    private readonly Protocol protocol;
    private readonly Func<Port, bool> isFreeOnHost;
    private readonly Socket listener;
    private readonly PortServerAddress address;
    private readonly TextWriter log;
    private readonly bool verbose;
    private long granted;
    private long refused;
    private long transactions;

    private PortServer(
        SharedFakeWindows machine, IProcessTable processes, Protocol protocol, Func<Port, bool> isFreeOnHost, Socket listener, PortServerAddress address, TextWriter log, bool verbose) =>
        (this.machine, this.processes, this.protocol, this.isFreeOnHost, this.listener, this.address, this.log, this.verbose) =
        (machine, processes, protocol, isFreeOnHost, listener, address, TextWriter.Synchronized(log), verbose);

    /// <summary>
    /// A server listening on <paramref name="address"/>, or why it cannot: <see cref="AddressTaken"/> when another
    /// server or a file that is not a socket has it (a socket file no one listens on is left from a server that died, and
    /// is replaced), a usage problem when the address cannot be bound (a missing folder, no permission).
    /// </summary>
    public static Fin<PortServer> Listen(
        SharedFakeWindows machine, IProcessTable processes, Protocol protocol, Func<Port, bool> isFreeOnHost, PortServerAddress address, TextWriter log, bool verbose)
    {
        if (!address.IsAbstract)
        {
            var taken = ClearStalePath(address);
            if (taken.IsFail)
            {
                return (Error)taken;
            }
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(address.EndPoint);
            listener.Listen(512);
            return new PortServer(machine, processes, protocol, isFreeOnHost, listener, address, log, verbose);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? FinFail<PortServer>(new AddressTaken($"another server already listens on {address}; stop it, or give --address another name"))
                : FinFail<PortServer>(new UsageProblem($"serve cannot listen on {address} ({e.Message.TrimEnd('.')})"));
        }
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled; then stops listening and removes a path address's socket file.</summary>
    public void Run(CancellationToken stop)
    {
        Say($"serving {Names.Upper(protocol)} ports on {address} (PORTSERVER_ADDRESS={address}); Ctrl-C or SIGTERM stops");
        var reading = new List<Connection>();
        var batch = new List<Ask>();
        try
        {
            listener.Blocking = false;
            while (!stop.IsCancellationRequested)
            {
                Wait(reading, StopCheckMilliseconds);
                Accept(reading);
                Read(reading, batch);
                if (batch.Count > 0 && reading.Count > 0)
                {
                    // Clients that have connected are about to write: their requests join this transaction.
                    Wait(reading, JoinMilliseconds);
                    Accept(reading);
                    Read(reading, batch);
                }

                if (batch.Count > 0)
                {
                    Answer(batch);
                    batch.Clear();
                }
            }
        }
        finally
        {
            foreach (var connection in reading)
            {
                _ = Libc.Close(connection.Fd);
            }

            listener.Dispose();
            if (!address.IsAbstract)
            {
                TryDelete(address.FilePath);
            }

            // As portserver dumps its statistics when it stops.
            Say($"stopped (ports handed out: {granted}, transactions: {transactions}, requests refused: {refused}); "
                + "the ports stay reserved until their processes end");
        }
    }

    /// <summary>Waits until a client connects or writes, or <paramref name="milliseconds"/> pass.</summary>
    private unsafe void Wait(List<Connection> reading, int milliseconds)
    {
        var descriptors = new Libc.PollFd[reading.Count + 1];
        descriptors[0] = new Libc.PollFd { Fd = (int)listener.Handle, Events = PollIn };
        for (var i = 0; i < reading.Count; i++)
        {
            descriptors[i + 1] = new Libc.PollFd { Fd = reading[i].Fd, Events = PollIn };
        }

        fixed (Libc.PollFd* first = descriptors)
        {
            _ = Libc.Poll(first, (nuint)descriptors.Length, milliseconds); // EINTR and timeouts alike: look again
        }
    }

    /// <summary>Takes every connection waiting.</summary>
    private void Accept(List<Connection> reading)
    {
        while (true)
        {
            var fd = Libc.Accept4(listener.Handle, 0, 0, SockNonBlock | SockCloExec);
            if (fd < 0)
            {
                return; // EAGAIN: none left; any other error belongs to that one connection, which is gone
            }

            reading.Add(new Connection(fd));
        }
    }

    /// <summary>Reads what the clients sent; a request that is complete leaves <paramref name="reading"/>, refused or into <paramref name="batch"/>.</summary>
    private unsafe void Read(List<Connection> reading, List<Ask> batch)
    {
        for (var i = reading.Count - 1; i >= 0; i--)
        {
            var connection = reading[i];
            nint read;
            fixed (byte* free = &connection.Buffer[connection.Length])
            {
                read = Libc.Recv(connection.Fd, free, connection.Buffer.Length - connection.Length, 0);
            }

            if (read < 0 && Marshal.GetLastPInvokeError() is EAGAIN or EINTR)
            {
                continue;
            }

            var received = connection.Buffer.AsSpan(connection.Length, (int)Math.Max(read, 0));
            connection.Length += received.Length;
            if (read > 0 && connection.Length < connection.Buffer.Length && !received.Contains((byte)'\n'))
            {
                continue;
            }

            reading.RemoveAt(i);
            var ask = read < 0 ? null : AskFor(connection);
            if (ask is null)
            {
                _ = Libc.Close(connection.Fd);
            }
            else
            {
                batch.Add(ask);
            }
        }
    }

    /// <summary>The request of a connection whose client has sent it all, or null (logged) when portserver would give no port.</summary>
    private Ask? AskFor(Connection connection)
    {
        var request = connection.Buffer.AsSpan(0, connection.Length);
        var pid = PortRequest.Parse(request);
        if (pid is not long number)
        {
            return Refused($"request {PortRequest.Quote(request)}: not a process id (the pid in ASCII and a newline, at most {PortRequest.MaxBytes} bytes)");
        }

        var process = new ProcessId(number);
        if (number <= 0)
        {
            return Refused($"pid {process}: not a process id");
        }

        if (number == 1)
        {
            // portserver's reason: the client meant its parent, which had exited, and was reparented to init.
            return Refused("pid 1: init, whose ports would never be reclaimed");
        }

        if (process == ProcessId.SimulatedSystem)
        {
            return Refused($"pid {process}: the simulated system process that holds imported blocks, whose ports would never be reclaimed");
        }

        return processes.StartOf(process).Case is ProcessStart started
            ? new Ask(connection.Fd, process, started)
            : Refused($"pid {process}: no such process");
    }

    /// <summary>Grants the ports of <paramref name="batch"/> in one transaction, then answers each client and closes its connection.</summary>
    private unsafe void Answer(List<Ask> batch)
    {
        var answers = Grant(batch);
        transactions++;
        Span<byte> line = stackalloc byte[8];
        for (var i = 0; i < batch.Count; i++)
        {
            var (fd, process, answer) = (batch[i].Fd, batch[i].Process, answers[i]);
            if (answer.Case is Port port)
            {
                granted++;
                _ = port.Value.TryFormat(line, out var digits, provider: CultureInfo.InvariantCulture);
                line[digits] = (byte)'\n';
                fixed (byte* bytes = line)
                {
                    // Six bytes into an empty socket buffer: never blocks; a client that left gets EPIPE, not SIGPIPE.
                    _ = Libc.Send(fd, bytes, digits + 1, MsgNoSignal);
                }
            }
            else
            {
                refused++;
            }

            _ = Libc.Close(fd);
            if (verbose)
            {
                Say(answer.Case is Port given
                    ? $"pid {process}: port {given}"
                    : $"pid {process}: no port left in the dynamic range (every port is reserved, or bound on this host)");
            }
        }
    }

    private Option<Port>[] Grant(List<Ask> batch)
    {
        var starts = new Dictionary<ProcessId, ProcessStart>();
        var clients = new ProcessId[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            (clients[i], starts[batch[i].Process]) = (batch[i].Process, batch[i].Start);
        }

        var granted = machine.TransactFor(starts, fake => PortHandout.Grant(fake, protocol, clients, isFreeOnHost));
        if (granted.IsSucc)
        {
            return (Option<Port>[])granted;
        }

        // Not only at --verbose: the state file needs the user, and every client is refused until it is fixed.
        Say($"no ports for pids {string.Join(", ", clients.Select(c => c.ToString()))}: {Failures.Describe((Error)granted, "serve").Sentence}");
        return new Option<Port>[batch.Count];
    }

    private Ask? Refused(string why)
    {
        refused++;
        if (verbose)
        {
            Say($"{why}; no port");
        }

        return null;
    }

    private void Say(string line) => log.WriteLine($"portres serve: {line}");

    /// <summary>
    /// Clears the way for a path address: nothing there, or a socket file no server listens on (left by one that
    /// died), which is removed. A socket someone answers on, or a file of another kind, is <see cref="AddressTaken"/>.
    /// </summary>
    private static Fin<Unit> ClearStalePath(PortServerAddress address)
    {
        var path = address.FilePath;
        FileSystemInfo existing = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!existing.Exists && existing.LinkTarget is null)
        {
            return unit;
        }

        if (existing is DirectoryInfo || existing.LinkTarget is not null || !IsSocketFile(path))
        {
            return FinFail<Unit>(new AddressTaken($"{path} exists and is not a socket; remove it, or give --address another path"));
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(address.EndPoint);
            return FinFail<Unit>(new AddressTaken($"another server already listens on {path}; stop it, or give --address another path"));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused || e.ErrorCode == ECONNREFUSED)
        {
            TryDelete(path);
            return unit;
        }
        catch (SocketException e)
        {
            return FinFail<Unit>(new UsageProblem($"serve cannot check the socket {path} ({e.Message.TrimEnd('.')})"));
        }
    }

    /// <summary>Whether <paramref name="path"/> is a socket file: open(2) refuses a socket, and only a socket, with ENXIO (a FIFO opens, without blocking).</summary>
    private static bool IsSocketFile(string path)
    {
        var descriptor = Libc.Open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (descriptor >= 0)
        {
            _ = Libc.Close(descriptor);
            return false;
        }

        return Marshal.GetLastPInvokeError() == Libc.ENXIO;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A client's connection while its request is read.</summary>
    private sealed class Connection(int fd)
    {
        public int Fd { get; } = fd;

        /// <summary>As much as portserver reads: a longer request is refused after it was read, so the client sees an orderly close.</summary>
        public byte[] Buffer { get; } = new byte[PortRequest.ReadBytes];

        public int Length { get; set; }
    }

    /// <summary>A client's request for a port, on behalf of a process that runs.</summary>
    private sealed record Ask(int Fd, ProcessId Process, ProcessStart Start);
}
