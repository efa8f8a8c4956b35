namespace PortReservation.Adapters.Fake.Tests;

/// <summary>A fact about Unix files or processes: skipped, with the reason, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes and /proc only: not on Windows.";
        }
    }
}
