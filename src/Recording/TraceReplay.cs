using System.Globalization;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Recording;

/// <summary>One line of a replay: the call, what the replaying machine answered and what the trace holds.</summary>
/// <param name="Line">The call's line in the trace.</param>
/// <param name="Call">The call as recorded.</param>
/// <param name="Expected">The replaying machine's answer, in words ("49152-49161", "Conflict 10048", "ok").</param>
/// <param name="Got">The trace's answer, in the same words.</param>
/// <param name="Difference">What differs, as a sentence; null when they agree.</param>
public sealed record ReplayStep(int Line, TraceCall Call, string Expected, string Got, string? Difference)
{
    /// <summary>Whether the answers agree.</summary>
    public bool Agrees => Difference is null;
}

/// <summary>A difference between a trace and its replay.</summary>
/// <param name="Line">The line of the trace it is about.</param>
/// <param name="What">What differs, as a sentence.</param>
public sealed record ReplayDifference(int Line, string What)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {What}";
}

/// <summary>What a replay found: every call's comparison, and the differences (missing calls included), in line order.</summary>
/// <param name="Steps">One per call line.</param>
/// <param name="Differences">Every difference; empty when the machine answered as the trace says.</param>
public sealed record ReplayReport(IReadOnlyList<ReplayStep> Steps, IReadOnlyList<ReplayDifference> Differences)
{
    /// <summary>Whether the replay found no difference.</summary>
    public bool Agrees => Differences.Count == 0;
}

/// <summary>
/// Replays a trace's calls, in order, on another machine and compares the answers line by line. It knows no
/// adapter: the caller hands it the machine's processes (a fresh fake set up from the header, usually; or any
/// adapter). Sockets and tokens differ from machine to machine, so the replay maps each socket and token the
/// trace names to the one the machine answered for the same call; a socket or token the trace never obtained is
/// passed on as it is.
/// </summary>
/// <remarks>
/// Compared: success or failure; the error kind and its Windows code; the block an acquire granted (a wildcard
/// block elsewhere is reported as "in another position"); the port of an explicit bind; a lookup's token
/// against the one the trace's create mapped; the dynamic range. Not compared: the port of an automatic bind
/// (Windows picks among the free ports in its own order; the fake's lowest-free choice only makes runs
/// repeatable), and what list and explain answered, since a machine's table holds blocks of programs that no
/// line of the trace made. A gap in the calls' numbers is reported as a missing line.
/// </remarks>
public static class TraceReplay
{
    /// <summary>Replays <paramref name="trace"/> on the machine whose processes <paramref name="processes"/> gives.</summary>
    public static ReplayReport Run(Trace trace, Func<ProcessId, IReservationPort> processes)
    {
        var replay = new Replaying(processes);
        var steps = new List<ReplayStep>();
        var differences = new List<ReplayDifference>();
        long previous = 0;
        foreach (var (line, call) in trace.Calls)
        {
            if (call.Sequence != previous + 1)
            {
                differences.Add(new ReplayDifference(line, call.Sequence > previous + 1
                    ? $"{Missing(previous + 1, call.Sequence - 1)} missing: the trace goes from call {previous} to call {call.Sequence}"
                    : $"call {call.Sequence} comes after call {previous}: the lines are out of order"));
            }

            previous = call.Sequence;
            var answered = replay.Answer(call);
            var difference = Compare(call, call.Outcome, answered, replay);
            replay.Learn(call, answered);
            steps.Add(new ReplayStep(line, call, Words(answered), Words(call.Outcome), difference));
            if (difference is not null)
            {
                differences.Add(new ReplayDifference(line, $"{Describe(call)}: {difference}"));
            }
        }

        return new ReplayReport(steps, differences);
    }

