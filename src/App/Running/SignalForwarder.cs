using System.Runtime.InteropServices;
using LanguageExt;
using PortReservation.App.Host;
using static LanguageExt.Prelude;

namespace PortReservation.App.Running;

/// <summary>
/// Keeps portres alive on SIGHUP, SIGINT, SIGQUIT and SIGTERM while it holds a reservation for COMMAND,
/// and passes each such signal on to COMMAND, so COMMAND decides how to end and portres can release the
/// block afterwards. On Windows COMMAND shares the console and gets its control events itself.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGHUP, 1),
        (PosixSignal.SIGINT, 2),
        (PosixSignal.SIGQUIT, 3),
        (PosixSignal.SIGTERM, 15),
    ];

    private readonly Lock gate = new();
    private readonly List<PosixSignalRegistration> registrations = [];
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

    /// <summary>Starts catching the signals.</summary>
    public static SignalForwarder Register()
    {
        var forwarder = new SignalForwarder();
        if (!OperatingSystem.IsWindows())
        {
            foreach (var (signal, number) in Forwarded)
            {
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
    }

    private void Handle(PosixSignalContext context, int number)
    {
        context.Cancel = true;
        lock (gate)
        {
            if (received == 0)
            {
                received = number;
            }

            if (child != 0)
            {
                _ = Libc.Kill(child, number);
            }
        }
    }
}
