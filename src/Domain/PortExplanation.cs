using LanguageExt;

namespace PortReservation.Domain;

/// <summary>Why a port can or cannot be bound: the reservation that covers it and what that means for a program.</summary>
/// <param name="Protocol">The port space.</param>
/// <param name="Port">The port asked about.</param>
/// <param name="Covering">The live reservation that holds the port, if any.</param>
/// <param name="InDynamicRange">Whether the port is in the dynamic range, where automatic binds draw from.</param>
/// <param name="InUse">Whether a socket already holds the port.</param>
/// <param name="ExplicitBind">What a bind to exactly this port by the asking process would do.</param>
/// <param name="AutomaticBindMayDraw">Whether an automatic (port 0) bind may be given this port.</param>
public sealed record PortExplanation(
    Protocol Protocol,
    Port Port,
    Option<Reservation> Covering,
    bool InDynamicRange,
    bool InUse,
    BindVerdict ExplicitBind,
    bool AutomaticBindMayDraw)
{
    /// <summary>Whether a live reservation holds the port.</summary>
    public bool IsReserved => Covering.IsSome;
}
