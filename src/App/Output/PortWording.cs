using PortReservation.Domain;

namespace PortReservation.App.Output;

/// <summary>Puts a <see cref="PortExplanation"/> into words: the domain decides, this only says it.</summary>
internal static class PortWording
{
    /// <summary>Which reservation covers the port, its kind, token and holder.</summary>
    public static string Coverage(PortExplanation e) =>
        e.Covering.Match(
            Some: r => $"{Names.Upper(e.Protocol)} port {e.Port} is in the {Names.Of(r.Kind)} reservation {r.Range} (token {r.Token}"
                + (r is Reservation.Runtime runtime ? $", held by {Holder(runtime.Holder.Process)})." : ").")
                + (e.InUse ? " A program holds the port now." : string.Empty),
            None: () => e.InUse
                ? $"{Names.Upper(e.Protocol)} port {e.Port} is not reserved, but a program holds it now."
                : $"{Names.Upper(e.Protocol)} port {e.Port} is not reserved.");

    /// <summary>Who holds a runtime reservation, in words.</summary>
    private static string Holder(ProcessId process) =>
        process == ProcessId.SimulatedSystem
            ? $"process {process}, which stands for a holder Windows does not name, such as WinNAT or HNS"
            : $"process {process}";

    /// <summary>Whether the port is in the dynamic range.</summary>
    public static string DynamicRange(PortExplanation e, DynamicPortRange dynamic) =>
        e.InDynamicRange
            ? $"It is in the dynamic range {dynamic.Range}, where automatic port assignment draws from."
            : $"It is outside the dynamic range {dynamic.Range}.";

    /// <summary>What that means for a program that binds the port, in one sentence.</summary>
    public static string Consequence(PortExplanation e) =>
        (e.ExplicitBind, e.Covering.Map(r => r.Kind).ToNullable()) switch
        {
            (BindVerdict.InUse, _) => "A bind to it fails with \"address in use\" (WSAEADDRINUSE) until that program lets it go.",
            (BindVerdict.AccessForbidden, _) => "An explicit bind to it fails with \"access forbidden\" (WSAEACCES on Windows) in every process but its holder, and automatic port assignment skips it.",
            (_, ReservationKind.Persistent) => "An explicit bind to it works, but automatic port assignment skips it.",
            (_, ReservationKind.Runtime) => "Its holder may bind it; automatic port assignment skips it.",
            _ when e.AutomaticBindMayDraw => "A program may bind it, but any automatic bind may take it first.",
            _ => "A program may bind it; automatic port assignment never picks it.",
        };
}
