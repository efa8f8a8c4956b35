using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Machine;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using PortReservation.Recording;
using static LanguageExt.Prelude;

namespace PortReservation.App.Fidelity;

/// <summary>
/// The fixed scenario of <c>portres selftest</c>: one call for each rule of the spec (spec/windows-port-reservations.md)
/// and each code in <see cref="UnverifiedCodes"/>, made on the selected adapter and recorded. The fake's answer to each is the replay of that trace on a fresh fake.
/// Every socket it opens is closed and every persistent block it creates is deleted before it ends, also when a
/// call fails unexpectedly or the user interrupts it.
/// </summary>
/// <remarks>
/// An automatic bind with the whole dynamic range reserved (<see cref="UnverifiedCodes.DynamicRangeExhausted"/>) is made
/// only when asked for: on Windows it takes every ephemeral port of the user's machine for a moment, and every
/// outgoing connection of every program fails while it lasts.
/// </remarks>
internal sealed class SelfTest
{
    /// <summary>A token no reservation of the scenario has: SplitMix64 makes tokens that look nothing like it.</summary>
    public const ulong UnknownToken = 1234567890123;

    private const int Window = 100;
    private readonly IReservationService service;
    private readonly TraceWriter trace;
    private readonly ProcessId self;
    private readonly Func<ulong, int, Fin<Trace>> child;
    private readonly Func<bool> interrupted;
    private readonly bool exhaustDynamicRange;
    private readonly List<string> labels = [];
    private readonly Dictionary<SocketId, string> open = [];
    private readonly List<PortRange> persistent = [];

    /// <param name="service">The selected adapter.</param>
    /// <param name="trace">Where the calls are recorded.</param>
    /// <param name="self">This process.</param>
    /// <param name="child">Starts the child process that tries a token and a port of this one's (TCP), and answers its calls.</param>
    /// <param name="interrupted">Whether the user asked to stop.</param>
    /// <param name="exhaustDynamicRange">Whether to reserve the whole dynamic range for a moment and bind port 0.</param>
    public SelfTest(IReservationService service, TraceWriter trace, ProcessId self, Func<ulong, int, Fin<Trace>> child, Func<bool> interrupted, bool exhaustDynamicRange = false) =>
        (this.service, this.trace, this.self, this.child, this.interrupted, this.exhaustDynamicRange) = (service, trace, self, child, interrupted, exhaustDynamicRange);

    /// <summary>The step names, one per line of the trace, in order.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>Runs the scenario, then cleans up; answers why it stopped early, if it did.</summary>
    public Option<Error> Run()
    {
        try
        {
            Scenario();
            return None;
        }
        catch (Stopped stopped)
        {
            return stopped.Why;
        }
        finally
        {
            CleanUp();
        }
    }

