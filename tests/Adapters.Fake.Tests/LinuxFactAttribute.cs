namespace PortReservation.Adapters.Fake.Tests;

/// <summary>A fact about what only Linux has (the abstract socket namespace): skipped, with the reason, elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: a holder's handle for its children is a socket in Linux's abstract namespace.";
        }
    }
}
