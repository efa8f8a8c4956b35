using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// The whole reservation state of one machine: live reservations of both protocols, the model's
/// sockets, the ports programs outside the model hold, the settings and the token generator. It is an
/// immutable value; <see cref="Reservations"/> holds the functions that move it from one state to the next.
/// Invariant: no two live reservations of one protocol overlap.
/// </summary>
public sealed record ReservationTable
{
    private ReservationTable(ReservationSettings settings, TokenGenerator tokens)
    {
        Settings = settings;
        Tokens = tokens;
    }

    /// <summary>The dynamic range and wildcard policy.</summary>
    public ReservationSettings Settings { get; }

    /// <summary>The generator the next token comes from.</summary>
    public TokenGenerator Tokens { get; private init; }

    /// <summary>The number the next opened socket gets.</summary>
    public long NextSocket { get; private init; } = 1;

    private Map<ReservationToken, Reservation> ByToken { get; init; }

    private Map<SocketId, SocketState> SocketsById { get; init; }

    private Map<Protocol, Set<Port>> InUseElsewhere { get; init; }

    /// <summary>A machine with no reservations and no sockets.</summary>
    public static ReservationTable Empty(ReservationSettings settings, ulong tokenSeed) =>
        new(settings, TokenGenerator.FromSeed(tokenSeed));

    /// <summary>Every live reservation, sorted by protocol, then start.</summary>
    public Seq<Reservation> Reservations =>
        toSeq(ByToken.Values.OrderBy(r => r.Protocol).ThenBy(r => r.Range));

    /// <summary>Every open socket of the model, by number.</summary>
    public Seq<SocketState> Sockets => toSeq(SocketsById.Values);

    /// <summary>The live reservation <paramref name="token"/> names, if any.</summary>
    public Option<Reservation> Find(ReservationToken token) => ByToken.Find(token);

    /// <summary>The open socket <paramref name="socket"/>, if any.</summary>
    public Option<SocketState> FindSocket(SocketId socket) => SocketsById.Find(socket);

    /// <summary>The live reservation of <paramref name="protocol"/> that holds <paramref name="port"/>, if any.</summary>
    public Option<Reservation> Covering(Protocol protocol, Port port) =>
        ByToken.Values.Find(r => r.Protocol == protocol && r.Range.Contains(port));

    /// <summary>The first live reservation of <paramref name="protocol"/> (by start) that overlaps <paramref name="range"/>, if any.</summary>
    public Option<Reservation> Overlapping(Protocol protocol, PortRange range) =>
        ByToken.Values.Filter(r => r.Protocol == protocol && r.Range.Overlaps(range))
            .OrderBy(r => r.Range).HeadOrNone();

    /// <summary>The ports of <paramref name="protocol"/> that programs outside the model hold.</summary>
    public Set<Port> PortsInUseElsewhere(Protocol protocol) => InUseElsewhere.Find(protocol).IfNone(LanguageExt.Set<Port>.Empty);

    /// <summary>Every port of <paramref name="protocol"/> in use: bound by a socket of the model or held elsewhere.</summary>
    public Set<Port> PortsInUse(Protocol protocol) =>
        PortsInUseElsewhere(protocol).AddRange(
            SocketsById.Values.Filter(s => s.Protocol == protocol).Bind(s => s.BoundPort));

    /// <summary>Whether <paramref name="port"/> of <paramref name="protocol"/> is in use.</summary>
    public bool IsInUse(Protocol protocol, Port port) =>
        PortsInUseElsewhere(protocol).Contains(port)
        || SocketsById.Values.Exists(s => s.Protocol == protocol && s.BoundPort == Some(port));

    /// <summary>The same table with <paramref name="ports"/> as the ports of <paramref name="protocol"/> that programs outside the model hold.</summary>
    public ReservationTable WithPortsInUseElsewhere(Protocol protocol, IEnumerable<Port> ports) =>
        this with { InUseElsewhere = InUseElsewhere.AddOrUpdate(protocol, toSet(ports)) };

    /// <summary>
    /// A table rebuilt from its parts (for example read back from a file), or
    /// <see cref="ReservationError.InvalidParameter"/> when they break an invariant: overlapping
    /// reservations of one protocol, a repeated token or socket, a runtime reservation whose socket is
    /// missing or belongs to another process or protocol, or two sockets bound to one port.
    /// </summary>
    public static Fin<ReservationTable> Restore(
        ReservationSettings settings,
        TokenGenerator tokens,
        long nextSocket,
        IEnumerable<Reservation> reservations,
        IEnumerable<SocketState> sockets)
    {
        var sorted = toSeq(reservations).OrderBy(r => r.Protocol).ThenBy(r => r.Range).ToSeq();
        var socketList = toSeq(sockets);
        var byToken = sorted.Fold(Map<ReservationToken, Reservation>(), (m, r) => m.TryAdd(r.Token, r));
        var bySocket = socketList.Fold(Map<SocketId, SocketState>(), (m, s) => m.TryAdd(s.Id, s));

        static bool SameProtocolOverlap((Reservation A, Reservation B) p) =>
            p.A.Protocol == p.B.Protocol && p.A.Range.Overlaps(p.B.Range);

        var problem =
            byToken.Count != sorted.Count ? "a token is used twice"
            : bySocket.Count != socketList.Count ? "a socket is listed twice"
            : sorted.Zip(sorted.Skip(1)).Exists(SameProtocolOverlap) ? "two reservations of one protocol overlap"
            : socketList.Exists(s => s.Id.Value <= 0 || s.Id.Value >= nextSocket) ? "a socket number is outside the numbers handed out"
            : sorted.Exists(r => r.Kind == ReservationKind.Persistent && r.Owner.IsSome) ? "a persistent reservation has a holder"
            : sorted.Exists(r => r.Kind == ReservationKind.Runtime && !r.Owner.Exists(h =>
                bySocket.Find(h.Socket).Exists(s => s.Process == h.Process && s.Protocol == r.Protocol)))
                ? "a runtime reservation's socket is missing or belongs to another process or protocol"
            : socketList.Bind(s => s.BoundPort.Map(p => (s.Protocol, p))).Distinct().Count() != socketList.Bind(s => s.BoundPort).Count()
                ? "two sockets are bound to one port"
            : null;

        return problem is null
            ? FinSucc(new ReservationTable(settings, tokens) { NextSocket = nextSocket, ByToken = byToken, SocketsById = bySocket })
            : FinFail<ReservationTable>(new ReservationError.InvalidParameter(
                $"the saved reservation table is not consistent: {problem}", WindowsCodes.ERROR_INVALID_PARAMETER));
    }

    internal (ReservationToken Token, ReservationTable State) DrawToken()
    {
        var (token, next) = Tokens.Draw();
        return (token, this with { Tokens = next });
    }

    internal (SocketId Socket, ReservationTable State) NextSocketId() =>
        (new SocketId(NextSocket), this with { NextSocket = NextSocket + 1 });

    internal ReservationTable Add(Reservation reservation) =>
        this with { ByToken = ByToken.Add(reservation.Token, reservation) };

    internal ReservationTable Remove(ReservationToken token) =>
        this with { ByToken = ByToken.Remove(token) };

    internal ReservationTable Put(SocketState socket) =>
        this with { SocketsById = SocketsById.AddOrUpdate(socket.Id, socket) };

    internal ReservationTable Drop(SocketId socket) =>
        this with { SocketsById = SocketsById.Remove(socket) };
}
