namespace PortReservation.App.Tests;

/// <summary>A fact about Unix files, processes or signals: skipped, with the reason, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes, processes and signals only: not on Windows.";
        }
    }
}
