using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>A fact that needs an elevated administrator on Windows, reported as skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ElevatedWindowsFactAttribute : FactAttribute
{
    public ElevatedWindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "requires Windows";
        }
        else if (!Elevation.IsElevated())
        {
            Skip = "requires elevation";
        }
    }
}
