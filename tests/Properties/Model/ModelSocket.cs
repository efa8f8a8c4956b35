using PortReservation.Domain;

namespace PortReservation.Properties.Model;

/// <summary>An open socket in the reference model: its number, process, protocol, association and bound port.</summary>
internal sealed record ModelSocket(int Handle, int Pid, Protocol Protocol, int? Association, int? Bound)
{
    public override string ToString() =>
        $"s{Handle}(p{Pid} {Protocol}{(Association is { } a ? $" assoc #{a}" : "")}{(Bound is { } b ? $" bound {b}" : "")})";
}
