using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.Adapters.Winsock;
using PortReservation.App.Cli;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>The one place where the adapter that serves a command is chosen and built.</summary>
internal static class Composition
{
    /// <summary>The environment variable that sets, in seconds, how long to wait for the state file's lock.</summary>
    public const string LockTimeoutVariable = "PORTRES_LOCK_TIMEOUT";

    /// <summary>The reservations as <paramref name="settings"/> ask for them, on this host.</summary>
    public static Fin<IReservationService> Open(GlobalSettings settings, HostServices host) => settings.Adapter switch
    {
        AdapterKind.Fake => SharedFake(settings, host).Map(machine => (IReservationService)new SharedFakeService(machine)),
        _ => Winsock(),
    };

    /// <summary>The fake Windows over the state file <paramref name="settings"/> name, for this process on this host.</summary>
    public static Fin<SharedFakeWindows> SharedFake(GlobalSettings settings, HostServices host) =>
        from wait in LockWait(host)
        from machine in SharedFakeAt(settings.StatePath, (host with { LockWait = wait }).SharedFake(settings.IsElevated), host.OpenSharedFake)
        select machine;

    private static Fin<IReservationService> Winsock()
    {
        if (!OperatingSystem.IsWindows())
        {
            return FinFail<IReservationService>(new ReservationError.Unsupported(
                $"the Winsock adapter needs Windows, and this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
        }

        return OpenWinsock();
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static Fin<IReservationService> OpenWinsock() =>
        WinsockReservations.Create().Map(adapter => (IReservationService)new WinsockService(adapter));

    private static Fin<SharedFakeWindows> SharedFakeAt(string path, SharedFakeOptions options, Func<string, SharedFakeOptions, Fin<SharedFakeWindows>> open)
    {
        if (path.Length == 0)
        {
            return FinFail<SharedFakeWindows>(new UsageProblem("the state file path is empty; give --state a file path, or unset PORTRES_STATE"));
        }

        var opened = open(path, options);
        return opened.IsFail && (Error)opened is ReservationError.InvalidParameter unusable
            ? FinFail<SharedFakeWindows>(new UsageProblem(unusable.Reason))
            : opened;
    }

    private static Fin<TimeSpan> LockWait(HostServices host) =>
        host.GetEnvironmentVariable(LockTimeoutVariable) switch
        {
            null or "" => host.LockWait,
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds is >= 0 and <= 86400 => TimeSpan.FromSeconds(seconds),
            var text => FinFail<TimeSpan>(new UsageProblem($"{LockTimeoutVariable} is '{text}', but it takes a number of seconds from 0 to 86400")),
        };
}
