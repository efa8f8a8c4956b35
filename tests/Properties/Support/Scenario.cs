using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Properties.Support;

/// <summary>One step of a run, the table before it and what it did.</summary>
internal sealed record TraceEntry(Step Step, ReservationTable Before, Outcome Outcome);

/// <summary>
/// A generated run: a small dynamic range and wildcard policy, a token seed, ports held outside the
/// model, and a sequence of steps by three processes on both protocols, all crowded around the dynamic
/// range so that conflicts, exhaustion and ownership refusals are common.
/// </summary>
internal sealed record Scenario(ReservationSettings Settings, ulong Seed, Seq<Port> TcpInUse, Seq<Port> UdpInUse, Seq<Step> Steps)
{
    /// <summary>The ports the steps name: the dynamic range and a few ports either side.</summary>
    public PortRange Window => Scenarios.WindowAround(Settings.DynamicPorts);

    public ReservationTable Start =>
        ReservationTable.Empty(Settings, Seed)
            .WithPortsInUseElsewhere(Protocol.Tcp, TcpInUse)
            .WithPortsInUseElsewhere(Protocol.Udp, UdpInUse);

    public IEnumerable<TraceEntry> Trace()
    {
        var table = Start;
        foreach (var step in Steps)
        {
            var outcome = step.Apply(table);
            yield return new TraceEntry(step, table, outcome);
            table = outcome.State;
        }
    }

    public ReservationTable Final => Steps.Fold(Start, (table, step) => step.Apply(table).State);

    public override string ToString() =>
        $"dynamic {Settings.DynamicPorts.Range} {Settings.Fit}, seed {Seed}, TCP in use [{string.Join(",", TcpInUse)}], "
        + $"UDP in use [{string.Join(",", UdpInUse)}]{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Steps);
}

/// <summary>Generators of runs and of values that go with them.</summary>
internal static class Scenarios
{
    /// <summary>Ports 1000-1999: no generated run touches them, so a test can add a block there that is surely free.</summary>
    public static PortRange Quiet { get; } = Machine.Range(1000, 1000);

    public static Gen<Protocol> Protocols { get; } = Gen.Elements(Protocol.Tcp, Protocol.Udp);

    public static Gen<int> ProcessNumbers { get; } = Gen.Choose(1, 3);

    public static Gen<DynamicPortRange> DynamicRanges { get; } =
        from start in Gen.Choose(50000, 50008)
        from count in Gen.Choose(4, 40)
        select DynamicPortRange.Create(start, count).Value();

    public static Gen<ReservationSettings> Settings { get; } =
        from dynamic in DynamicRanges
        from fit in Gen.Elements(WildcardFit.FirstFitFromBottom, WildcardFit.FirstFitFromTop)
        select new ReservationSettings(dynamic, fit);

    public static PortRange WindowAround(DynamicPortRange dynamic) =>
        Machine.Range(dynamic.Range.Start.Value - 8, dynamic.Range.Count + 16);

    public static Gen<Port> PortsIn(PortRange window) =>
        Gen.Choose(window.Start.Value, window.End.Value).Select(Machine.PortOf);

    public static Gen<PortRange> BlocksIn(PortRange window, int maxCount) =>
        from start in Gen.Choose(window.Start.Value, window.End.Value)
        from count in Gen.Choose(1, Math.Min(maxCount, window.End.Value - start + 1))
        select Machine.Range(start, count);

    /// <summary>
    /// A protocol and port worth asking about after <paramref name="run"/>: often one a reservation of the final
    /// table holds or a socket is bound to, else any port of the window.
    /// </summary>
    public static Gen<(Protocol Protocol, Port Port)> PortsOfInterest(Scenario run)
    {
        var table = run.Final;
        var anywhere = Protocols.Zip(PortsIn(run.Window));
        var reserved = table.Reservations.Map(r => Gen.Choose(r.Range.Start.Value, r.Range.End.Value).Select(p => (r.Protocol, Machine.PortOf(p)))).ToList();
        var bound = table.Sockets.Bind(s => s.BoundPort.Map(p => (s.Protocol, p))).ToList();
        var choices = new List<(int, Gen<(Protocol, Port)>)> { (2, anywhere) };
        if (reserved.Count > 0)
        {
            choices.Add((3, Gen.OneOf(reserved.ToArray())));
        }

        if (bound.Count > 0)
        {
            choices.Add((1, Gen.Elements(bound.ToArray())));
        }

        return Gen.Frequency(choices);
    }

