using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Adapters.Winsock;

/// <summary>What the adapter asks netsh: the two tables Windows shows only through it. Tests substitute recorded text.</summary>
internal interface INetsh
{
    /// <summary>The text of <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c>, or why it could not be had.</summary>
    Fin<string> ExcludedPortRanges(Protocol protocol);

    /// <summary>The text of <c>netsh int ipv4 show dynamicport tcp|udp</c>, or why it could not be had.</summary>
    Fin<string> DynamicPorts(Protocol protocol);
}
