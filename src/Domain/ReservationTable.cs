using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// The whole reservation state of one machine: live reservations of both protocols, the model's
/// sockets, the ports programs outside the model hold, the settings and the token generator. It is an
/// immutable value shared structurally between versions; <see cref="Reservations"/> holds the functions
/// that move it from one state to the next. Every lookup and change costs O(log n) or O(block size) in
/// the number of live reservations; listings stream in order without sorting.
/// Invariant: no two live reservations of one protocol overlap.
/// </summary>
/// <remarks>
/// Two tables are equal when they hold the same settings, generator, socket counter, reservations,
/// sockets and ports in use elsewhere, however they were built. A transition that changes nothing
/// answers the same instance, so <see cref="object.ReferenceEquals"/> is a cheap "unchanged" test.
/// </remarks>
public sealed partial record ReservationTable
{
    private ReservationTable(ReservationSettings settings, TokenGenerator tokens, PortSpace space)
    {
        Cold = new(settings, 1, KeyedTrie<ProcessSockets, ProcessKey>.Empty, [], []);
        Tokens = tokens;
        Tcp = space;
        Udp = space;
    }

    /// <summary>The dynamic range and wildcard policy.</summary>
    public ReservationSettings Settings => Cold.Settings;

    /// <summary>The generator the next token comes from.</summary>
    public TokenGenerator Tokens { get; private init; }

    /// <summary>The number the next opened socket gets.</summary>
    public long NextSocket { get => Cold.NextSocket; private init => Cold = Cold with { NextSocket = value }; }

    /// <summary>How many live reservations the table holds.</summary>
    public int Count => ByToken.Count;

    private PortSpace Tcp { get; init; }

    private PortSpace Udp { get; init; }

    private KeyedTrie<Reservation, TokenKey> ByToken { get; init; } = KeyedTrie<Reservation, TokenKey>.Empty;

    private KeyedTrie<OpenSocket, SocketKey> SocketsById { get; init; } = KeyedTrie<OpenSocket, SocketKey>.Empty;

    private KeyedTrie<ProcessSockets, ProcessKey> ByProcess { get => Cold.ByProcess; init => Cold = Cold with { ByProcess = value }; }

    /// <summary>The TCP ports held elsewhere, ascending: what the last caller said, to tell a change from a repeat cheaply.</summary>
    private Port[] ElsewhereTcp { get => Cold.ElsewhereTcp; init => Cold = Cold with { ElsewhereTcp = value }; }

    /// <summary>The UDP ports held elsewhere, ascending.</summary>
    private Port[] ElsewhereUdp { get => Cold.ElsewhereUdp; init => Cold = Cold with { ElsewhereUdp = value }; }

    /// <summary>
    /// The fields an acquire or release leaves alone, behind one reference: every change copies the table's
    /// record, and a smaller record is a cheaper copy.
    /// </summary>
    private ColdPart Cold { get; init; }

    /// <summary>Every live reservation, sorted by protocol, then start: gathered from the leaves in order, never sorted.</summary>
    public Seq<Reservation> Reservations => Gathered(Tcp, Udp);

    /// <summary>Every open socket of the model, by number.</summary>
    public Seq<SocketState> Sockets
    {
        get
        {
            // Sorted by an array of the keys: LINQ's OrderBy compares through a generic sorter, several times slower at thousands of sockets.
            var states = SocketsById.Values().Select(s => s.State).ToArray();
            System.Array.Sort(System.Array.ConvertAll(states, s => s.Id.Value), states);
            return toSeq(states);
        }
    }

    /// <summary>The processes that have open sockets, each once, in no particular order.</summary>
    internal IEnumerable<ProcessId> ProcessesWithSockets => ByProcess.Values().Select(p => p.Process);

    /// <summary>A machine with no reservations and no sockets.</summary>
    public static ReservationTable Empty(ReservationSettings settings, ulong tokenSeed) =>
        new(settings, TokenGenerator.FromSeed(tokenSeed), PortSpace.Empty(settings.DynamicPorts.Range));

