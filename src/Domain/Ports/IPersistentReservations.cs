using LanguageExt;

namespace PortReservation.Domain.Ports;

/// <summary>Persistent reservations, as the IP Helper functions offer them: kept until deleted.</summary>
public interface IPersistentReservations
{
    /// <summary>CreatePersistent{Tcp,Udp}PortReservation: records the block and answers its token.</summary>
    Fin<ReservationToken> Create(Protocol protocol, PortRange range);

    /// <summary>DeletePersistent{Tcp,Udp}PortReservation: removes the block with exactly this start and count.</summary>
    Fin<Unit> Delete(Protocol protocol, PortRange range);

    /// <summary>LookupPersistent{Tcp,Udp}PortReservation: the token of the block with exactly this start and count.</summary>
    Fin<ReservationToken> Lookup(Protocol protocol, PortRange range);
}