    private void Scenario()
    {
        var dynamic = Must(Call("read the dynamic range", r => r.DynamicPorts()));
        var existing = Must(Call("list the reservations already there", r => r.List(None)));
        var start = FreeWindow(existing, dynamic).IfNone(() => throw new Stopped(new SelfTestProblem(
            $"no {Window}-port block below the dynamic range {dynamic.Range} is free of reservations in both TCP and UDP, so the selftest has nowhere to work")));
        PortRange Block(int offset, int count) => PortRange.Create(start + offset, count).ThrowIfFail();

        var a = Open("open TCP socket A", Protocol.Tcp);
        var held = Must(Call($"A acquires {Block(0, 10)}: a specific block", r => r.Acquire(a, ReservationRequest.ForBlock(Block(0, 10)))));
        var b = Open("open TCP socket B", Protocol.Tcp);
        Call($"B acquires {Block(5, 10)}, over A's block: WSAEADDRINUSE", r => r.Acquire(b, ReservationRequest.ForBlock(Block(5, 10))));
        var wildcard = Call("A acquires any 10 ports: first fit in the dynamic range (inferred)", r => ReservationRequest.ForAnyBlock(10).Bind(q => r.Acquire(a, q)));
        Call($"A acquires any {dynamic.Range.Count + 1} ports, more than the dynamic range: WSAENOBUFS (unverified)",
            r => ReservationRequest.ForAnyBlock(dynamic.Range.Count + 1).Bind(q => r.Acquire(a, q)));
        var u = Open("open UDP socket U", Protocol.Udp);
        var udp = Call($"U acquires UDP {Block(0, 10)}: TCP and UDP are separate port spaces", r => r.Acquire(u, ReservationRequest.ForBlock(Block(0, 10))));
        Call($"explain TCP port {start}: in A's block", r => r.Explain(Protocol.Tcp, Block(0, 1).Start));

        Child(held.Token, start + 1);

        var associated = new List<SocketId>();
        for (var i = 1; i <= 11; i++)
        {
            var socket = Open($"open TCP socket S{i}", Protocol.Tcp);
            associated.Add(socket);
            Call($"S{i} associates with A's block", r => r.Associate(socket, held.Token));
            Call(i <= 10
                    ? $"S{i} binds port 0: a port of A's block"
                    : "S11 binds port 0 with all 10 ports of A's block bound: WSAENOBUFS (unverified)",
                r => r.Bind(socket, BindTarget.Any));
        }

        Call("S1 binds again, already bound: WSAEINVAL (unverified)", r => r.Bind(associated[0], BindTarget.Any));
        Call("S1 associates again, already bound: WSAEINVAL (unverified)", r => r.Associate(associated[0], held.Token));
        Call($"A releases token {UnknownToken}, which names nothing: WSAEINVAL (unverified)",
            r => r.Release(a, ReservationToken.Create(UnknownToken).ThrowIfFail()));
        Call("B closes", r => r.Close(b)).IfSucc(_ => open.Remove(b));
        Call($"B acquires {Block(20, 10)} after it closed: WSAENOTSOCK", r => r.Acquire(b, ReservationRequest.ForBlock(Block(20, 10))));

        Persistent(Block(50, 10), Block(55, 10), Block(0, 10));

        var loose = Open("open TCP socket C", Protocol.Tcp);
        Call("C binds port 0 without association: a free port of the dynamic range", r => r.Bind(loose, BindTarget.Any));
        if (exhaustDynamicRange)
        {
            ExhaustDynamicRange(dynamic);
        }

        wildcard.IfSucc(block =>
        {
            Call("A releases its wildcard block", r => r.Release(a, block.Token));
            Call($"explain TCP port {block.Range.Start} after the release: not reserved", r => r.Explain(Protocol.Tcp, block.Range.Start));
        });
        Call("A closes: the blocks it acquired end with it", r => r.Close(a)).IfSucc(_ => open.Remove(a));
        Call($"explain TCP port {start} after A closed: not reserved", r => r.Explain(Protocol.Tcp, Block(0, 1).Start));
        udp.IfSucc(block => Call("U releases its UDP block", r => r.Release(u, block.Token)));
    }

