using System.Runtime.InteropServices;
using LanguageExt;
using PortReservation.App.Host;
using static LanguageExt.Prelude;

namespace PortReservation.App.Running;

/// <summary>
/// Keeps portres alive on the signals that would end it while it holds a reservation for COMMAND (SIGHUP,
/// SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM), and passes each on to COMMAND, so COMMAND decides
/// how to end and portres releases the block afterwards. SIGINT and SIGQUIT are the terminal's keys (Ctrl-C,
/// Ctrl-\): the terminal sends them to the whole foreground process group, COMMAND included, so they are
/// passed on only when COMMAND has left portres's process group; otherwise COMMAND would get each twice, as
/// it would from a process-group kill. The first signal also cancels <see cref="Stopping"/>, which ends a
/// wait for the state file's lock at once. On Windows COMMAND shares the console and gets its control events itself.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private const int SIGINT = 2;
    private const int SIGQUIT = 3;

    private readonly Lock gate = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly CancellationTokenSource stopping = new();
    private int child;
    private int received;

    private SignalForwarder()
    {
    }

    /// <summary>The first signal that arrived, if any.</summary>
    public Option<int> Received
    {
        get
        {
            lock (gate)
            {
                return received == 0 ? None : Some(received);
            }
        }
    }

    /// <summary>Cancelled when the first signal arrives: portres is asked to stop.</summary>
    public CancellationToken Stopping => stopping.Token;

    /// <summary>Starts catching the signals.</summary>
    public static SignalForwarder Register()
    {
        var forwarder = new SignalForwarder();
        if (!OperatingSystem.IsWindows())
        {
            foreach (var number in Caught())
            {
                // PosixSignal names only some signals; any other is registered by its raw number.
                var signal = number switch
                {
                    1 => PosixSignal.SIGHUP,
                    SIGINT => PosixSignal.SIGINT,
                    SIGQUIT => PosixSignal.SIGQUIT,
                    15 => PosixSignal.SIGTERM,
                    _ => (PosixSignal)number,
                };
                forwarder.registrations.Add(PosixSignalRegistration.Create(signal, context => forwarder.Handle(context, number)));
            }
        }

        return forwarder;
    }

    /// <summary>From now on signals go to process <paramref name="pid"/>; one that came while it was starting goes to it at once.</summary>
    public void ForwardTo(int pid)
    {
        lock (gate)
        {
            child = pid;
            if (received != 0)
            {
                // It came before COMMAND existed, so not through COMMAND's process group either.
                _ = Libc.Kill(pid, received);
            }
        }
    }

    /// <summary>COMMAND has ended: its pid may be reused, so nothing more goes to it.</summary>
    public void StopForwarding()
    {
        lock (gate)
        {
            child = 0;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        StopForwarding();
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stopping.Dispose();
    }

    /// <summary>The signals that end a process by default and that a user or a supervisor sends to stop or poke one, by this system's numbers.</summary>
    private static int[] Caught() =>
        OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? [1, SIGINT, SIGQUIT, 15, 30, 31, 14] // SIGUSR1 30, SIGUSR2 31, SIGALRM 14
            : [1, SIGINT, SIGQUIT, 15, 10, 12, 14]; // Linux: SIGUSR1 10, SIGUSR2 12, SIGALRM 14

    private void Handle(PosixSignalContext context, int number)
    {
        context.Cancel = true;
        lock (gate)
        {
            if (received == 0)
            {
                received = number;
                stopping.Cancel();
            }

            if (child != 0 && !(number is SIGINT or SIGQUIT && SharesProcessGroup(child)))
            {
                _ = Libc.Kill(child, number);
            }
        }
    }

    /// <summary>Whether COMMAND is in portres's process group, where a terminal's or a group's signal reaches it directly.</summary>
    private static bool SharesProcessGroup(int pid)
    {
        var theirs = Libc.GetProcessGroup(pid);
        return theirs >= 0 && theirs == Libc.GetProcessGroup(0);
    }
}
