using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The real Windows port reservations for the calling process: runtime reservations through the WinSock
/// IOCTLs on real sockets this adapter owns, persistent ones through the IP Helper functions. Every native
/// refusal comes back as the <see cref="ReservationError"/> the domain uses for it, keeping Windows' code.
/// </summary>
/// <remarks>
/// <para>
/// Sockets: <see cref="OpenSocket"/> opens a real <see cref="Socket"/> (TCP stream or UDP datagram) and
/// hands out a <see cref="SocketId"/> for it. Where the OS supports IPv6 the socket is IPv6 in dual mode,
/// so that a bind holds its port for IPv4 and IPv6 alike, as the model's single port space per protocol
/// says (msquic acquires and associates on such sockets too); otherwise it is IPv4. Binds go to the wildcard address. Closing a socket (or disposing this
/// adapter) disposes it, which ends the runtime reservations acquired on it.
/// </para>
/// <para>
/// Queries: Windows has no public call that lists reservations, tells which one covers a port, or reads the
/// dynamic port range; netsh shows all three for the whole machine. <see cref="List"/>, <see cref="Explain"/>
/// and <see cref="DynamicPorts"/> therefore run <c>netsh int ipv4 show excludedportrange</c> and
/// <c>show dynamicport</c> and read them with the domain's parser (any language), then import the rows
/// into a scratch table as the fake does. What netsh does not say stays unknown and is marked so: an
/// unstarred row is a runtime reservation of <see cref="ProcessId.SimulatedSystem"/> (some process; netsh
/// names none, so this process's own blocks show so too), and its token is the scratch table's, not
/// Windows' (Windows tells a runtime token only to its holder). A starred row carries its real token,
/// read with LookupPersistent{Tcp,Udp}PortReservation. When netsh fails, the query fails with
/// <see cref="ReservationError.Unexpected"/> naming the command to run by hand.
/// </para>
/// <para>Safe to call from several threads at once.</para>
/// </remarks>
[SupportedOSPlatform("windows")]
public sealed class WinsockReservations : IReservationPort, IDisposable
{
    /// <summary>
    /// The first Windows build on which this adapter runs: 17763, Windows 10 1809 / Server 2019. msquic, a
    /// production user of these calls, enables port reservations only from this build, as the first on
    /// which they are safe to use.
    /// </summary>
    public const int MinimumWindowsBuild = 17763;

    private readonly INativePortReservations native;
    private readonly INetsh netsh;
    private readonly Lock gate = new();
    private readonly Dictionary<SocketId, OwnedSocket> sockets = [];
    private long lastSocket;
    private bool disposed;

    private WinsockReservations(INativePortReservations native, INetsh netsh) => (this.native, this.netsh) = (native, netsh);

    /// <summary>
    /// The adapter for this process, or <see cref="ReservationError.Unsupported"/> on another OS or below
    /// Windows build <see cref="MinimumWindowsBuild"/>.
    /// </summary>
    public static Fin<WinsockReservations> Create() =>
        OperatingSystem.IsWindows()
            ? Create(new NativePortReservations(), new NetshCommand())
            : FinFail<WinsockReservations>(new ReservationError.Unsupported(
                "port reservations are a Windows feature; on other systems use the fake adapter"));

    /// <summary>The adapter over <paramref name="native"/>, refused below build <see cref="MinimumWindowsBuild"/>.</summary>
    internal static Fin<WinsockReservations> Create(INativePortReservations native, INetsh netsh) =>
        native.WindowsBuildNumber >= MinimumWindowsBuild
            ? FinSucc(new WinsockReservations(native, netsh))
            : FinFail<WinsockReservations>(new ReservationError.Unsupported(
                $"port reservations need Windows 10 1809 / Server 2019 (build {MinimumWindowsBuild}) or later, and this is build " +
                $"{native.WindowsBuildNumber}; before that build they are not safe to use (msquic enables them only from it)"));

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The adapter has been disposed.</exception>
    public Fin<SocketId> OpenSocket(Protocol protocol)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Socket socket;
        try
        {
            socket = NewSocket(protocol);
        }
        catch (SocketException e)
        {
            return FinFail<SocketId>(NativeErrors.ToError(NativeErrors.CodeOf(e), new NativeCall.OpenSocket(protocol)));
        }

