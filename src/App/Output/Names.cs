using PortReservation.Domain;

namespace PortReservation.App.Output;

/// <summary>How values are spelled on the command line and in output.</summary>
internal static class Names
{
    /// <summary><c>tcp</c> or <c>udp</c>, as options and JSON spell it.</summary>
    public static string Of(Protocol protocol) => protocol == Protocol.Tcp ? "tcp" : "udp";

    /// <summary><c>TCP</c> or <c>UDP</c>, as sentences spell it.</summary>
    public static string Upper(Protocol protocol) => protocol == Protocol.Tcp ? "TCP" : "UDP";

    /// <summary><c>persistent</c> or <c>runtime</c>.</summary>
    public static string Of(ReservationKind kind) => kind == ReservationKind.Persistent ? "persistent" : "runtime";
}