    /// <summary>The call in words, with the trace's own socket and token numbers ("acquire any 10 ports on socket 3").</summary>
    public static string Describe(TraceCall call) => call.Call switch
    {
        TraceCalls.OpenSocket => $"open a {call.Protocol?.ToUpperInvariant()} socket",
        TraceCalls.Acquire => call.Start == 0 && call.Count > 0
            ? $"acquire any {call.Count} ports on socket {call.Socket}"
            : $"acquire {Block(call.Start, call.Count)} on socket {call.Socket}",
        TraceCalls.Associate => $"associate socket {call.Socket} with token {call.Token}",
        TraceCalls.Bind => call.Port == 0 ? $"bind socket {call.Socket} to port 0" : $"bind socket {call.Socket} to port {call.Port}",
        TraceCalls.Release => $"release token {call.Token} on socket {call.Socket}",
        TraceCalls.Close => $"close socket {call.Socket}",
        TraceCalls.List => call.Protocol is null ? "list" : $"list {call.Protocol.ToUpperInvariant()}",
        TraceCalls.Explain => $"explain {call.Protocol?.ToUpperInvariant()} port {call.Port}",
        TraceCalls.DynamicPorts => "read the dynamic range",
        _ => $"{call.Call} {call.Protocol?.ToUpperInvariant()} {Block(call.Start, call.Count)}",
    };

    /// <summary>An outcome in words: the block, port, count or "ok"; the error kind and code for a failure.</summary>
    public static string Words(TraceOutcome outcome) => outcome switch
    {
        TraceError error => $"{error.Kind} {error.Code.ToString(CultureInfo.InvariantCulture)}",
        TraceAnswer { Start: { } start, Count: { } count } => Block(start, count),
        TraceAnswer { Port: { } port } => $"port {port}",
        TraceAnswer { Reservations: { } count } => count == 1 ? "1 reservation" : $"{count} reservations",
        TraceAnswer { Reserved: { } reserved } => reserved ? "reserved" : "not reserved",
        _ => "ok",
    };

    private static string Missing(long first, long last) => first == last ? $"call {first} is" : $"calls {first} to {last} are";

    private static string Block(int? start, int? count) =>
        (start, count) switch
        {
            (0, 0) => "the default block (0, 0)",
            ({ } s, 1) => s.ToString(CultureInfo.InvariantCulture),
            ({ } s, { } c) => $"{s}-{s + c - 1}",
            _ => "?",
        };

    private static string? Compare(TraceCall call, TraceOutcome recorded, TraceOutcome replayed, Replaying replay)
    {
        switch (recorded, replayed)
        {
            case (TraceAnswer got, TraceError expected):
                return $"the trace succeeded ({Words(got)}), the replay fails with {Words(expected)}";
            case (TraceError got, TraceAnswer expected):
                return $"the trace failed with {Words(got)}, the replay succeeds ({Words(expected)})";
            case (TraceError got, TraceError expected) when got.Kind != expected.Kind:
                return $"the error differs: the trace has {Words(got)}, the replay {Words(expected)}";
            case (TraceError got, TraceError expected) when got.Code != expected.Code:
                return $"the Windows code differs: the trace has {Words(got)}, the replay {Words(expected)}";
            case (TraceAnswer got, TraceAnswer expected):
                return CompareAnswers(call, got, expected, replay);
            default:
                return null;
        }
    }

    private static string? CompareAnswers(TraceCall call, TraceAnswer got, TraceAnswer expected, Replaying replay)
    {
        switch (call.Call)
        {
            case TraceCalls.Acquire when (got.Start, got.Count) != (expected.Start, expected.Count):
                return call.Start == 0
                    ? $"a wildcard block in another position: the trace got {Words(got)}, the replay grants {Words(expected)}"
                    : $"the block differs: the trace got {Words(got)}, the replay grants {Words(expected)}";
            case TraceCalls.Bind when call.Port != 0 && got.Port != expected.Port:
                return $"the port differs: the trace got {Words(got)}, the replay binds {Words(expected)}";
            case TraceCalls.DynamicPorts when (got.Start, got.Count) != (expected.Start, expected.Count):
                return $"the dynamic range differs: the trace has {Words(got)}, the replay {Words(expected)}";
            case TraceCalls.Lookup when got.Token is { } token && replay.Token(token) is var mapped && mapped != token && mapped != expected.Token:
                return $"lookup finds another reservation: the trace's token {token} is the replay's {mapped}, and the replay answers {expected.Token}";
            default:
                return null;
        }
    }

    /// <summary>The replaying machine, its processes and what the trace's sockets and tokens are on it.</summary>
    private sealed class Replaying(Func<ProcessId, IReservationPort> processes)
    {
        private readonly Dictionary<long, IReservationPort> byProcess = [];
        private readonly Dictionary<long, long> sockets = [];
        private readonly Dictionary<ulong, ulong> tokens = [];

