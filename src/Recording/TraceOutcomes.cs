using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Recording;

/// <summary>How an answer becomes a trace's outcome, the same for what is recorded and what a replay answers.</summary>
internal static class TraceOutcomes
{
    public static TraceOutcome Of<T>(Fin<T> answer, Func<T, TraceAnswer> answered) =>
        answer.Match<TraceOutcome>(
            Succ: answered,
            Fail: error =>
            {
                var failure = ReservationError.From(error);
                return new TraceError(ErrorKinds.Of(failure), failure.WindowsCode);
            });
}

/// <summary>What each call's success answer keeps.</summary>
internal static class Answered
{
    public static TraceAnswer Socket(SocketId socket) => new() { Socket = socket.Value };

    public static TraceAnswer Block(ReservationInstance block) =>
        new() { Start = block.Range.Start.Value, Count = block.Range.Count, Token = block.Token.Value };

    public static TraceAnswer Nothing(Unit _) => new();

    public static TraceAnswer Bound(Domain.Port port) => new() { Port = port.Value };

    public static TraceAnswer Token(ReservationToken token) => new() { Token = token.Value };

    public static TraceAnswer Listed(Seq<Reservation> list) => new() { Reservations = list.Count };

    public static TraceAnswer Explained(PortExplanation explanation) => new() { Reserved = explanation.IsReserved };

    public static TraceAnswer Range(DynamicPortRange range) => new() { Start = range.Range.Start.Value, Count = range.Range.Count };
}