    /// <summary>The live reservation <paramref name="token"/> names, if any.</summary>
    public Option<Reservation> Find(ReservationToken token) => Optional(ReservationOf(token));

    /// <summary>The open socket <paramref name="socket"/>, if any.</summary>
    public Option<SocketState> FindSocket(SocketId socket) =>
        SocketsById.Find((ulong)socket.Value, default) is { } open ? Some(open.State) : None;

    /// <summary>The live reservation of <paramref name="protocol"/> that holds <paramref name="port"/>, if any.</summary>
    public Option<Reservation> Covering(Protocol protocol, Port port) => Optional(Space(protocol).Covering(port));

    /// <summary>The live reservation of <paramref name="protocol"/> with the lowest start that overlaps <paramref name="range"/>, if any.</summary>
    public Option<Reservation> Overlapping(Protocol protocol, PortRange range) => Optional(Space(protocol).Overlapping(range));

    /// <summary>The ports of <paramref name="protocol"/> that programs outside the model hold, ascending.</summary>
    public Seq<Port> PortsInUseElsewhere(Protocol protocol) => toSeq(Elsewhere(protocol));

    /// <summary>Whether <paramref name="port"/> of <paramref name="protocol"/> is in use: bound by a socket of the model or held elsewhere.</summary>
    public bool IsInUse(Protocol protocol, Port port) => Space(protocol).IsInUse(port);

    /// <summary>
    /// The same table with <paramref name="ports"/> as the ports of <paramref name="protocol"/> that programs
    /// outside the model hold. Only the ports that changed are touched; the same table when none did, which
    /// is what an adapter asking the host before every call mostly gets. <c>default(Port)</c> is no port, so
    /// it marks nothing.
    /// </summary>
    public ReservationTable WithPortsInUseElsewhere(Protocol protocol, IEnumerable<Port> ports)
    {
        var before = Elsewhere(protocol);
        var after = ports.Where(p => p.Value != 0).Distinct().Order().ToArray();
        if (after.AsSpan().SequenceEqual(before))
        {
            return this;
        }

        var space = Space(protocol);
        foreach (var gone in before.Except(after))
        {
            space = space.WithElsewhere(gone, false, Dynamic);
        }

        foreach (var come in after.Except(before))
        {
            space = space.WithElsewhere(come, true, Dynamic);
        }

        return protocol == Protocol.Tcp
            ? this with { Tcp = space, ElsewhereTcp = after }
            : this with { Udp = space, ElsewhereUdp = after };
    }

