using LanguageExt;
using PortReservation.App.Cli;
using PortReservation.App.State;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>The one place where the adapter that serves a command is chosen and built.</summary>
internal static class Composition
{
    /// <summary>The reservations as <paramref name="settings"/> ask for them, on this host.</summary>
    public static Fin<IReservationService> Open(GlobalSettings settings, HostServices host) => settings.Adapter switch
    {
        AdapterKind.Fake => FinSucc<IReservationService>(
            new StateFileReservations(new StateFile(settings.StatePath, host.LockWait), host, settings.IsElevated)),
        _ => Winsock(),
    };

    private static Fin<IReservationService> Winsock() =>
        FinFail<IReservationService>(new ReservationError.Unsupported(OperatingSystem.IsWindows()
            ? "this portres was built without the Winsock adapter"
            : $"the Winsock adapter needs Windows, and this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
}
