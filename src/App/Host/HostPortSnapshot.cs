using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.App.Host;

/// <summary>The ports of each protocol that programs on this host hold or that the kernel keeps back, at one moment.</summary>
/// <param name="Tcp">TCP ports unavailable to a reservation.</param>
/// <param name="Udp">UDP ports unavailable to a reservation.</param>
internal sealed record HostPortSnapshot(Set<Port> Tcp, Set<Port> Udp)
{
    /// <summary>A host on which no port is taken.</summary>
    public static HostPortSnapshot None { get; } = new(Set<Port>.Empty, Set<Port>.Empty);

    /// <summary>The unavailable ports of <paramref name="protocol"/>.</summary>
    public IEnumerable<Port> For(Protocol protocol) => protocol == Protocol.Tcp ? Tcp : Udp;
}
