namespace PortReservation.Domain;

/// <summary>The port a bind asks for: a specific one, or automatic (native port 0).</summary>
public abstract record BindTarget
{
    private protected BindTarget()
    {
    }

    /// <summary>Bind to exactly this port.</summary>
    /// <param name="Port">The port asked for.</param>
    public sealed record Explicit(Port Port) : BindTarget
    {
        /// <inheritdoc />
        public override string ToString() => $"port {Port}";
    }

    /// <summary>Let the system choose (port 0): from the associated reservation, else from the dynamic range.</summary>
    public sealed record Automatic : BindTarget
    {
        internal Automatic()
        {
        }

        /// <inheritdoc />
        public override string ToString() => "port 0";
    }

    /// <summary>The automatic bind.</summary>
    public static BindTarget Any { get; } = new Automatic();

    /// <summary>A bind to <paramref name="port"/>.</summary>
    public static BindTarget To(Port port) => new Explicit(port);
}
