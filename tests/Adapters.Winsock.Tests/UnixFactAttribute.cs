using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>A fact that runs a shell script in place of netsh.exe, reported as skipped on Windows.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "runs a shell script in place of netsh.exe: not on Windows, where the live tests run netsh itself";
        }
    }
}