    /// <summary>
    /// A table rebuilt from its parts (for example read back from a file), or
    /// <see cref="ReservationError.InvalidParameter"/> when they break an invariant: overlapping
    /// reservations of one protocol, a socket counter outside 1 to 2^63-2 (the transitions keep it
    /// inside; a token counter near its end only makes them fail as exhausted), a repeated token or socket, a token the generator would issue again,
    /// a runtime reservation whose socket is missing or belongs to another process or protocol,
    /// two sockets bound to one port, or a default value (<c>default(PortRange)</c>, <c>default(Port)</c>,
    /// <c>default(ReservationToken)</c>) in place of a block, port or token.
    /// </summary>
    public static Fin<ReservationTable> Restore(
        ReservationSettings settings,
        TokenGenerator tokens,
        long nextSocket,
        IEnumerable<Reservation> reservations,
        IEnumerable<SocketState> sockets)
    {
        if (nextSocket < 1 || nextSocket == long.MaxValue)
        {
            return Inconsistent($"the next socket number {nextSocket} is outside 1 to {long.MaxValue - 1}");
        }

        var socketList = sockets as List<SocketState> ?? sockets.ToList();
        var reservationList = reservations as List<Reservation> ?? reservations.ToList();
        var byId = new Dictionary<long, SocketState>(socketList.Count);
        var boundPorts = new System.Collections.Generic.HashSet<(Protocol, int)>();
        foreach (var socket in socketList)
        {
            var problem =
                socket.Id.Value <= 0 || socket.Id.Value >= nextSocket ? "a socket number is outside the numbers handed out"
                : !byId.TryAdd(socket.Id.Value, socket) ? "a socket is listed twice"
                : socket.BoundPort.Exists(p => p.Value == 0) || socket.Association.Exists(t => t.Value == 0) ? "a socket is bound to default(Port) or associated with default(ReservationToken)"
                : socket.BoundPort.Exists(p => !boundPorts.Add((socket.Protocol, p.Value))) ? "two sockets are bound to one port"
                : null;
            if (problem is not null)
            {
                return Inconsistent(problem);
            }
        }

        var seen = new System.Collections.Generic.HashSet<ulong>(reservationList.Count);
        foreach (var r in reservationList)
        {
            var problem =
                r.Range.Count == 0 || r.Token.Value == 0 ? "a reservation's block or token is a default value"
                : !seen.Add(r.Token.Value) ? "a token is used twice"
                : tokens.WillIssue(r.Token) ? "the token generator would issue a live token again"
                : r is Reservation.Runtime runtime
                  && !(byId.TryGetValue(runtime.Holder.Socket.Value, out var holder) && holder.Process == runtime.Holder.Process && holder.Protocol == r.Protocol)
                    ? "a runtime reservation's socket is missing or belongs to another process or protocol"
                : null;
            if (problem is not null)
            {
                return Inconsistent(problem);
            }
        }

        var (tcp, udp) = ByStart(reservationList);
        if (Overlap(tcp) || Overlap(udp))
        {
            return Inconsistent("two reservations of one protocol overlap");
        }

        var held = reservationList.OfType<Reservation.Runtime>().ToLookup(r => r.Holder.Socket.Value, r => (Reservation)r);
        var dynamic = settings.DynamicPorts.Range;
        return FinSucc(new ReservationTable(settings, tokens, PortSpace.Empty(dynamic))
        {
            NextSocket = nextSocket,
            Tcp = PortSpace.Of(dynamic, tcp, BoundPorts(socketList, Protocol.Tcp)),
            Udp = PortSpace.Of(dynamic, udp, BoundPorts(socketList, Protocol.Udp)),
            ByToken = KeyedTrie<Reservation, TokenKey>.Of(reservationList, new TokenKey(tokens)),
            SocketsById = KeyedTrie<OpenSocket, SocketKey>.Of(
                socketList.Select(s => new OpenSocket(s, KeyedTrie<Reservation, TokenKey>.Of(held[s.Id.Value], new TokenKey(tokens)))), default),
            ByProcess = KeyedTrie<ProcessSockets, ProcessKey>.Of(SocketsByProcess(socketList), default),
        });

        static bool Overlap(List<Reservation> byStart) =>
            byStart.Zip(byStart.Skip(1)).Any(pair => pair.Item1.Range.Overlaps(pair.Item2.Range));

        // Each protocol's reservations by start, in lists of their final size, sorted only when they are not in order
        // already (a saved table is): at 10,000 reservations OrderBy's copies and keys were most of what a restore allocated.
        static (List<Reservation> Tcp, List<Reservation> Udp) ByStart(List<Reservation> all)
        {
            var tcpCount = 0;
            foreach (var r in all)
            {
                tcpCount += r.Protocol == Protocol.Tcp ? 1 : 0;
            }

            var tcp = new List<Reservation>(tcpCount);
            var udp = new List<Reservation>(all.Count - tcpCount);
            foreach (var r in all)
            {
                (r.Protocol == Protocol.Tcp ? tcp : udp).Add(r);
            }

            SortByStart(tcp);
            SortByStart(udp);
            return (tcp, udp);
        }

        static void SortByStart(List<Reservation> reservations)
        {
            for (var i = 1; i < reservations.Count; i++)
            {
                if (reservations[i - 1].Range.Start.Value > reservations[i].Range.Start.Value)
                {
                    reservations.Sort(static (a, b) => a.Range.Start.Value.CompareTo(b.Range.Start.Value));
                    return;
                }
            }
        }

        // Loops, not LINQ's Where(...).Select(...) or GroupBy(...).Select(...): those are generic virtual calls, which
        // a Native AOT image resolves at run time, loading its type loader for the first.
        static List<Port> BoundPorts(List<SocketState> all, Protocol protocol)
        {
            var bound = new List<Port>();
            foreach (var socket in all)
            {
                if (socket.Protocol == protocol && socket.BoundPort.IsSome)
                {
                    bound.Add(socket.BoundPort.IfNone(default(Port)));
                }
            }

            return bound;
        }

        static List<ProcessSockets> SocketsByProcess(List<SocketState> all)
        {
            var byProcess = new Dictionary<ProcessId, List<SocketId>>();
            foreach (var socket in all)
            {
                if (!byProcess.TryGetValue(socket.Process, out var ids))
                {
                    byProcess[socket.Process] = ids = [];
                }

                ids.Add(socket.Id);
            }

            var groups = new List<ProcessSockets>(byProcess.Count);
            foreach (var (process, ids) in byProcess)
            {
                groups.Add(new ProcessSockets(process, [.. ids]));
            }

            return groups;
        }
    }

