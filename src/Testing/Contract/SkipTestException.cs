namespace PortReservation.Testing.Contract;

/// <summary>Thrown by <see cref="Skip.If"/>: a <see cref="SkippableFactAttribute"/> test that throws it is reported as skipped.</summary>
public sealed class SkipTestException : Exception
{
    /// <summary>A skip without a reason; prefer the constructor that takes one.</summary>
    public SkipTestException()
        : base("skipped")
    {
    }

    /// <summary>A skip for <paramref name="reason"/>.</summary>
    public SkipTestException(string reason)
        : base(reason)
    {
    }

    /// <summary>A skip for <paramref name="reason"/>, caused by <paramref name="inner"/>.</summary>
    public SkipTestException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
