using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>A fact about what Windows refuses a process that is not elevated, reported as skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnelevatedWindowsFactAttribute : FactAttribute
{
    public UnelevatedWindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "requires Windows";
        }
        else if (Elevation.IsElevated())
        {
            Skip = "requires a process that is not elevated";
        }
    }
}