    /// <summary>Whether both tables hold the same settings, generator, socket counter, reservations, sockets and ports in use elsewhere.</summary>
    public bool Equals(ReservationTable? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Settings == other.Settings
                && Tokens == other.Tokens
                && NextSocket == other.NextSocket
                && Count == other.Count
                && Reservations.AsEnumerable().SequenceEqual(other.Reservations)
                && Sockets.AsEnumerable().SequenceEqual(other.Sockets, SameSocket.Instance)
                && PortsInUseElsewhere(Protocol.Tcp).SequenceEqual(other.PortsInUseElsewhere(Protocol.Tcp))
                && PortsInUseElsewhere(Protocol.Udp).SequenceEqual(other.PortsInUseElsewhere(Protocol.Udp))));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Settings, Tokens, NextSocket, Count);

    /// <summary>The first port of <paramref name="range"/> that no socket and no program holds, if any.</summary>
    internal Port? FirstNotInUse(Protocol protocol, PortRange range) => Space(protocol).FirstNotInUse(range);

    /// <summary>Whether any port of <paramref name="range"/> is in use.</summary>
    internal bool AnyInUse(Protocol protocol, PortRange range) => Space(protocol).AnyInUse(range);

    /// <summary>The lowest (or with <paramref name="fromTop"/> the highest) block of <paramref name="count"/> dynamic-range ports that nothing reserves or uses, if any.</summary>
    internal PortRange? FreeBlock(Protocol protocol, int count, bool fromTop) => Space(protocol).FreeBlock(count, fromTop, Dynamic);

    /// <summary>The live reservations of <paramref name="protocol"/>, by start.</summary>
    internal Seq<Reservation> ReservationsOf(Protocol protocol) => Gathered(Space(protocol));

    private Seq<Reservation> Gathered(params ReadOnlySpan<PortSpace> spaces)
    {
        var all = new List<Reservation>(Count);
        foreach (var space in spaces)
        {
            space.CopyReservationsTo(all);
        }

        return toSeq(all.ToArray());
    }

    /// <summary>The persistent or runtime reservation that starts exactly at <paramref name="start"/>, if any.</summary>
    internal Reservation? StartingAt(Protocol protocol, Port start) => Space(protocol).StartingAt(start);

    /// <summary>
    /// Whether <paramref name="tokens"/> more tokens can be drawn and <paramref name="sockets"/> more sockets
    /// numbered, or <see cref="ReservationError.Exhausted"/>: a counter that wrapped around would write a table
    /// that <see cref="Restore"/> refuses.
    /// </summary>
    internal Fin<Unit> Room(Protocol protocol, int tokens, int sockets) =>
        !Tokens.CanDraw(tokens) ? FinFail<Unit>(new ReservationError.Exhausted(protocol, "the token generator has issued every token it can", WindowsCodes.WSAENOBUFS))
        : NextSocket > long.MaxValue - 1 - sockets ? FinFail<Unit>(new ReservationError.Exhausted(protocol, "every socket number has been handed out", WindowsCodes.WSAENOBUFS))
        : FinSucc(unit);

    /// <summary>The number of the next socket and the table that counts it; <see cref="Room"/> must allow it.</summary>
    internal (SocketId Socket, ReservationTable State) NextSocketId() =>
        (new SocketId(NextSocket), this with { NextSocket = NextSocket + 1 });

    /// <summary>The table with <paramref name="reservation"/> added: it overlaps none, and a runtime one's holder socket is open.</summary>
    internal ReservationTable Add(Reservation reservation) => Add(reservation, Tokens);

    /// <summary>The same, with the generator that follows the draw of its token: one copy of the table for the whole change.</summary>
    internal ReservationTable Add(Reservation reservation, TokenGenerator tokens)
    {
        var space = Space(reservation.Protocol).Add(reservation, Dynamic);
        return this with
        {
            Tokens = tokens,
            ByToken = ByToken.Put(reservation, TokenKeys),
            Tcp = reservation.Protocol == Protocol.Tcp ? space : Tcp,
            Udp = reservation.Protocol == Protocol.Udp ? space : Udp,
            SocketsById = WithHeld(reservation, adding: true),
        };
    }

    /// <summary>The table without the live reservation <paramref name="reservation"/>.</summary>
    internal ReservationTable Remove(Reservation reservation)
    {
        var space = Space(reservation.Protocol).Remove(reservation, Dynamic);
        return this with
        {
            ByToken = ByToken.Remove(Tokens.IndexOf(reservation.Token), TokenKeys),
            Tcp = reservation.Protocol == Protocol.Tcp ? space : Tcp,
            Udp = reservation.Protocol == Protocol.Udp ? space : Udp,
            SocketsById = WithHeld(reservation, adding: false),
        };
    }

    /// <summary>The live reservation <paramref name="token"/> names, or null: <see cref="Find"/> without the option.</summary>
    internal Reservation? ReservationOf(ReservationToken token) => ByToken.Find(Tokens.IndexOf(token), TokenKeys);

    /// <summary>The open socket <paramref name="socket"/>, or null: <see cref="FindSocket"/> without the option.</summary>
    internal SocketState? SocketOf(SocketId socket) => SocketsById.Find((ulong)socket.Value, default)?.State;

    /// <summary>The table with <paramref name="socket"/> opened or changed (associated, bound).</summary>
    internal ReservationTable Put(SocketState socket)
    {
        var before = SocketsById.Find((ulong)socket.Id.Value, default);
        var held = before?.Held ?? KeyedTrie<Reservation, TokenKey>.Empty;
        var next = this with { SocketsById = SocketsById.Put(new OpenSocket(socket, held), default) };
        if (before is null)
        {
            next = next with { ByProcess = ByProcess.Put(new ProcessSockets(socket.Process, [.. SocketsOf(socket.Process), socket.Id]), default) };
        }

        var newlyBound = socket.BoundPort.IsSome && (before is null || before.State.BoundPort.IsNone);
        return newlyBound
            ? next.WithSpace(socket.Protocol, next.Space(socket.Protocol).WithBound(socket.BoundPort.IfNone(default(Port)), true, Dynamic))
            : next;
    }

    /// <summary>The open sockets of <paramref name="process"/>.</summary>
    internal IReadOnlyList<SocketId> SocketsOf(ProcessId process) => ByProcess.Find((ulong)process.Value, default)?.Sockets ?? [];

    /// <summary>The runtime reservations <paramref name="socket"/> holds.</summary>
    internal IEnumerable<Reservation> HeldBy(SocketId socket) =>
        SocketsById.Find((ulong)socket.Value, default)?.Held.Values() ?? [];

    /// <summary>The table without the open socket <paramref name="socket"/> (its reservations already removed): its bound port is freed.</summary>
    internal ReservationTable Drop(SocketId socket)
    {
        if (SocketsById.Find((ulong)socket.Value, default) is not { } open)
        {
            return this;
        }

        var state = open.State;
        var rest = SocketsOf(state.Process).Where(id => id != socket).ToArray();
        var next = this with
        {
            SocketsById = SocketsById.Remove((ulong)socket.Value, default),
            ByProcess = rest.Length == 0
                ? ByProcess.Remove((ulong)state.Process.Value, default)
                : ByProcess.Put(new ProcessSockets(state.Process, rest), default),
        };
        return state.BoundPort.IsSome
            ? next.WithSpace(state.Protocol, next.Space(state.Protocol).WithBound(state.BoundPort.IfNone(default(Port)), false, Dynamic))
            : next;
    }

    private static Fin<ReservationTable> Inconsistent(string problem) =>
        FinFail<ReservationTable>(new ReservationError.InvalidParameter(
            $"the saved reservation table is not consistent: {problem}", WindowsCodes.ERROR_INVALID_PARAMETER));

    /// <summary>The keys of the token trie: every token of the table is a draw of its one generator's seed.</summary>
    private TokenKey TokenKeys => new(Tokens);

    private PortSpace Space(Protocol protocol) => protocol == Protocol.Tcp ? Tcp : Udp;

    /// <summary>The dynamic range both port spaces count free runs in.</summary>
    private PortRange Dynamic => Settings.DynamicPorts.Range;

    private Port[] Elsewhere(Protocol protocol) => protocol == Protocol.Tcp ? ElsewhereTcp : ElsewhereUdp;

    private ReservationTable WithSpace(Protocol protocol, PortSpace space) =>
        protocol == Protocol.Tcp ? this with { Tcp = space } : this with { Udp = space };

    /// <summary>The sockets with a runtime reservation added to or removed from its holder's; persistent ones change nothing.</summary>
    private KeyedTrie<OpenSocket, SocketKey> WithHeld(Reservation reservation, bool adding)
    {
        if (reservation is not Reservation.Runtime runtime || SocketsById.Find((ulong)runtime.Holder.Socket.Value, default) is not { } open)
        {
            return SocketsById;
        }

        var held = adding ? open.Held.Put(reservation, TokenKeys) : open.Held.Remove(Tokens.IndexOf(reservation.Token), TokenKeys);
        return SocketsById.Put(open with { Held = held }, default);
    }

    /// <summary>The settings, the socket counter, the sockets by process and the ports held elsewhere.</summary>
    private sealed record ColdPart(
        ReservationSettings Settings,
        long NextSocket,
        KeyedTrie<ProcessSockets, ProcessKey> ByProcess,
        Port[] ElsewhereTcp,
        Port[] ElsewhereUdp);

    /// <summary>An open socket and the runtime reservations acquired on it.</summary>
    private sealed record OpenSocket(SocketState State, KeyedTrie<Reservation, TokenKey> Held);

    /// <summary>The open sockets of one process.</summary>
    private sealed record ProcessSockets(ProcessId Process, SocketId[] Sockets);

    /// <summary>Reservations by the draw that gave their token: tokens drawn one after another sit side by side.</summary>
    private readonly struct TokenKey(TokenGenerator tokens) : IKeyOf<Reservation>
    {
        public ulong Of(Reservation value) => tokens.IndexOf(value.Token);
    }

    private readonly struct SocketKey : IKeyOf<OpenSocket>
    {
        public ulong Of(OpenSocket value) => (ulong)value.State.Id.Value;
    }

    private readonly struct ProcessKey : IKeyOf<ProcessSockets>
    {
        public ulong Of(ProcessSockets value) => (ulong)value.Process.Value;
    }

    /// <summary>Field-by-field equality of sockets: their <see cref="Option{A}"/> fields would go through LanguageExt's reflective instance lookup.</summary>
    private sealed class SameSocket : IEqualityComparer<SocketState>
    {
        public static readonly SameSocket Instance = new();

        public bool Equals(SocketState? x, SocketState? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Process == y.Process && x.Protocol == y.Protocol
            && x.Association.Map(t => t.Value).IfNone(0) == y.Association.Map(t => t.Value).IfNone(0)
            && x.BoundPort.Map(p => p.Value).IfNone(0) == y.BoundPort.Map(p => p.Value).IfNone(0);

        public int GetHashCode(SocketState obj) => obj.Id.GetHashCode();
    }
}
