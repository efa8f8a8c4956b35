using LanguageExt;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The seam through which the adapter runs netsh: Windows has no public call that lists reservations or
/// reads the dynamic range, and netsh prints both. The production implementation is
/// <see cref="NetshProcess"/>; tests answer recorded text.
/// </summary>
internal interface INetsh
{
    /// <summary>
    /// What <paramref name="query"/> printed on its standard output, as text; or a
    /// <see cref="PortReservation.Domain.ReservationError"/> saying why netsh did not answer (it could not
    /// start, failed, or did not finish in time) and naming the command to run by hand.
    /// </summary>
    Fin<string> Run(NetshQuery query);
}
