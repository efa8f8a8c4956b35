using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Machine;

/// <summary>Transactions that answer a value.</summary>
internal static class ReservationServices
{
    /// <summary>
    /// <see cref="IReservationService.Transact"/> of <paramref name="work"/>, answering what the work answered
    /// in the run that was kept (the last one), or the failure.
    /// </summary>
    public static Fin<T> Transact<T>(
        this IReservationService service, Option<Protocol> portsInUseOf, Func<IReservationPort, Fin<T>> work, CancellationToken cancel = default)
    {
        T answer = default!;
        var done = service.Transact(portsInUseOf, port =>
        {
            var result = work(port);
            if (result.IsFail)
            {
                return (Error)result;
            }

            answer = (T)result;
            return unit;
        }, cancel);
        return done.IsSucc ? answer : (Error)done;
    }
}
