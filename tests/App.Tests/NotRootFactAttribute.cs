namespace PortReservation.App.Tests;

/// <summary>A fact about file permissions, which root does not obey: skipped, with the reason, when the tests run as root or on Windows.</summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only.";
        }
        else if (Environment.UserName == "root")
        {
            Skip = "root reads files whatever their mode, so an unreadable file cannot be made.";
        }
    }
}
