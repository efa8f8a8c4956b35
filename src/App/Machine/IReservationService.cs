using LanguageExt;
using PortReservation.Domain.Ports;

namespace PortReservation.App.Machine;

/// <summary>The reservations as this process sees them, whichever adapter serves them.</summary>
internal interface IReservationService
{
    /// <summary>
    /// Runs <paramref name="work"/> against this process's port as one transaction: what it changes is
    /// kept when it succeeds, and no other portres process changes anything in between.
    /// </summary>
    Fin<T> Transact<T>(Func<IReservationPort, Fin<T>> work);
}
