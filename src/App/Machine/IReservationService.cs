using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;

namespace PortReservation.App.Machine;

/// <summary>The reservations as this process sees them, whichever adapter serves them.</summary>
internal interface IReservationService
{
    /// <summary>
    /// Runs <paramref name="work"/> against this process's port as one transaction: what it changes is
    /// kept when it succeeds, and no other portres process changes anything in between. The work may
    /// be run more than once (as <c>Atom.Swap</c> may): it must do nothing but call the port.
    /// <paramref name="portsInUseOf"/> names the protocol whose ports in use on the host the work's calls
    /// consult (acquire, create, explain), none when they consult none (list, lookup, delete, release, close).
    /// </summary>
    /// <remarks>
    /// Not generic: Native AOT resolves a generic virtual method by building its instantiation at run time
    /// (several milliseconds for the first one), so the answer travels through
    /// <see cref="ReservationServices.Transact{T}"/>, an ordinary generic method compiled ahead of time.
    /// <para>A wait for another process's lock on the state ends with <see cref="LanguageExt.Common.Errors.Cancelled"/>,
    /// nothing changed, as soon as <paramref name="cancel"/> is cancelled.</para>
    /// </remarks>
    Fin<Unit> Transact(Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<Unit>> work, CancellationToken cancel);

    /// <summary>
    /// A handle that the child processes this process starts from now on inherit, as a Windows child inherits a socket
    /// handle: while any of them holds it, this process's runtime reservations outlive this process. None when the
    /// adapter needs none (Windows ties a reservation to its socket's handles itself) or the host has no such handle
    /// (the fake off Linux, where a reservation ends with its process).
    /// </summary>
    Fin<Option<IDisposable>> HoldForChildren();

    /// <summary>
    /// Imports the excluded port ranges <paramref name="rows"/> gives for the current table (netsh's text, or a
    /// profile that reads the table's dynamic range) as one transaction, emptying that protocol first when
    /// <paramref name="replace"/>; answers the reservations made. Nothing is imported on any failure.
    /// </summary>
    Fin<Seq<Reservation>> Import(Func<ReservationTable, Fin<ExcludedPortTable>> rows, bool replace);
}
