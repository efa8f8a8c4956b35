using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Properties.Model;

/// <summary>
/// The fake under test, with the translation between the model's numbers (socket #n, reservation #n)
/// and the fake's socket ids and tokens, learnt as the fake hands them out.
/// </summary>
internal sealed class FakeRig(FakeWindows machine)
{
    private readonly Dictionary<int, SocketId> sockets = [];
    private readonly Dictionary<SocketId, int> handles = [];
    private readonly Dictionary<int, ReservationToken> tokens = [];
    private readonly Dictionary<ReservationToken, int> ids = [];

    public FakeWindows Machine => machine;

    public IReservationPort Port(int pid) => machine.Process(new ProcessId(pid), ReferenceModel.IsElevated(pid));

    /// <summary>The fake's socket for model socket <paramref name="handle"/>; one that was never opened maps to an id no socket has.</summary>
    public SocketId Socket(int handle) => sockets.TryGetValue(handle, out var socket) ? socket : new SocketId(-handle);

    /// <summary>The fake's token for model reservation <paramref name="id"/>; one never granted maps to a token no reservation has.</summary>
    public ReservationToken Token(int id) =>
        tokens.TryGetValue(id, out var token) ? token : ReservationToken.Create(ulong.MaxValue - (ulong)id).ThrowIfFail();

    /// <summary>Records that the fake opened <paramref name="socket"/> where the model opened <paramref name="handle"/>; answers as the model does.</summary>
    public string Opened(int? handle, SocketId socket)
    {
        if (handle is not { } h || handles.ContainsKey(socket))
        {
            return $"unexpected {socket}";
        }

        sockets[h] = socket;
        handles[socket] = h;
        return $"socket #{h}";
    }

    /// <summary>Records that the fake granted <paramref name="token"/> where the model granted <paramref name="id"/>; a zero or repeated token answers differently from the model.</summary>
    public string Granted(int? id, ReservationToken token)
    {
        if (token.Value == 0)
        {
            return "token 0";
        }

        if (ids.TryGetValue(token, out var earlier))
        {
            return $"the token of #{earlier} again";
        }

        if (id is not { } granted)
        {
            return $"unexpected token {token}";
        }

        tokens[granted] = token;
        ids[token] = granted;
        return $"#{granted}";
    }

    /// <summary>The model's number of <paramref name="token"/>.</summary>
    public string Name(ReservationToken token) => ids.TryGetValue(token, out var id) ? $"#{id}" : $"token {token}";

    /// <summary>The model's number of <paramref name="token"/>, or -1 for a token the fake never granted.</summary>
    public int IdOf(ReservationToken token) => ids.TryGetValue(token, out var id) ? id : -1;

    /// <summary>The fake's reservations, written as the model writes its blocks.</summary>
    public string Table(Option<Protocol> protocol) =>
        Port(1).List(protocol).Match(Succ: Format, Fail: error => $"list failed: {error}");

    /// <summary><paramref name="reservations"/> written as the model writes its blocks.</summary>
    public string Format(Seq<Reservation> reservations) => string.Join("; ", reservations.Select(Describe));

    private string Describe(Reservation r) =>
        $"{r.Protocol} {r.Range.Start}+{r.Range.Count} {Name(r.Token)} " +
        r switch
        {
            Reservation.Runtime { Holder: var h } => $"runtime p{h.Process.Value}/s{(handles.TryGetValue(h.Socket, out var n) ? n : -1)}",
            _ => "persistent",
        };
}
