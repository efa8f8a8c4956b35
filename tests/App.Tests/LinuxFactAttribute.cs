namespace PortReservation.App.Tests;

/// <summary>A fact about what only Linux shows (/proc/PID/maps): skipped, with the reason, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: reads a process's mappings from /proc/PID/maps.";
        }
    }
}
