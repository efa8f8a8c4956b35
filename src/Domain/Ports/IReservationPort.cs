namespace PortReservation.Domain.Ports;

/// <summary>Everything one process can do with port reservations: runtime, persistent and queries.</summary>
public interface IReservationPort : IRuntimeReservations, IPersistentReservations, IReservationQuery
{
}
