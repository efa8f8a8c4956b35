using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Recording;

/// <summary>
/// A decorator over any <see cref="IReservationPort"/> (the Winsock adapter, the fake, a service's own) that
/// passes every call on unchanged and writes it, with its answer, to a <see cref="TraceWriter"/>. It references
/// no adapter, so a service can record its own runs against the real kernel and send the trace back.
/// </summary>
/// <param name="reservations">The port the calls go to.</param>
/// <param name="trace">Where the calls are written.</param>
/// <param name="process">The calling process, as the lines name it.</param>
/// <param name="isSimulated">Whether <paramref name="process"/> is a simulated process (a fake's) rather than a real one.</param>
public sealed class RecordingReservations(IReservationPort reservations, TraceWriter trace, ProcessId process, bool isSimulated)
    : IReservationPort
{
    /// <inheritdoc />
    public Fin<SocketId> OpenSocket(Protocol protocol) =>
        Record(
            reservations.OpenSocket(protocol),
            new TraceCall { Call = TraceCalls.OpenSocket, Protocol = TraceFormat.ProtocolName(protocol), Outcome = Pending },
            Answered.Socket);

    /// <inheritdoc />
    public Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request) =>
        Record(
            reservations.Acquire(socket, request),
            new TraceCall
            {
                Call = TraceCalls.Acquire,
                Socket = socket.Value,
                Start = request is ReservationRequest.Specific specific ? specific.Range.Start.Value : 0,
                Count = request.Count,
                Outcome = Pending,
            },
            Answered.Block);

    /// <inheritdoc />
    public Fin<Unit> Associate(SocketId socket, ReservationToken token) =>
        Record(
            reservations.Associate(socket, token),
            new TraceCall { Call = TraceCalls.Associate, Socket = socket.Value, Token = token.Value, Outcome = Pending },
            Answered.Nothing);

    /// <inheritdoc />
    public Fin<Port> Bind(SocketId socket, BindTarget target) =>
        Record(
            reservations.Bind(socket, target),
            new TraceCall
            {
                Call = TraceCalls.Bind,
                Socket = socket.Value,
                Port = target is BindTarget.Explicit asked ? asked.Port.Value : 0,
                Outcome = Pending,
            },
            Answered.Bound);

    /// <inheritdoc />
    public Fin<Unit> Release(SocketId socket, ReservationToken token) =>
        Record(
            reservations.Release(socket, token),
            new TraceCall { Call = TraceCalls.Release, Socket = socket.Value, Token = token.Value, Outcome = Pending },
            Answered.Nothing);

    /// <inheritdoc />
    public Fin<Unit> Close(SocketId socket) =>
        Record(
            reservations.Close(socket),
            new TraceCall { Call = TraceCalls.Close, Socket = socket.Value, Outcome = Pending },
            Answered.Nothing);

    /// <inheritdoc />
    public Fin<ReservationToken> Create(Protocol protocol, PortRange range) =>
        Record(reservations.Create(protocol, range), Persistent(TraceCalls.Create, protocol, range), Answered.Token);

    /// <inheritdoc />
    public Fin<Unit> Delete(Protocol protocol, PortRange range) =>
        Record(reservations.Delete(protocol, range), Persistent(TraceCalls.Delete, protocol, range), Answered.Nothing);

    /// <inheritdoc />
    public Fin<ReservationToken> Lookup(Protocol protocol, PortRange range) =>
        Record(reservations.Lookup(protocol, range), Persistent(TraceCalls.Lookup, protocol, range), Answered.Token);

    /// <inheritdoc />
    public Fin<Seq<Reservation>> List(Option<Protocol> protocol) =>
        Record(
            reservations.List(protocol),
            new TraceCall { Call = TraceCalls.List, Protocol = protocol.Map(TraceFormat.ProtocolName).IfNoneUnsafe((string?)null), Outcome = Pending },
            Answered.Listed);

    /// <inheritdoc />
    public Fin<PortExplanation> Explain(Protocol protocol, Port port) =>
        Record(
            reservations.Explain(protocol, port),
            new TraceCall { Call = TraceCalls.Explain, Protocol = TraceFormat.ProtocolName(protocol), Port = port.Value, Outcome = Pending },
            Answered.Explained);

    /// <inheritdoc />
    public Fin<DynamicPortRange> DynamicPorts() =>
        Record(
            reservations.DynamicPorts(),
            new TraceCall { Call = TraceCalls.DynamicPorts, Outcome = Pending },
            Answered.Range);

    /// <summary>Stands in for the outcome until the call has answered.</summary>
    private static TraceOutcome Pending { get; } = new TraceAnswer();

    private static TraceCall Persistent(string call, Protocol protocol, PortRange range) =>
        new() { Call = call, Protocol = TraceFormat.ProtocolName(protocol), Start = range.Count == 0 ? 0 : range.Start.Value, Count = range.Count, Outcome = Pending };

    private Fin<T> Record<T>(Fin<T> answer, TraceCall call, Func<T, TraceAnswer> answered)
    {
        trace.Append(call with { Process = process.Value, IsSimulated = isSimulated, Outcome = TraceOutcomes.Of(answer, answered) });
        return answer;
    }
}
