using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using PortReservation.Recording;
using PortReservation.Testing;
using static LanguageExt.Prelude;

namespace PortReservation.Properties.Recording;

/// <summary>
/// A generated command script: a machine (dynamic range, elevation, token seed, blocks there before, sockets
/// opened before the recording so the recorded socket numbers differ from a fresh fake's) and the calls of three
/// processes on it. Sockets and tokens are picked by index from those obtained so far, or made up, so scripts
/// hit both the rules' successes and their errors.
/// </summary>
public sealed record Script(
    DynamicPortRange Dynamic,
    bool Elevated,
    ulong Seed,
    int SocketsBefore,
    IReadOnlyList<(PortRange Range, Protocol Protocol, bool Persistent)> Existing,
    IReadOnlyList<ScriptCall> Calls)
{
    public override string ToString() =>
        $"dynamic {Dynamic.Range}, elevated {Elevated}, seed {Seed}, {SocketsBefore} sockets before, existing "
        + string.Join(", ", Existing.Select(e => $"{e.Protocol} {e.Range}{(e.Persistent ? "*" : "")}"))
        + "\n" + string.Join("\n", Calls);

    /// <summary>Scripts of up to 40 calls around a small dynamic range.</summary>
    public static Arbitrary<Script> Arbitrary { get; } =
        (from dynamic in DomainGenerators.SmallDynamicRanges
         let window = PortRange.Create(Math.Max(1, dynamic.Range.Start.Value - 12), Math.Min(65535, dynamic.Range.End.Value + 12) - Math.Max(1, dynamic.Range.Start.Value - 12) + 1).ThrowIfFail()
         from elevated in ArbMap.Default.GeneratorFor<bool>()
         from seed in Gen.Choose(1, int.MaxValue).Select(s => (ulong)s * 7919)
         from before in Gen.Choose(0, 5)
         from existing in Gen.ListOf(
             from range in DomainGenerators.RangesWithin(window, 6)
             from protocol in DomainGenerators.Protocols
             from persistent in ArbMap.Default.GeneratorFor<bool>()
             select (range, protocol, persistent)).Resize(4)
         from calls in Gen.ListOf(ScriptCall.In(window, dynamic)).Resize(40)
         select new Script(dynamic, elevated, seed, before, [.. existing], [.. calls]))
        .ToArbitrary();

    /// <summary>
    /// Runs the script on a fake of its own, recording every call; the blocks there before are imported (those that
    /// fit together) and the sockets opened before are not recorded. Answers the trace.
    /// </summary>
    public Trace Record()
    {
        var machine = new FakeWindows(FakeOptions.Default.WithDynamicPorts(Dynamic).WithElevation(Elevated).WithTokenSeed(Seed));
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            foreach (var (range, _, persistent) in Existing.Where(e => e.Protocol == protocol))
            {
                // One row at a time: a row over an earlier one is left out, as a machine never holds both.
                _ = ExcludedPortTable.Create(protocol, [new ExcludedPortRange(range, persistent)]).Bind(t => machine.Import(t, replace: false));
            }
        }

        for (var i = 0; i < SocketsBefore; i++)
        {
            _ = machine.Process(new ProcessId(99)).OpenSocket(Protocol.Tcp);
        }

        var header = TraceHeader.ForThisMachine(
            "fake",
            Dynamic,
            Elevated,
            [.. machine.Process(new ProcessId(99)).List(None).ThrowIfFail().Map(ExistingBlock.Of)]);
        using var writer = new TraceWriter(new MemoryStream(), header);
        var processes = Enumerable.Range(1, 3).ToDictionary(
            pid => pid,
            pid => (IReservationPort)new RecordingReservations(machine.Process(new ProcessId(pid)), writer, new ProcessId(pid), isSimulated: true));
        var state = new ScriptState();
        foreach (var call in Calls)
        {
            call.Run(processes[call.Process], state);
        }

        return writer.Trace;
    }
}

/// <summary>What the script has obtained so far, for calls to pick from.</summary>
public sealed class ScriptState
{
    public List<SocketId> Sockets { get; } = [];

    public List<ReservationToken> Tokens { get; } = [];

    public List<PortRange> Blocks { get; } = [];

    public SocketId Socket(int pick) => Sockets.Count == 0 || pick < 0 ? new SocketId(1000 + Math.Abs(pick)) : Sockets[pick % Sockets.Count];

