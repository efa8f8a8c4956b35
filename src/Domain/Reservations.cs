using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain.Netsh;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// The rules of Windows port reservations as total functions from a table and an input to the next
/// table and an answer, or the error Windows gives. Pure: no clock, no randomness, no I/O.
/// </summary>
/// <remarks>
/// Checks run in this order on every path: the caller's socket, then the parameters, then rights,
/// then conflicts with other reservations, then ports in use.
/// </remarks>
public static class Reservations
{
    /// <summary>Opens a socket of <paramref name="protocol"/> for the calling process.</summary>
    public static Fin<Transition<SocketId>> OpenSocket(ReservationTable state, Caller caller, Protocol protocol)
    {
        var room = state.Room(protocol, tokens: 0, sockets: 1);
        if (room.IsFail)
        {
            return FinFail<Transition<SocketId>>((Error)room);
        }

        var (socket, next) = state.NextSocketId();
        return new Transition<SocketId>(
            next.Put(new SocketState(socket, caller.Process, protocol, None, None)), socket);
    }

    /// <summary>
    /// SIO_ACQUIRE_PORT_RESERVATION on <paramref name="socket"/>: a runtime reservation held by that socket.
    /// A specific block that overlaps any reservation of the protocol, or holds a port in use, fails
    /// with WSAEADDRINUSE. A wildcard gets the free block the settings' <see cref="WildcardFit"/> picks
    /// in the dynamic range, skipping reservations and ports in use, or fails as exhausted.
    /// </summary>
    public static Fin<Transition<ReservationInstance>> Acquire(
        ReservationTable state, Caller caller, SocketId socket, ReservationRequest request)
    {
        // Written out rather than as a query: this is the hottest transition, and each query clause allocates.
        var owned = OwnSocket(state, caller, socket);
        if (owned.IsFail)
        {
            return FinFail<Transition<ReservationInstance>>((Error)owned);
        }

        var protocol = ((SocketState)owned).Protocol;
        var range = request is ReservationRequest.Specific specific
            ? PortRange.Checked(specific.Range, WindowsCodes.WSAEINVAL) is var checkedRange && checkedRange.IsFail
                ? checkedRange
                : Unreserved(state, protocol, (PortRange)checkedRange, WindowsCodes.WSAEADDRINUSE)
            : FreeBlock(state, protocol, request.Count);
        if (range.IsFail)
        {
            return FinFail<Transition<ReservationInstance>>((Error)range);
        }

        var room = state.Room(protocol, tokens: 1, sockets: 0);
        if (room.IsFail)
        {
            return FinFail<Transition<ReservationInstance>>((Error)room);
        }

        var (token, tokens) = state.Tokens.Draw();
        var reservation = new Reservation.Runtime(protocol, (PortRange)range, token, new Holder(caller.Process, socket));
        return new Transition<ReservationInstance>(state.Add(reservation, tokens), reservation.Instance);
    }

    /// <summary>
    /// SIO_ASSOCIATE_PORT_RESERVATION on a new, unbound <paramref name="socket"/>: its automatic bind
    /// will draw from the reservation <paramref name="token"/> names. A runtime reservation may be
    /// associated only by its holder's process; a persistent one only by an elevated caller (WSAEACCES).
    /// </summary>
    public static Fin<Transition<Unit>> Associate(
        ReservationTable state, Caller caller, SocketId socket, ReservationToken token) =>
        from s in OwnSocket(state, caller, socket)
        from named in ReservationToken.Checked(token)
        from _ in s.BoundPort.IsSome || s.Association.IsSome
            ? Fail<Unit>(new ReservationError.InvalidParameter(
                $"{socket} is already {(s.BoundPort.IsSome ? "bound" : "associated")}; associate a new socket before bind",
                UnverifiedCodes.SocketStateInvalid))
            : FinSucc(unit)
        from r in Live(state, s.Protocol, named)
        from __ in r switch
        {
            Reservation.Runtime runtime when runtime.Holder.Process != caller.Process => Fail<Unit>(NotOwner(runtime)),
            Reservation.Persistent when !caller.IsElevated => Fail<Unit>(new ReservationError.AccessDenied(
                $"associating with the persistent reservation {r.Range} needs an elevated administrator", WindowsCodes.WSAEACCES)),
            _ => FinSucc(unit),
        }
        select new Transition<Unit>(state.Put(s with { Association = token }), unit);

