using PortReservation.Domain;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// A netsh command the adapter runs to read what Windows has no call for: its arguments, and the command
/// line a user can run by hand to see the same text.
/// </summary>
/// <param name="Protocol">The protocol whose table or range the command shows.</param>
internal abstract record NetshQuery(Protocol Protocol)
{
    /// <summary>The arguments after <c>netsh</c>, one per element (no shell parses them).</summary>
    public abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>The command as a user types it.</summary>
    public string CommandLine => $"netsh {string.Join(' ', Arguments)}";

    /// <inheritdoc />
    public override string ToString() => CommandLine;

    /// <summary><c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c>: the reserved blocks of one protocol.</summary>
    public sealed record ExcludedPortRange(Protocol Protocol) : NetshQuery(Protocol)
    {
        /// <inheritdoc />
        public override IReadOnlyList<string> Arguments => ["int", "ipv4", "show", "excludedportrange", $"protocol={Name(Protocol)}"];
    }

    /// <summary><c>netsh int ipv4 show dynamicport tcp|udp</c>: the dynamic port range of one protocol.</summary>
    public sealed record DynamicPort(Protocol Protocol) : NetshQuery(Protocol)
    {
        /// <inheritdoc />
        public override IReadOnlyList<string> Arguments => ["int", "ipv4", "show", "dynamicport", Name(Protocol)];
    }

    private static string Name(Protocol protocol) => protocol == Protocol.Tcp ? "tcp" : "udp";
}