    public ReservationToken Token(int pick) =>
        Tokens.Count == 0 || pick < 0 ? ReservationToken.Create((ulong)(1 + Math.Abs(pick))).ThrowIfFail() : Tokens[pick % Tokens.Count];

    public PortRange Block(int pick, PortRange fallback) => Blocks.Count == 0 || pick < 0 ? fallback : Blocks[pick % Blocks.Count];
}

/// <summary>One call of a script, by process 1, 2 or 3.</summary>
public sealed record ScriptCall(string Kind, int Process, Protocol Protocol, int Pick, int Pick2, PortRange Range, int Count)
{
    public override string ToString() => $"p{Process} {Kind} {Protocol} pick {Pick}/{Pick2} {Range} count {Count}";

    public static Gen<ScriptCall> In(PortRange window, DynamicPortRange dynamic) =>
        from kind in Gen.Frequency(
            (4, Gen.Constant(TraceCalls.OpenSocket)),
            (4, Gen.Constant(TraceCalls.Acquire)),
            (3, Gen.Constant(TraceCalls.Associate)),
            (3, Gen.Constant(TraceCalls.Bind)),
            (2, Gen.Constant(TraceCalls.Release)),
            (2, Gen.Constant(TraceCalls.Close)),
            (2, Gen.Constant(TraceCalls.Create)),
            (1, Gen.Constant(TraceCalls.Delete)),
            (1, Gen.Constant(TraceCalls.Lookup)),
            (1, Gen.Constant(TraceCalls.List)),
            (1, Gen.Constant(TraceCalls.Explain)),
            (1, Gen.Constant(TraceCalls.DynamicPorts)))
        from process in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(2, 3)))
        from protocol in DomainGenerators.Protocols
        from pick in Gen.Frequency((6, Gen.Choose(0, 20)), (1, Gen.Choose(-3, -1)))
        from pick2 in Gen.Frequency((6, Gen.Choose(0, 20)), (1, Gen.Choose(-3, -1)))
        from range in DomainGenerators.RangesWithin(window, 6)
        from count in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 6)), (1, Gen.Constant(dynamic.Range.Count + 1)))
        select new ScriptCall(kind, process, protocol, pick, pick2, range, count);

    /// <summary>Makes the call on <paramref name="machine"/>, keeping what it obtained in <paramref name="state"/>.</summary>
    public void Run(IReservationPort machine, ScriptState state)
    {
        switch (Kind)
        {
            case TraceCalls.OpenSocket:
                machine.OpenSocket(Protocol).IfSucc(state.Sockets.Add);
                break;
            case TraceCalls.Acquire:
                var request = Count == 0 ? ReservationRequest.ForBlock(Range) : ReservationRequest.ForAnyBlock(Count).ThrowIfFail();
                machine.Acquire(state.Socket(Pick), request).IfSucc(block =>
                {
                    state.Tokens.Add(block.Token);
                    state.Blocks.Add(block.Range);
                });
                break;
            case TraceCalls.Associate:
                machine.Associate(state.Socket(Pick), state.Token(Pick2));
                break;
            case TraceCalls.Bind:
                machine.Bind(state.Socket(Pick), Count == 0 ? BindTarget.To(Range.Start) : BindTarget.Any);
                break;
            case TraceCalls.Release:
                machine.Release(state.Socket(Pick), state.Token(Pick2));
                break;
            case TraceCalls.Close:
                machine.Close(state.Socket(Pick));
                break;
            case TraceCalls.Create:
                machine.Create(Protocol, Count == 6 ? default : Range).IfSucc(token =>
                {
                    state.Tokens.Add(token);
                    state.Blocks.Add(Range);
                });
                break;
            case TraceCalls.Delete:
                machine.Delete(Protocol, state.Block(Pick, Range));
                break;
            case TraceCalls.Lookup:
                machine.Lookup(Protocol, state.Block(Pick, Range)).IfSucc(state.Tokens.Add);
                break;
            case TraceCalls.List:
                machine.List(Count == 0 ? None : Some(Protocol));
                break;
            case TraceCalls.Explain:
                machine.Explain(Protocol, Range.Start);
                break;
            default:
                machine.DynamicPorts();
                break;
        }
    }
}
