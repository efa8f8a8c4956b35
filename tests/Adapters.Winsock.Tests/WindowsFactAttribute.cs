using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>A fact that runs against the real kernel, reported as skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "requires Windows";
        }
    }
}
