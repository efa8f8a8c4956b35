using System.Runtime.Versioning;
using System.Security.Principal;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>Whether this test process runs as an elevated administrator.</summary>
internal static class Elevation
{
    // Under UAC a non-elevated administrator's token holds Administrators only as a deny-only group,
    // so the role check is false until the process is elevated.
    [SupportedOSPlatform("windows")]
    public static bool IsElevated()
    {
        using var identity = WindowsIdentity.GetCurrent();
        return new WindowsPrincipal(identity).IsInRole(WindowsBuiltInRole.Administrator);
    }
}
