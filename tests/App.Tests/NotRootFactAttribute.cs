namespace PortReservation.App.Tests;

/// <summary>A fact about file permissions, which root does not obey: skipped, with the reason, when the tests run as root or on Windows.</summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only: Windows has none.";
        }
        else if (Environment.UserName == "root")
        {
            Skip = "requires a non-root user: root (an elevated user) reads files regardless of their permissions, so an unreadable file cannot be made.";
        }
    }
}