    /// <summary>
    /// Binds <paramref name="socket"/>. An automatic bind on an associated socket draws the lowest free
    /// port of its reservation and fails as exhausted when none is left; an automatic bind on any
    /// other socket draws the lowest port of the dynamic range that no reservation covers and no socket
    /// holds (Windows picks among those in its own order; this model picks the lowest, so runs replay).
    /// An explicit bind follows <see cref="ExplicitBindVerdict"/>.
    /// </summary>
    public static Fin<Transition<Port>> Bind(ReservationTable state, Caller caller, SocketId socket, BindTarget target) =>
        from s in OwnSocket(state, caller, socket)
        from _ in s.BoundPort.IsSome
            ? Fail<Unit>(new ReservationError.InvalidParameter($"{socket} is already bound", UnverifiedCodes.SocketStateInvalid))
            : FinSucc(unit)
        from port in target switch
        {
            BindTarget.Explicit e => Port.Checked(e.Port, WindowsCodes.WSAEINVAL).Bind(p => ExplicitPort(state, caller, s.Protocol, p)),
            _ => s.Association.Match(
                Some: token => DrawFromReservation(state, s.Protocol, token),
                None: () => DrawAutomatic(state, s.Protocol)),
        }
        select new Transition<Port>(state.Put(s with { BoundPort = port }), port);

    /// <summary>
    /// SIO_RELEASE_PORT_RESERVATION: ends the runtime reservation <paramref name="token"/> names. Only
    /// the process that acquired it may release it. Sockets already bound keep their ports.
    /// </summary>
    public static Fin<Transition<Unit>> Release(
        ReservationTable state, Caller caller, SocketId socket, ReservationToken token)
    {
        var owned = OwnSocket(state, caller, socket);
        if (owned.IsFail)
        {
            return FinFail<Transition<Unit>>((Error)owned);
        }

        var named = ReservationToken.Checked(token);
        if (named.IsFail)
        {
            return FinFail<Transition<Unit>>((Error)named);
        }

        var live = Live(state, ((SocketState)owned).Protocol, (ReservationToken)named);
        if (live.IsFail)
        {
            return FinFail<Transition<Unit>>((Error)live);
        }

        return (Reservation)live switch
        {
            Reservation.Runtime r when r.Holder.Process == caller.Process => new Transition<Unit>(state.Remove(r), unit),
            Reservation.Runtime r => Fail<Transition<Unit>>(NotOwner(r)),
            _ => Fail<Transition<Unit>>(new ReservationError.NotFound(
                $"no runtime reservation has token {token} (it names a persistent one: delete it instead)", UnverifiedCodes.UnknownToken)),
        };
    }

    /// <summary>Closes <paramref name="socket"/>: its bound port is freed and the runtime reservations acquired on it end. Answers those reservations.</summary>
    public static Fin<Transition<Seq<Reservation>>> CloseSocket(ReservationTable state, Caller caller, SocketId socket) =>
        OwnSocket(state, caller, socket).Map(_ => Drop(state, [socket]));

    /// <summary>The process is gone: every socket it opened closes, and with them its runtime reservations. Answers those reservations.</summary>
    public static Transition<Seq<Reservation>> EndProcess(ReservationTable state, ProcessId process) =>
        Drop(state, state.SocketsOf(process));

