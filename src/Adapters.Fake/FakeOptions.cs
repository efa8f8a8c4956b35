using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake;

/// <summary>How the fake Windows is set up.</summary>
/// <param name="Settings">The dynamic range and the wildcard policy.</param>
/// <param name="IsElevated">
/// Whether processes run as elevated administrators unless told otherwise. Off by default, as for a
/// Windows process under UAC: persistent create and delete, and associating with a persistent block,
/// then fail with access denied.
/// </param>
/// <param name="PortsInUse">
/// Asked before every call for the ports programs outside the fake hold, per protocol; none by default.
/// </param>
/// <param name="TokenSeed">The seed of the token sequence; the same seed gives the same tokens.</param>
public sealed record FakeOptions(
    ReservationSettings Settings,
    bool IsElevated,
    Option<Func<Protocol, IEnumerable<Port>>> PortsInUse,
    ulong TokenSeed)
{
    /// <summary>Windows' default dynamic range and first-fit policy, not elevated, no ports in use, seed 1.</summary>
    public static FakeOptions Default { get; } = new(ReservationSettings.Default, false, None, 1);

    /// <summary>The same options with another dynamic range.</summary>
    public FakeOptions WithDynamicPorts(DynamicPortRange dynamicPorts) =>
        this with { Settings = Settings with { DynamicPorts = dynamicPorts } };

    /// <summary>The same options with another wildcard policy.</summary>
    public FakeOptions WithFit(WildcardFit fit) => this with { Settings = Settings with { Fit = fit } };

    /// <summary>The same options with processes elevated or not.</summary>
    public FakeOptions WithElevation(bool isElevated) => this with { IsElevated = isElevated };

    /// <summary>The same options with these ports held by programs outside the fake.</summary>
    public FakeOptions WithPortsInUse(Func<Protocol, IEnumerable<Port>> portsInUse) =>
        this with { PortsInUse = Some(portsInUse) };

    /// <summary>The same options with another token seed.</summary>
    public FakeOptions WithTokenSeed(ulong seed) => this with { TokenSeed = seed };
}
