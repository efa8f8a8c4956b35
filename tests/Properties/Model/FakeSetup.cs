using FsCheck.Experimental;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;

namespace PortReservation.Properties.Model;

/// <summary>A fresh fake and the matching empty model: the dynamic range, the token seed and the ports other programs hold.</summary>
internal sealed class FakeSetup(int dynamicStart, int dynamicCount, WildcardFit fit, ulong tokenSeed, (Protocol Protocol, int Port)[] elsewhere)
    : Setup<FakeRig, ReferenceModel>
{
    public override FakeRig Actual()
    {
        var inUse = elsewhere.ToLookup(e => e.Protocol, e => Port.Create(e.Port).ThrowIfFail());
        var options = FakeOptions.Default
            .WithDynamicPorts(DynamicPortRange.Create(dynamicStart, dynamicCount).ThrowIfFail())
            .WithFit(fit)
            .WithTokenSeed(tokenSeed)
            .WithPortsInUse(protocol => inUse[protocol]);
        return new FakeRig(new FakeWindows(options));
    }

    public override ReferenceModel Model() => ReferenceModel.Empty(dynamicStart, dynamicCount, fit == WildcardFit.FirstFitFromTop, elsewhere.Select(e => (e.Protocol, e.Port)));

    public override string ToString() =>
        $"dynamic range {dynamicStart}+{dynamicCount}, {fit}, token seed {tokenSeed}, in use elsewhere [{string.Join(", ", elsewhere.Select(e => $"{e.Protocol} {e.Port}"))}]";
}
