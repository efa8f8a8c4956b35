using System.Collections.Immutable;
using PortReservation.Domain;

namespace PortReservation.Properties.Model;

/// <summary>
/// A reference model of Windows port reservations written from the spec, independent of the domain's
/// table: a list of sockets, a list of blocks and a brute-force first-fit search. Reservations are known
/// by the order they were granted (#1, #2 ...), not by token, so the model needs no token generator.
/// Each step answers what the fake must answer (<see cref="Last"/>). Process 3 is not elevated.
/// </summary>
internal sealed record ReferenceModel(
    int DynamicStart,
    int DynamicCount,
    bool FromTop,
    ImmutableHashSet<(Protocol Protocol, int Port)> Elsewhere,
    ImmutableList<ModelSocket> Sockets,
    ImmutableList<ModelBlock> Blocks,
    int NextSocket,
    int NextBlock,
    Answer Last,
    int? NewSocket,
    int? NewBlock)
{
    public const int UnelevatedPid = 3;

    private const string NotASocket = "NotASocket";
    private const string Conflict = "Conflict";
    private const string Exhausted = "Exhausted";
    private const string NotFound = "NotFound";
    private const string NotOwner = "NotOwner";
    private const string AccessDenied = "AccessDenied";
    private const string InvalidParameter = "InvalidParameter";

    public int DynamicEnd => DynamicStart + DynamicCount - 1;

    /// <summary>A machine with no reservations and no sockets, where programs outside the model hold <paramref name="elsewhere"/>.</summary>
    public static ReferenceModel Empty(int dynamicStart, int dynamicCount, bool fromTop, IEnumerable<(Protocol, int)> elsewhere) =>
        new(dynamicStart, dynamicCount, fromTop, elsewhere.ToImmutableHashSet(), [], [], 1, 1, Answer.Ok(), null, null);

    public static bool IsElevated(int pid) => pid != UnelevatedPid;

    public ReferenceModel OpenSocket(int pid, Protocol protocol)
    {
        var socket = new ModelSocket(NextSocket, pid, protocol, null, null);
        return Answering(Answer.Ok($"socket #{socket.Handle}")) with
        {
            Sockets = Sockets.Add(socket),
            NextSocket = NextSocket + 1,
            NewSocket = socket.Handle,
        };
    }

    public ReferenceModel Acquire(int pid, int handle, int start, int count)
    {
        if (Own(pid, handle) is not { } socket)
        {
            return Answering(Answer.Fail(NotASocket, WindowsCodes.WSAENOTSOCK));
        }

        if (start == 0)
        {
            var found = FirstFit(socket.Protocol, count);
            if (found is null)
            {
                return Answering(Answer.Fail(Exhausted, WindowsCodes.WSAENOBUFS));
            }

            start = found.Value;
        }
        else if (!IsUnreserved(socket.Protocol, start, count))
        {
            return Answering(Answer.Fail(Conflict, WindowsCodes.WSAEADDRINUSE));
        }

        return Granting(new ModelBlock(NextBlock, socket.Protocol, start, count, false, pid, handle), $"{start}+{count} as #{NextBlock}");
    }

    public ReferenceModel Associate(int pid, int handle, int id)
    {
        if (Own(pid, handle) is not { } socket)
        {
            return Answering(Answer.Fail(NotASocket, WindowsCodes.WSAENOTSOCK));
        }

        if (socket.Bound is not null || socket.Association is not null)
        {
            return Answering(Answer.Fail(InvalidParameter, WindowsCodes.WSAEINVAL));
        }

        if (LiveBlock(id, socket.Protocol) is not { } block)
        {
            return Answering(Answer.Fail(NotFound, WindowsCodes.WSAEINVAL));
        }

        if (!block.Persistent && block.Pid != pid)
        {
            return Answering(Answer.Fail(NotOwner, WindowsCodes.WSAEACCES));
        }

        if (block.Persistent && !IsElevated(pid))
        {
            return Answering(Answer.Fail(AccessDenied, WindowsCodes.WSAEACCES));
        }

        return Answering(Answer.Ok()) with { Sockets = Sockets.Replace(socket, socket with { Association = id }) };
    }

    /// <summary>Binds to <paramref name="port"/>, or automatically when it is 0.</summary>
    public ReferenceModel Bind(int pid, int handle, int port)
    {
        if (Own(pid, handle) is not { } socket)
        {
            return Answering(Answer.Fail(NotASocket, WindowsCodes.WSAENOTSOCK));
        }

        if (socket.Bound is not null)
        {
            return Answering(Answer.Fail(InvalidParameter, WindowsCodes.WSAEINVAL));
        }

        int? chosen;
        if (port != 0)
        {
            if (IsInUse(socket.Protocol, port))
            {
                return Answering(Answer.Fail(Conflict, WindowsCodes.WSAEADDRINUSE));
            }

            if (Blocks.Any(b => b.Protocol == socket.Protocol && !b.Persistent && b.Has(port) && b.Pid != pid))
            {
                return Answering(Answer.Fail(AccessDenied, WindowsCodes.WSAEACCES));
            }

            chosen = port;
        }
        else if (socket.Association is { } id)
        {
            if (LiveBlock(id, socket.Protocol) is not { } block)
            {
                return Answering(Answer.Fail(NotFound, WindowsCodes.WSAEINVAL));
            }

            chosen = Enumerable.Range(block.Start, block.Count).Cast<int?>().FirstOrDefault(p => !IsInUse(socket.Protocol, p!.Value));
        }
        else
        {
            chosen = Enumerable.Range(DynamicStart, DynamicCount).Cast<int?>()
                .FirstOrDefault(p => !IsInUse(socket.Protocol, p!.Value) && !IsReserved(socket.Protocol, p!.Value));
        }

        return chosen is { } bound
            ? Answering(Answer.Ok($"{bound}")) with { Sockets = Sockets.Replace(socket, socket with { Bound = bound }) }
            : Answering(Answer.Fail(Exhausted, WindowsCodes.WSAENOBUFS));
    }

    public ReferenceModel Release(int pid, int handle, int id)
    {
        if (Own(pid, handle) is not { } socket)
        {
            return Answering(Answer.Fail(NotASocket, WindowsCodes.WSAENOTSOCK));
        }

        if (LiveBlock(id, socket.Protocol) is not { Persistent: false } block)
        {
            return Answering(Answer.Fail(NotFound, WindowsCodes.WSAEINVAL));
        }

        return block.Pid != pid
            ? Answering(Answer.Fail(NotOwner, WindowsCodes.WSAEACCES))
            : Answering(Answer.Ok()) with { Blocks = Blocks.Remove(block) };
    }

    public ReferenceModel Close(int pid, int handle) =>
        Own(pid, handle) is { } socket
            ? Answering(Answer.Ok()) with
            {
                Sockets = Sockets.Remove(socket),
                Blocks = Blocks.RemoveAll(b => !b.Persistent && b.Socket == handle),
            }
            : Answering(Answer.Fail(NotASocket, WindowsCodes.WSAENOTSOCK));

    public ReferenceModel EndProcess(int pid)
    {
        var ended = Blocks.Where(b => !b.Persistent && b.Pid == pid).Select(b => b.Id).Order().ToList();
        return Answering(Answer.Ok(Ended(ended))) with
        {
            Sockets = Sockets.RemoveAll(s => s.Pid == pid),
            Blocks = Blocks.RemoveAll(b => !b.Persistent && b.Pid == pid),
        };
    }

    public ReferenceModel Create(int pid, Protocol protocol, int start, int count) =>
        !IsElevated(pid) ? Answering(Answer.Fail(AccessDenied, WindowsCodes.ERROR_ACCESS_DENIED))
        : !IsUnreserved(protocol, start, count) ? Answering(Answer.Fail(Conflict, WindowsCodes.ERROR_SHARING_VIOLATION))
        : Granting(new ModelBlock(NextBlock, protocol, start, count, true, 0, 0), $"#{NextBlock}");

    public ReferenceModel Delete(int pid, Protocol protocol, int start, int count) =>
        !IsElevated(pid) ? Answering(Answer.Fail(AccessDenied, WindowsCodes.ERROR_ACCESS_DENIED))
        : ExactPersistent(protocol, start, count) is { } block ? Answering(Answer.Ok()) with { Blocks = Blocks.Remove(block) }
        : Answering(Answer.Fail(NotFound, WindowsCodes.ERROR_NOT_FOUND));

    public ReferenceModel Lookup(Protocol protocol, int start, int count) =>
        ExactPersistent(protocol, start, count) is { } block
            ? Answering(Answer.Ok($"#{block.Id}"))
            : Answering(Answer.Fail(NotFound, WindowsCodes.ERROR_NOT_FOUND));

    public ReferenceModel List(Protocol? protocol) => Answering(Answer.Ok(Table(protocol)));

    public ReferenceModel Explain(int pid, Protocol protocol, int port)
    {
        var covering = Blocks.FirstOrDefault(b => b.Protocol == protocol && b.Has(port));
        var inDynamicRange = port >= DynamicStart && port <= DynamicEnd;
        var inUse = IsInUse(protocol, port);
        var verdict = inUse ? BindVerdict.InUse
            : covering is { Persistent: false } && covering.Pid != pid ? BindVerdict.AccessForbidden
            : BindVerdict.Allowed;
        return Answering(Answer.Ok(Explanation(covering?.Id, inDynamicRange, inUse, verdict, inDynamicRange && covering is null && !inUse)));
    }

    /// <summary>The live blocks of one protocol or both, sorted by protocol, then start, one per line.</summary>
    public string Table(Protocol? protocol) =>
        string.Join("; ", Blocks.Where(b => protocol is null || b.Protocol == protocol)
            .OrderBy(b => b.Protocol).ThenBy(b => b.Start).ThenBy(b => b.Count));

    public static string Ended(IEnumerable<int> ids) => $"ended [{string.Join(" ", ids.Select(id => $"#{id}"))}]";

    public static string Explanation(int? covering, bool inDynamicRange, bool inUse, BindVerdict verdict, bool automaticMayDraw) =>
        $"covered by {(covering is { } id ? $"#{id}" : "none")}, dynamic {inDynamicRange}, in use {inUse}, explicit bind {verdict}, automatic {automaticMayDraw}";

    public override string ToString() =>
        $"[{string.Join(", ", Sockets)}] [{Table(null)}] -> {Last}";

    private ReferenceModel Answering(Answer answer) => this with { Last = answer, NewSocket = null, NewBlock = null };

    private ReferenceModel Granting(ModelBlock block, string answer) =>
        Answering(Answer.Ok(answer)) with { Blocks = Blocks.Add(block), NextBlock = NextBlock + 1, NewBlock = block.Id };

    private ModelSocket? Own(int pid, int handle) => Sockets.FirstOrDefault(s => s.Handle == handle && s.Pid == pid);

    private ModelBlock? LiveBlock(int id, Protocol protocol) => Blocks.FirstOrDefault(b => b.Id == id && b.Protocol == protocol);

    private ModelBlock? ExactPersistent(Protocol protocol, int start, int count) =>
        Blocks.FirstOrDefault(b => b.Persistent && b.Protocol == protocol && b.Start == start && b.Count == count);

    private bool IsInUse(Protocol protocol, int port) =>
        Elsewhere.Contains((protocol, port)) || Sockets.Any(s => s.Protocol == protocol && s.Bound == port);

    private bool IsReserved(Protocol protocol, int port) => Blocks.Any(b => b.Protocol == protocol && b.Has(port));

    private bool IsUnreserved(Protocol protocol, int start, int count) =>
        !Blocks.Any(b => b.Protocol == protocol && b.Overlaps(start, count))
        && !Enumerable.Range(start, count).Any(p => IsInUse(protocol, p));

    /// <summary>
    /// The lowest start in the dynamic range whose <paramref name="count"/> ports are all unreserved and not
    /// in use; with <see cref="FromTop"/>, the highest such start.
    /// </summary>
    private int? FirstFit(Protocol protocol, int count)
    {
        var starts = Enumerable.Range(DynamicStart, Math.Max(0, DynamicCount - count + 1));
        foreach (var start in FromTop ? starts.Reverse() : starts)
        {
            if (Enumerable.Range(start, count).All(p => !IsInUse(protocol, p) && !IsReserved(protocol, p)))
            {
                return start;
            }
        }

        return null;
    }
}
