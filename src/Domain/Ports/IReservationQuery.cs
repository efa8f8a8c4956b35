using LanguageExt;

namespace PortReservation.Domain.Ports;

/// <summary>Questions about the reservation table that change nothing.</summary>
public interface IReservationQuery
{
    /// <summary>Every live reservation the adapter can see, of one protocol or both, sorted by protocol, then start.</summary>
    Fin<Seq<Reservation>> List(Option<Protocol> protocol);

    /// <summary>Which reservation covers <paramref name="port"/> and what that means for a bind by the calling process.</summary>
    Fin<PortExplanation> Explain(Protocol protocol, Port port);

    /// <summary>The dynamic range automatic binds and wildcard blocks come from.</summary>
    Fin<DynamicPortRange> DynamicPorts();
}