    /// <summary>The persistent calls: the full set when elevated, the refusals when not.</summary>
    private void Persistent(PortRange block, PortRange overlapping, PortRange runtimeBlock)
    {
        var elevated = trace.Header.IsElevated;
        var created = Call(elevated
                ? $"create persistent {block}"
                : $"create persistent {block} unelevated: ERROR_ACCESS_DENIED",
            r => r.Create(Protocol.Tcp, block));
        created.IfSucc(_ => persistent.Add(block));
        Call("create the default block (0, 0): ERROR_INVALID_PARAMETER", r => r.Create(Protocol.Tcp, default));
        if (!elevated)
        {
            Call($"delete persistent {block} unelevated: ERROR_ACCESS_DENIED", r => r.Delete(Protocol.Tcp, block));
            Call($"lookup persistent {block}, which is not there: ERROR_NOT_FOUND (needs no elevation)", r => r.Lookup(Protocol.Tcp, block));
            return;
        }

        Call($"create persistent {overlapping}, over {block}: ERROR_SHARING_VIOLATION", r => r.Create(Protocol.Tcp, overlapping));
        Call($"create persistent {runtimeBlock}, over A's runtime block: ERROR_SHARING_VIOLATION (inferred)", r => r.Create(Protocol.Tcp, runtimeBlock));
        var token = Call($"lookup persistent {block}", r => r.Lookup(Protocol.Tcp, block));
        var part = PortRange.Create(block.Start.Value, block.Count / 2).ThrowIfFail();
        Call($"lookup persistent {part}, not its exact start and count: ERROR_NOT_FOUND", r => r.Lookup(Protocol.Tcp, part));
        var p = Open("open TCP socket P", Protocol.Tcp);
        Call($"P acquires {block} at runtime, over the persistent block: WSAEADDRINUSE", r => r.Acquire(p, ReservationRequest.ForBlock(block)));
        var inside = Port.Create(block.Start.Value + 1).ThrowIfFail();
        Call($"P binds port {inside}, inside the persistent block: allowed (observed)", r => r.Bind(p, BindTarget.To(inside)));
        token.IfSucc(persistentToken =>
        {
            var q = Open("open TCP socket Q", Protocol.Tcp);
            Call("Q associates with the persistent block (elevated)", r => r.Associate(q, persistentToken));
            Call("Q binds port 0: a port of the persistent block", r => r.Bind(q, BindTarget.Any));
        });
        Call($"delete persistent {block}", r => r.Delete(Protocol.Tcp, block)).IfSucc(_ => persistent.Remove(block));
        Call($"delete persistent {block} again: ERROR_NOT_FOUND", r => r.Delete(Protocol.Tcp, block));
        Call($"lookup persistent {block} after the delete: ERROR_NOT_FOUND", r => r.Lookup(Protocol.Tcp, block));
    }

    /// <summary>
    /// Takes every free port of the dynamic range with wildcard blocks on a socket of its own (halving the size
    /// whenever none is left), binds port 0, then closes that socket, which ends the blocks at once.
    /// </summary>
    private void ExhaustDynamicRange(DynamicPortRange dynamic)
    {
        var filler = Open("open TCP socket F", Protocol.Tcp);
        for (var size = dynamic.Range.Count; size >= 1;)
        {
            var asked = size;
            var taken = Call($"F acquires any {asked} ports, to take the rest of the dynamic range",
                r => ReservationRequest.ForAnyBlock(asked).Bind(q => r.Acquire(filler, q)));
            if (taken.IsFail)
            {
                size /= 2;
            }
        }

        var late = Open("open TCP socket D", Protocol.Tcp);
        Call("D binds port 0 with the whole dynamic range reserved: WSAENOBUFS (unverified)", r => r.Bind(late, BindTarget.Any));
        Call("F closes: its blocks end with it", r => r.Close(filler)).IfSucc(_ => open.Remove(filler));
    }

    /// <summary>A child process tries this one's block: associate and release (not the holder) and an explicit bind into it.</summary>
    private void Child(ReservationToken token, int port)
    {
        Stop();
        var calls = child(token.Value, port);
        if (calls.IsFail)
        {
            throw new Stopped((Error)calls);
        }

        foreach (var line in ((Trace)calls).Calls)
        {
            labels.Add(line.Call.Call switch
            {
                TraceCalls.Associate => "child associates with A's block: not the holder, WSAEACCES (unverified)",
                TraceCalls.Release => "child releases A's block: not the holder, WSAEACCES (unverified)",
                TraceCalls.Bind => $"child binds port {line.Call.Port}, in A's runtime block: WSAEACCES (observed)",
                _ => $"child: {TraceReplay.Describe(line.Call)}",
            });
            trace.Append(line.Call);
        }
    }