        public ulong Token(ulong recorded) => tokens.TryGetValue(recorded, out var mine) ? mine : recorded;

        public TraceOutcome Answer(TraceCall call)
        {
            var machine = Process(call.Process);
            return call.Call switch
            {
                TraceCalls.OpenSocket => TraceOutcomes.Of(machine.OpenSocket(ProtocolOf(call.Protocol)), Answered.Socket),
                TraceCalls.Acquire => TraceOutcomes.Of(RequestOf(call).Bind(request => machine.Acquire(Socket(call), request)), Answered.Block),
                TraceCalls.Associate => TraceOutcomes.Of(machine.Associate(Socket(call), TokenOf(call)), Answered.Nothing),
                TraceCalls.Bind => TraceOutcomes.Of(machine.Bind(Socket(call), TargetOf(call)), Answered.Bound),
                TraceCalls.Release => TraceOutcomes.Of(machine.Release(Socket(call), TokenOf(call)), Answered.Nothing),
                TraceCalls.Close => TraceOutcomes.Of(machine.Close(Socket(call)), Answered.Nothing),
                TraceCalls.Create => TraceOutcomes.Of(machine.Create(ProtocolOf(call.Protocol), RangeOf(call)), Answered.Token),
                TraceCalls.Delete => TraceOutcomes.Of(machine.Delete(ProtocolOf(call.Protocol), RangeOf(call)), Answered.Nothing),
                TraceCalls.Lookup => TraceOutcomes.Of(machine.Lookup(ProtocolOf(call.Protocol), RangeOf(call)), Answered.Token),
                TraceCalls.List => TraceOutcomes.Of(
                    machine.List(call.Protocol is null ? Option<Protocol>.None : ProtocolOf(call.Protocol)), Answered.Listed),
                TraceCalls.Explain => TraceOutcomes.Of(machine.Explain(ProtocolOf(call.Protocol), PortOf(call.Port!.Value)), Answered.Explained),
                _ => TraceOutcomes.Of(machine.DynamicPorts(), Answered.Range),
            };
        }

        /// <summary>After both machines answered a call, what the trace's socket or token is on the replaying one.</summary>
        public void Learn(TraceCall call, TraceOutcome replayed)
        {
            if (call.Outcome is not TraceAnswer got || replayed is not TraceAnswer mine)
            {
                return;
            }

            if (got.Socket is { } socket && mine.Socket is { } mySocket)
            {
                sockets[socket] = mySocket;
            }

            if (got.Token is { } token && mine.Token is { } myToken)
            {
                tokens.TryAdd(token, myToken);
            }
        }

        private IReservationPort Process(long id)
        {
            if (!byProcess.TryGetValue(id, out var machine))
            {
                machine = processes(new ProcessId(id));
                byProcess[id] = machine;
            }

            return machine;
        }

        private SocketId Socket(TraceCall call) =>
            new(sockets.TryGetValue(call.Socket!.Value, out var mine) ? mine : call.Socket.Value);

        private ReservationToken TokenOf(TraceCall call) =>
            Token(call.Token!.Value) is var value && value == 0 ? default : ReservationToken.Create(value).ThrowIfFail();

        private static Protocol ProtocolOf(string? name) => name == "udp" ? Domain.Protocol.Udp : Domain.Protocol.Tcp;

        private static Fin<ReservationRequest> RequestOf(TraceCall call) =>
            call.Start == 0 && call.Count > 0
                ? ReservationRequest.ForAnyBlock(call.Count!.Value)
                : ReservationRequest.ForBlock(RangeOf(call));

        /// <summary>The trace's block; (0, 0) is the default block, which the machine must refuse as the original did.</summary>
        private static PortRange RangeOf(TraceCall call) =>
            call.Start == 0 && call.Count == 0 ? default : PortRange.Create(call.Start!.Value, call.Count!.Value).ThrowIfFail();

        private static BindTarget TargetOf(TraceCall call) =>
            call.Port == 0 ? BindTarget.Any : BindTarget.To(PortOf(call.Port!.Value));

        private static Domain.Port PortOf(int port) => port == 0 ? default : Domain.Port.Create(port).ThrowIfFail();
    }
}
