namespace PortReservation.App.Tests;

/// <summary>A theory about Unix processes or signals: skipped, with the reason, on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix processes and signals only: not on Windows.";
        }
    }
}