    /// <summary>
    /// CreatePersistent{Tcp,Udp}PortReservation: records <paramref name="range"/> in the persistent
    /// store and answers its token. Needs an elevated caller (ERROR_ACCESS_DENIED); a block that
    /// overlaps any reservation or holds a port in use fails with ERROR_SHARING_VIOLATION.
    /// </summary>
    public static Fin<Transition<ReservationToken>> CreatePersistent(
        ReservationTable state, Caller caller, Protocol protocol, PortRange range) =>
        from requested in PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER)
        from _ in Elevated(caller, "creating a persistent reservation")
        from block in Unreserved(state, protocol, requested, WindowsCodes.ERROR_SHARING_VIOLATION)
        from room in state.Room(protocol, tokens: 1, sockets: 0)
        let drawn = state.Tokens.Draw()
        select new Transition<ReservationToken>(
            state.Add(new Reservation.Persistent(protocol, block, drawn.Token), drawn.Next), drawn.Token);

    /// <summary>
    /// DeletePersistent{Tcp,Udp}PortReservation: removes the persistent block with exactly this start and
    /// count. Needs an elevated caller; no exact match gives ERROR_NOT_FOUND.
    /// </summary>
    public static Fin<Transition<Unit>> DeletePersistent(
        ReservationTable state, Caller caller, Protocol protocol, PortRange range) =>
        from requested in PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER)
        from _ in Elevated(caller, "deleting a persistent reservation")
        from persistent in Persistent(state, protocol, requested)
        select new Transition<Unit>(state.Remove(persistent), unit);

    /// <summary>
    /// LookupPersistent{Tcp,Udp}PortReservation: the token of the persistent block with exactly this
    /// start and count, or ERROR_NOT_FOUND. Needs no elevation.
    /// </summary>
    public static Fin<ReservationToken> LookupPersistent(ReservationTable state, Protocol protocol, PortRange range) =>
        PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER).Bind(block => Persistent(state, protocol, block)).Map(r => r.Token);

    /// <summary>The persistent reservation of exactly this block, or ERROR_NOT_FOUND.</summary>
    private static Fin<Reservation> Persistent(ReservationTable state, Protocol protocol, PortRange range) =>
        Optional(state.StartingAt(protocol, range.Start))
            .Filter(r => r is Reservation.Persistent && r.Range == range)
            .ToFin(new ReservationError.NotFound(
                $"no persistent {protocol.ToString().ToUpperInvariant()} reservation is exactly {range.Start}+{range.Count}",
                WindowsCodes.ERROR_NOT_FOUND));

    /// <summary>
    /// Loads netsh's table of excluded port ranges into the machine, as if the system had made its
    /// reservations: each starred (administered) row becomes a persistent reservation, each unstarred row a
    /// runtime reservation held by <see cref="ProcessId.SimulatedSystem"/>, which stands for the WinNAT, HNS
    /// or HTTP.sys component that holds it on Windows, on a socket of its own opened for the row. Tokens are
    /// drawn in row order. Answers the reservations made, one per row, in row order.
    /// </summary>
    /// <remarks>
    /// This sets up a simulation; it is no Windows call, so it takes no caller and needs no elevation.
    /// A row that overlaps a reservation of the table is a <see cref="ReservationError.Conflict"/> with
    /// ERROR_SHARING_VIOLATION naming the row's block and that reservation
    /// (<see cref="ExcludedPortTable.LineOf"/> gives the row's line), and nothing is imported. With
    /// <paramref name="replace"/> the protocol's reservations, persistent and runtime, end first, so nothing
    /// is in the way: the sockets of the simulated system that held them close, as they exist only to hold
    /// imported rows; another process's socket stays open and only loses its block, as after
    /// SIO_RELEASE_PORT_RESERVATION. Ports in use do not stop a row: netsh lists its exclusions whatever
    /// sockets are bound, and a user importing a machine expects every row of it (on Linux the host's own
    /// connections would otherwise refuse rows at random); an explicit bind to such a port still answers
    /// "in use".
    /// </remarks>
    public static Fin<Transition<Seq<Reservation>>> Import(ReservationTable state, ExcludedPortTable rows, bool replace)
    {
        var protocol = rows.Protocol;
        var start = replace ? WithoutReservations(state, protocol) : state;
        foreach (var row in rows.Rows)
        {
            if (start.Overlapping(protocol, row.Range) is { IsSome: true } overlapping)
            {
                return Fail<Transition<Seq<Reservation>>>(
                    new ReservationError.Conflict(protocol, row.Range, overlapping, WindowsCodes.ERROR_SHARING_VIOLATION));
            }
        }

        var room = start.Room(protocol, tokens: rows.Rows.Count, sockets: rows.Rows.Count);
        if (room.IsFail)
        {
            return FinFail<Transition<Seq<Reservation>>>((Error)room);
        }

        var next = start;
        var made = new List<Reservation>(rows.Rows.Count);
        foreach (var row in rows.Rows)
        {
            var (token, tokens) = next.Tokens.Draw();
            Reservation reservation;
            if (row.IsAdministered)
            {
                reservation = new Reservation.Persistent(protocol, row.Range, token);
            }
            else
            {
                var (socket, opened) = next.NextSocketId();
                next = opened.Put(new SocketState(socket, ProcessId.SimulatedSystem, protocol, None, None));
                reservation = new Reservation.Runtime(protocol, row.Range, token, new Holder(ProcessId.SimulatedSystem, socket));
            }

            next = next.Add(reservation, tokens);
            made.Add(reservation);
        }

        return new Transition<Seq<Reservation>>(next, toSeq(made));
    }

    /// <summary>The table with every reservation of <paramref name="protocol"/> ended, and the simulated system's sockets that held them closed.</summary>
    private static ReservationTable WithoutReservations(ReservationTable state, Protocol protocol)
    {
        var ended = state.ReservationsOf(protocol);
        var systemSockets = ended.OfType<Reservation.Runtime>()
            .Where(r => r.Holder.Process == ProcessId.SimulatedSystem)
            .Select(r => r.Holder.Socket)
            .Distinct()
            .ToList();
        var next = ended.Fold(state, (table, r) => table.Remove(r));
        return systemSockets.Aggregate(next, (table, socket) => table.Drop(socket));
    }

    /// <summary>Every live reservation, of one protocol or of both, sorted by protocol, then start.</summary>
    public static Seq<Reservation> List(ReservationTable state, Option<Protocol> protocol) =>
        protocol.Match(Some: state.ReservationsOf, None: () => state.Reservations);

    /// <summary>Which reservation covers <paramref name="port"/> and what that means for a bind by <paramref name="asker"/>.</summary>
    public static Fin<PortExplanation> Explain(ReservationTable state, Protocol protocol, Port port, ProcessId asker) =>
        Port.Checked(port, WindowsCodes.ERROR_INVALID_PARAMETER).Map(p => Explained(state, protocol, p, asker));

    private static PortExplanation Explained(ReservationTable state, Protocol protocol, Port port, ProcessId asker)
    {
        var covering = state.Covering(protocol, port);
        var inDynamicRange = state.Settings.DynamicPorts.Contains(port);
        var inUse = state.IsInUse(protocol, port);
        return new PortExplanation(
            protocol,
            port,
            covering,
            inDynamicRange,
            inUse,
            ExplicitBindVerdict(state, protocol, port, asker),
            inDynamicRange && covering.IsNone && !inUse);
    }

    /// <summary>
    /// What a bind to exactly <paramref name="port"/> by <paramref name="process"/> does: refused when a
    /// socket holds it; refused as "access forbidden" inside another process's runtime reservation;
    /// allowed inside a persistent block (automatic binds skip those, explicit ones do not) and elsewhere.
    /// </summary>
    internal static BindVerdict ExplicitBindVerdict(ReservationTable state, Protocol protocol, Port port, ProcessId process) =>
        state.IsInUse(protocol, port) ? BindVerdict.InUse
        : state.Covering(protocol, port).Exists(r => r is Reservation.Runtime runtime && runtime.Holder.Process != process)
            ? BindVerdict.AccessForbidden
        : BindVerdict.Allowed;

    // The error is built only on failure: these two run on every call, and most calls succeed.
    private static Fin<SocketState> OwnSocket(ReservationTable state, Caller caller, SocketId socket) =>
        state.SocketOf(socket) is { } s && s.Process == caller.Process
            ? FinSucc(s)
            : Fail<SocketState>(new ReservationError.NotASocket(socket));

    private static Fin<Reservation> Live(ReservationTable state, Protocol protocol, ReservationToken token) =>
        state.ReservationOf(token) is { } r && r.Protocol == protocol
            ? FinSucc(r)
            : Fail<Reservation>(new ReservationError.NotFound(
                $"no live {protocol.ToString().ToUpperInvariant()} reservation has token {token}", UnverifiedCodes.UnknownToken));

    private static ReservationError NotOwner(Reservation.Runtime reservation) =>
        new ReservationError.NotOwner(reservation.Token, reservation.Holder.Process, UnverifiedCodes.NotOwner);

    private static Fin<Unit> Elevated(Caller caller, string what) =>
        caller.IsElevated
            ? FinSucc(unit)
            : Fail<Unit>(new ReservationError.AccessDenied(
                $"{what} needs an elevated administrator", WindowsCodes.ERROR_ACCESS_DENIED));

    /// <summary>The block itself when it overlaps no reservation and holds no port in use; else a conflict with <paramref name="code"/>.</summary>
    private static Fin<PortRange> Unreserved(ReservationTable state, Protocol protocol, PortRange range, int code) =>
        state.Overlapping(protocol, range) is { IsSome: true } overlapping
            ? Fail<PortRange>(new ReservationError.Conflict(protocol, range, overlapping, code))
            : state.AnyInUse(protocol, range)
                ? Fail<PortRange>(new ReservationError.Conflict(protocol, range, None, code))
                : FinSucc(range);

    private static Fin<PortRange> FreeBlock(ReservationTable state, Protocol protocol, int count) =>
        state.FreeBlock(protocol, count, fromTop: state.Settings.Fit == WildcardFit.FirstFitFromTop) is { } block
            ? FinSucc(block)
            : Fail<PortRange>(new ReservationError.Exhausted(
                protocol,
                $"no free block of {count} {protocol.ToString().ToUpperInvariant()} ports is left in the dynamic range {state.Settings.DynamicPorts.Range}",
                UnverifiedCodes.WildcardExhausted));

    private static Fin<Port> ExplicitPort(ReservationTable state, Caller caller, Protocol protocol, Port port) =>
        ExplicitBindVerdict(state, protocol, port, caller.Process) switch
        {
            BindVerdict.InUse => Fail<Port>(new ReservationError.Conflict(protocol, PortRange.Single(port), None, WindowsCodes.WSAEADDRINUSE)),
            BindVerdict.AccessForbidden => Fail<Port>(new ReservationError.AccessDenied(
                $"port {port} lies in the runtime reservation {state.Covering(protocol, port).Map(r => r.Range.ToString()).IfNone("?")} of another process",
                WindowsCodes.WSAEACCES)),
            _ => FinSucc(port),
        };

    private static Fin<Port> DrawFromReservation(ReservationTable state, Protocol protocol, ReservationToken token) =>
        from r in Live(state, protocol, token)
        from port in state.FirstNotInUse(protocol, r.Range) is { } free
            ? FinSucc(free)
            : Fail<Port>(new ReservationError.Exhausted(
                protocol, $"every port of the reservation {r.Range} is bound", UnverifiedCodes.ReservationExhausted))
        select port;

    /// <summary>The lowest free port of the dynamic range: a wildcard of one port, without the reservation.</summary>
    private static Fin<Port> DrawAutomatic(ReservationTable state, Protocol protocol) =>
        state.FreeBlock(protocol, 1, fromTop: false) is { } free
            ? FinSucc(free.Start)
            : Fail<Port>(new ReservationError.Exhausted(
                protocol, $"no free port is left in the dynamic range {state.Settings.DynamicPorts.Range}", UnverifiedCodes.DynamicRangeExhausted));

    /// <summary>Closes <paramref name="closing"/>: each one's runtime reservations end and its bound port is freed. Answers the ended reservations by protocol, then start.</summary>
    private static Transition<Seq<Reservation>> Drop(ReservationTable state, IReadOnlyList<SocketId> closing)
    {
        var ended = closing.SelectMany(state.HeldBy).ToList();
        var next = ended.Aggregate(state, (t, r) => t.Remove(r));
        next = closing.Aggregate(next, (t, s) => t.Drop(s));
        ended.Sort((a, b) => a.Protocol != b.Protocol ? a.Protocol.CompareTo(b.Protocol) : a.Range.CompareTo(b.Range));
        return new Transition<Seq<Reservation>>(next, toSeq(ended));
    }

    private static Fin<T> Fail<T>(ReservationError error) => FinFail<T>(error);
}
