using LanguageExt;
using PortReservation.Domain.Ports;

namespace PortReservation.App.Machine;

/// <summary>The reservations as this process sees them, whichever adapter serves them.</summary>
internal interface IReservationService
{
    /// <summary>
    /// Runs <paramref name="work"/> against this process's port as one transaction: what it changes is
    /// kept when it succeeds, and no other portres process changes anything in between. The work may
    /// be run more than once (as <c>Atom.Swap</c> may): it must do nothing but call the port.
    /// </summary>
    Fin<T> Transact<T>(Func<IReservationPort, Fin<T>> work);
}