    private static Gen<int> Picks { get; } = Gen.Choose(0, 1000);

    public static Gen<Step> StepsIn(PortRange window) =>
        Gen.Frequency(
            (3, from process in ProcessNumbers
                from protocol in Protocols
                select (Step)new OpenStep(process, protocol)),
            (4, from socket in Picks
                from request in Gen.Frequency(
                    (1, Gen.Choose(1, 6).Select(count => ReservationRequest.ForAnyBlock(count).Value())),
                    (2, BlocksIn(window, 6).Select(ReservationRequest.ForBlock)))
                from stranger in Gen.Frequency((7, Gen.Constant(false)), (1, Gen.Constant(true)))
                select (Step)new AcquireStep(socket, request, stranger)),
            (2, from socket in Picks
                from reservation in Picks
                from elevated in Gen.Elements(true, false)
                select (Step)new AssociateStep(socket, reservation, elevated)),
            (4, from socket in Picks
                from port in Gen.Frequency(
                    (2, Gen.Constant(Option<Port>.None)),
                    (1, PortsIn(window).Select(Some)))
                select (Step)new BindStep(socket, port)),
            (2, from socket in Picks
                from reservation in Picks
                select (Step)new ReleaseStep(socket, reservation)),
            (1, Picks.Select(socket => (Step)new CloseStep(socket))),
            (1, ProcessNumbers.Select(process => (Step)new EndProcessStep(process))),
            (2, from protocol in Protocols
                from range in BlocksIn(window, 6)
                from elevated in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
                select (Step)new CreatePersistentStep(protocol, range, elevated)),
            (1, from reservation in Picks
                from elevated in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
                select (Step)new DeletePersistentStep(reservation, elevated)));

    public static Gen<Scenario> Runs { get; } =
        from settings in Settings
        from seed in ArbMap.Default.GeneratorFor<ulong>()
        let window = WindowAround(settings.DynamicPorts)
        from tcpInUse in Gen.ListOf(PortsIn(window)).Resize(3)
        from udpInUse in Gen.ListOf(PortsIn(window)).Resize(3)
        from length in Gen.Sized(size => Gen.Choose((size / 2) + 4, size + 4))
        from steps in Gen.ListOf(StepsIn(window), length)
        select new Scenario(settings, seed, toSeq(tcpInUse), toSeq(udpInUse), toSeq(steps));

    /// <summary>Runs that shrink by dropping steps.</summary>
    public static Arbitrary<Scenario> Any { get; } = Arb.From(Runs, Shrink);

    /// <summary>A run and a value drawn for its window; only the run shrinks.</summary>
    public static Arbitrary<(Scenario Run, T Extra)> With<T>(Func<Scenario, Gen<T>> extra) =>
        Arb.From(
            Runs.SelectMany(extra, (run, value) => (run, value)),
            pair => Shrink(pair.run).Select(run => (run, pair.value)));

    /// <summary>The final table of any run, plus a runtime reservation in the quiet ports held by process 1 on its own socket.</summary>
    public static (ReservationTable Table, SocketId Socket, ReservationInstance Instance) WithQuietHold(
        ReservationTable table, Protocol protocol, int start = 1000, int count = 4) =>
        table.Hold(Machine.User(1), protocol, Machine.Range(start, count));

    private static IEnumerable<Scenario> Shrink(Scenario run)
    {
        var steps = run.Steps;
        if (steps.Count > 1)
        {
            yield return run with { Steps = steps.Take(steps.Count / 2) };
            yield return run with { Steps = steps.Skip(steps.Count / 2) };
        }

        for (var i = 0; i < steps.Count; i++)
        {
            yield return run with { Steps = steps.Take(i).Concat(steps.Skip(i + 1)) };
        }
    }
}