    /// <summary>
    /// What the child process does, on <paramref name="service"/> and recorded into <paramref name="trace"/>: a TCP
    /// socket of its own tries the parent's <paramref name="token"/> and <paramref name="port"/>, then closes.
    /// </summary>
    public static void ChildCalls(IReservationService service, TraceWriter trace, ProcessId self, ReservationToken token, Port port)
    {
        Fin<T> Call<T>(Func<IReservationPort, Fin<T>> call) =>
            service.Transact(None, reservations => call(new RecordingReservations(reservations, trace, self, isSimulated: false)));

        Call(r => r.OpenSocket(Protocol.Tcp)).IfSucc(socket =>
        {
            Call(r => r.Associate(socket, token));
            Call(r => r.Bind(socket, BindTarget.To(port)));
            Call(r => r.Release(socket, token));
            Call(r => r.Close(socket));
        });
    }

    private SocketId Open(string label, Protocol protocol)
    {
        var socket = Must(Call(label, r => r.OpenSocket(protocol)));
        open[socket] = label["open ".Length..];
        return socket;
    }

    /// <summary>One recorded call on the adapter, named <paramref name="label"/> in the table.</summary>
    private Fin<T> Call<T>(string label, Func<IReservationPort, Fin<T>> call)
    {
        Stop();
        var before = trace.Count;
        // The host's ports in use are left out: the fresh fake of the replay cannot know them.
        var answer = service.Transact(None, reservations => call(new RecordingReservations(reservations, trace, self, isSimulated: false)));
        if (trace.Count == before)
        {
            // The adapter failed before the call reached it (the state file, say): nothing to compare.
            throw new Stopped(answer.IsFail ? (Error)answer : new SelfTestProblem($"'{label}' made no call"));
        }

        labels.Add(label);
        return answer;
    }

    private T Must<T>(Fin<T> answer) => answer.IsSucc
        ? (T)answer
        : throw new Stopped(new SelfTestProblem(
            $"the step '{labels[^1]}' failed with {ReservationError.From((Error)answer).Message}, and the scenario cannot go on without it"));

    private void Stop()
    {
        if (interrupted())
        {
            throw new Stopped(new SelfTestInterrupted());
        }
    }

    /// <summary>Closes every socket still open and deletes every persistent block still there; each call is recorded.</summary>
    private void CleanUp()
    {
        foreach (var (socket, name) in open.ToList())
        {
            TryCall($"clean up: close {name}", r => r.Close(socket));
        }

        foreach (var block in persistent.ToList())
        {
            TryCall($"clean up: delete persistent {block}", r => r.Delete(Protocol.Tcp, block));
        }

        open.Clear();
        persistent.Clear();
    }

    private void TryCall<T>(string label, Func<IReservationPort, Fin<T>> call)
    {
        var before = trace.Count;
        service.Transact(None, reservations => call(new RecordingReservations(reservations, trace, self, isSimulated: false)));
        if (trace.Count > before)
        {
            labels.Add(label);
        }
    }

    /// <summary>The first block of <see cref="Window"/> ports from 40000 down that no reservation of either protocol touches, outside the dynamic range.</summary>
    private static Option<int> FreeWindow(Seq<Reservation> existing, DynamicPortRange dynamic)
    {
        for (var start = 40000; start >= 1100; start -= 1000)
        {
            var window = PortRange.Create(start, Window).ThrowIfFail();
            if (!window.Overlaps(dynamic.Range) && !existing.Exists(r => r.Range.Overlaps(window)))
            {
                return start;
            }
        }

        return None;
    }

    private sealed class Stopped(Error why) : Exception(why.Message)
    {
        public Error Why { get; } = why;
    }
}

/// <summary>The selftest could not go on; the sentence says why.</summary>
/// <param name="Problem">What stopped it.</param>
internal sealed record SelfTestProblem(string Problem) : Expected(Problem, 1, Option<Error>.None);

/// <summary>The user interrupted the selftest (Ctrl-C or a termination signal).</summary>
internal sealed record SelfTestInterrupted() : Expected("the selftest was interrupted", 130, Option<Error>.None);
