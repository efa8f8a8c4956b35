namespace PortReservation.Testing.Contract;

/// <summary>Run-time skips for <see cref="SkippableFactAttribute"/> tests.</summary>
public static class Skip
{
    /// <summary>Skips the running test when <paramref name="reason"/> is not null; it is the reason the runner shows.</summary>
    /// <exception cref="SkipTestException">When <paramref name="reason"/> is not null.</exception>
    public static void If(string? reason)
    {
        if (reason is not null)
        {
            throw new SkipTestException(reason);
        }
    }
}
