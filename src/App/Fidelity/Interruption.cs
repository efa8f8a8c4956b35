using System.Runtime.InteropServices;

namespace PortReservation.App.Fidelity;

/// <summary>
/// Catches Ctrl-C (SIGINT), SIGTERM and SIGHUP while the selftest runs, so that it stops between two calls and
/// cleans up instead of dying with reservations held.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];
    private volatile int signal;

    private Interruption()
    {
    }

    /// <summary>The number of the first signal that came (2 for Ctrl-C), 0 while none has.</summary>
    public int Signal => signal;

    /// <summary>Starts catching the signals.</summary>
    public static Interruption Register()
    {
        var interruption = new Interruption();
        foreach (var (caught, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1) })
        {
            interruption.registrations.Add(PosixSignalRegistration.Create(caught, context =>
            {
                context.Cancel = true;
                if (interruption.signal == 0)
                {
                    interruption.signal = number;
                }
            }));
        }

        return interruption;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }
}