        lock (gate)
        {
            if (disposed)
            {
                socket.Dispose();
                throw new ObjectDisposedException(GetType().FullName);
            }

            var id = new SocketId(++lastSocket);
            sockets.Add(id, new OwnedSocket(socket, protocol, IsAssociated: false));
            return id;
        }
    }

    /// <inheritdoc />
    public Fin<ReservationInstance> Acquire(SocketId socket, ReservationRequest request) =>
        OnSocket(socket, owned =>
        {
            var call = new NativeCall.Acquire(socket, owned.Protocol, request);
            return from block in NativeBlock(request)
                   let result = native.AcquirePortReservation(owned.Socket.SafeHandle, (ushort)block.Start, (ushort)block.Count)
                   from token in NativeErrors.Token(result.Code, result.Token, call)
                   from range in PortRange.Create(result.StartPort, result.NumberOfPorts).BiMap(
                       range => range,
                       _ => NativeErrors.Unexpected(
                           result.Code, call, $"success with the block {result.StartPort}+{result.NumberOfPorts}, which is not a valid block"))
                   select new ReservationInstance(range, token);
        });

    /// <summary>The INET_PORT_RANGE input of the acquire: start 0 for a wildcard. <c>default(PortRange)</c> is refused, as it would go out as a wildcard.</summary>
    private static Fin<(int Start, int Count)> NativeBlock(ReservationRequest request) =>
        request switch
        {
            ReservationRequest.Specific specific => PortRange.Checked(specific.Range, WindowsCodes.WSAEINVAL).Map(range => (range.Start.Value, range.Count)),
            _ => FinSucc((0, request.Count)),
        };

    /// <inheritdoc />
    public Fin<Unit> Associate(SocketId socket, ReservationToken token) =>
        OnSocket(socket, owned =>
        {
            var call = new NativeCall.Associate(socket, owned.Protocol, token, owned.IsFresh);
            return ReservationToken.Checked(token)
                .Bind(named => NativeErrors.Check(native.AssociatePortReservation(owned.Socket.SafeHandle, named.Value), call))
                .Do(_ => MarkAssociated(socket, owned));
        });

    /// <inheritdoc />
    /// <remarks>Binds to the wildcard address; an automatic target binds port 0 and answers the port the system chose.</remarks>
    public Fin<Port> Bind(SocketId socket, BindTarget target) =>
        OnSocket(socket, owned =>
        {
            var call = new NativeCall.Bind(socket, owned.Protocol, target);

            // default(Port) would bind port 0, which is an automatic bind.
            if (target is BindTarget.Explicit { Port: var asked } && Port.Checked(asked, WindowsCodes.WSAEINVAL) is { IsFail: true } invalid)
            {
                return invalid;
            }

            var any = owned.Socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            var requested = target is BindTarget.Explicit explicitPort ? explicitPort.Port.Value : 0;
            try
            {
                owned.Socket.Bind(new IPEndPoint(any, requested));
            }
            catch (SocketException e)
            {
                return FinFail<Port>(NativeErrors.ToError(NativeErrors.CodeOf(e), call));
            }

            var bound = owned.Socket.LocalEndPoint is IPEndPoint endPoint ? endPoint.Port : 0;
            return Port.Create(bound).BiMap(
                port => port,
                _ => NativeErrors.Unexpected(WindowsCodes.NO_ERROR, call, $"success with local port {bound}"));
        });

    /// <inheritdoc />
    public Fin<Unit> Release(SocketId socket, ReservationToken token) =>
        OnSocket(socket, owned =>
            ReservationToken.Checked(token).Bind(named => NativeErrors.Check(
                native.ReleasePortReservation(owned.Socket.SafeHandle, named.Value),
                new NativeCall.Release(socket, owned.Protocol, named))));

    /// <inheritdoc />
    public Fin<Unit> Close(SocketId socket)
    {
        OwnedSocket? owned;
        lock (gate)
        {
            sockets.Remove(socket, out owned);
        }

        if (owned is null)
        {
            return FinFail<Unit>(new ReservationError.NotASocket(socket));
        }

        owned.Socket.Dispose();
        return unit;
    }

    /// <inheritdoc />
    public Fin<ReservationToken> Create(Protocol protocol, PortRange range) =>
        from block in PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER)
        let result = native.CreatePersistentPortReservation(protocol, (ushort)block.Start.Value, (ushort)block.Count)
        from token in NativeErrors.Token(result.Code, result.Token, new NativeCall.CreatePersistent(protocol, block))
        select token;

    /// <inheritdoc />
    public Fin<Unit> Delete(Protocol protocol, PortRange range) =>
        PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER).Bind(block => NativeErrors.Check(
            native.DeletePersistentPortReservation(protocol, (ushort)block.Start.Value, (ushort)block.Count),
            new NativeCall.DeletePersistent(protocol, block)));

    /// <inheritdoc />
    public Fin<ReservationToken> Lookup(Protocol protocol, PortRange range) =>
        from block in PortRange.Checked(range, WindowsCodes.ERROR_INVALID_PARAMETER)
        let result = native.LookupPersistentPortReservation(protocol, (ushort)block.Start.Value, (ushort)block.Count)
        from token in NativeErrors.Token(result.Code, result.Token, new NativeCall.LookupPersistent(protocol, block))
        select token;

    /// <inheritdoc />
    /// <remarks>netsh's tables of the protocol or of both; see the class remarks for what netsh does not tell.</remarks>
    public Fin<Seq<Reservation>> List(Option<Protocol> protocol) =>
        from table in Shown(protocol.Match(p => [p], () => new[] { Protocol.Tcp, Protocol.Udp }), Protocol.Tcp)
        select toSeq(table.Reservations.Map(WithRealToken));

    /// <inheritdoc />
    /// <remarks>netsh's table of the protocol and its dynamic range, explained for this process as the fake explains them.</remarks>
    public Fin<PortExplanation> Explain(Protocol protocol, Port port) =>
        from table in Shown([protocol], protocol)
        from explanation in Reservations.Explain(table, protocol, port, new ProcessId(Environment.ProcessId))
        select explanation;

    /// <inheritdoc />
    /// <remarks>What <c>netsh int ipv4 show dynamicport tcp</c> prints.</remarks>
    public Fin<DynamicPortRange> DynamicPorts() => DynamicPortsOf(Protocol.Tcp);

    private Fin<DynamicPortRange> DynamicPortsOf(Protocol protocol) =>
        from text in netsh.DynamicPorts(protocol)
        from range in Domain.Netsh.DynamicPorts.Parse(text)
        select range;

    /// <summary>A scratch table holding netsh's rows of <paramref name="protocols"/>, with the dynamic range netsh shows for <paramref name="dynamicOf"/>.</summary>
    private Fin<ReservationTable> Shown(IEnumerable<Protocol> protocols, Protocol dynamicOf)
    {
        var dynamic = DynamicPortsOf(dynamicOf);
        if (dynamic.IsFail)
        {
            return (LanguageExt.Common.Error)dynamic;
        }

        var table = FinSucc(ReservationTable.Empty(new ReservationSettings((DynamicPortRange)dynamic, WildcardFit.FirstFitFromBottom), 1));
        foreach (var protocol in protocols)
        {
            table =
                from before in table
                from text in netsh.ExcludedPortRanges(protocol)
                from rows in Domain.Netsh.ExcludedPortRanges.Parse(text, protocol)
                from imported in Reservations.Import(before, rows, replace: false)
                select imported.State;
        }

        return table;
    }

    /// <summary>A persistent reservation with the token Windows gives for its block; any other as it is.</summary>
    private Reservation WithRealToken(Reservation reservation) =>
        reservation is Reservation.Persistent persistent
            ? Lookup(persistent.Protocol, persistent.Range).Match(
                Succ: token => new Reservation.Persistent(persistent.Protocol, persistent.Range, token),
                Fail: _ => reservation)
            : reservation;

    /// <summary>Closes every socket this adapter opened, ending the runtime reservations acquired on them.</summary>
    public void Dispose()
    {
        List<OwnedSocket> closing;
        lock (gate)
        {
            disposed = true;
            closing = [.. sockets.Values];
            sockets.Clear();
        }

        closing.ForEach(owned => owned.Socket.Dispose());
    }

    private static Socket NewSocket(Protocol protocol)
    {
        var family = Socket.OSSupportsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var socket = protocol == Protocol.Tcp
            ? new Socket(family, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }


    /// <summary>
    /// Runs <paramref name="use"/> on the open socket <paramref name="socket"/> names. An unknown socket, or
    /// one closed by another thread meanwhile, is <see cref="ReservationError.NotASocket"/>.
    /// </summary>
    private Fin<T> OnSocket<T>(SocketId socket, Func<OwnedSocket, Fin<T>> use)
    {
        OwnedSocket? owned;
        lock (gate)
        {
            sockets.TryGetValue(socket, out owned);
        }

        if (owned is null)
        {
            return FinFail<T>(new ReservationError.NotASocket(socket));
        }

        try
        {
            return use(owned);
        }
        catch (ObjectDisposedException)
        {
            return FinFail<T>(new ReservationError.NotASocket(socket));
        }
    }

    private void MarkAssociated(SocketId socket, OwnedSocket owned)
    {
        lock (gate)
        {
            if (sockets.TryGetValue(socket, out var current) && ReferenceEquals(current, owned))
            {
                sockets[socket] = owned with { IsAssociated = true };
            }
        }
    }
}
