using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
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
/// dynamic port range, so <see cref="List"/>, <see cref="Explain"/> and <see cref="DynamicPorts"/> run
/// <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c> and <c>netsh int ipv4 show dynamicport
/// tcp|udp</c> (netsh.exe of the system folder, no shell, stopped after 15 s) and read their text with the
/// domain's parsers (<see cref="PortReservation.Domain.Netsh.ExcludedPortRanges"/>,
/// <see cref="PortReservation.Domain.Netsh.DynamicPorts"/>), which read any language by structure. netsh
/// shows blocks and stars, nothing more; what it does not show is filled in as <see cref="List"/> says.
/// When netsh cannot be started, fails, takes too long or prints text that cannot be read, the query answers
/// <see cref="ReservationError.Unexpected"/> saying so and naming the command to run by hand; never an exception.
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
    private readonly ProcessId self = new(Environment.ProcessId);
    private readonly Lock gate = new();
    private readonly Dictionary<SocketId, OwnedSocket> sockets = [];
    private readonly Dictionary<ReservationToken, Reservation.Runtime> held = [];
    private long lastSocket;
    private bool disposed;

    private WinsockReservations(INativePortReservations native, INetsh netsh) => (this.native, this.netsh) = (native, netsh);

    /// <summary>
    /// The adapter for this process, or <see cref="ReservationError.Unsupported"/> on another OS or below
    /// Windows build <see cref="MinimumWindowsBuild"/>.
    /// </summary>
    public static Fin<WinsockReservations> Create() =>
        OperatingSystem.IsWindows()
            ? Create(new NativePortReservations(), NetshProcess.OfThisWindows())
            : FinFail<WinsockReservations>(new ReservationError.Unsupported(
                "port reservations are a Windows feature; on other systems use the fake adapter"));

    /// <summary>The adapter over <paramref name="native"/> and <paramref name="netsh"/>, refused below build <see cref="MinimumWindowsBuild"/>.</summary>
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
                   select Held(socket, owned, new ReservationInstance(range, token));
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
            ReservationToken.Checked(token)
                .Bind(named => NativeErrors.Check(
                    native.ReleasePortReservation(owned.Socket.SafeHandle, named.Value),
                    new NativeCall.Release(socket, owned.Protocol, named)))
                .Do(_ => Forget(token)));

    /// <inheritdoc />
    public Fin<Unit> Close(SocketId socket)
    {
        OwnedSocket? owned;
        lock (gate)
        {
            sockets.Remove(socket, out owned);
            ForgetHeldOn(socket);
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
    /// <remarks>
    /// <para>
    /// Runs <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c> for the protocol, or for TCP then
    /// UDP, and answers its rows sorted by protocol, then start. netsh shows a block and whether it is
    /// administered (<c>*</c>), nothing more, so:
    /// </para>
    /// <list type="bullet">
    /// <item><description>a starred row is a <see cref="Reservation.Persistent"/> with the token
    /// LookupPersistent{Tcp,Udp}PortReservation gives for its block (no elevation needed);</description></item>
    /// <item><description>an unstarred row whose block this adapter acquired and still holds is that
    /// <see cref="Reservation.Runtime"/>, with its real token, socket and this process;</description></item>
    /// <item><description>any other unstarred row is a runtime reservation of some process that netsh does not
    /// name (WinNAT, HNS, HTTP.sys, another program): it is held by <see cref="ProcessId.SimulatedSystem"/>,
    /// pid 4, on a socket number of its own (2^48, plus 65536 for UDP, plus the row's start), which is no
    /// socket of this adapter;</description></item>
    /// <item><description>a block this adapter holds that no row covers is listed too.</description></item>
    /// </list>
    /// <para>
    /// Windows tells no one another process's token, and the lookup of a starred row fails when the block went
    /// away since netsh ran; such rows carry a placeholder token instead, a fixed function of the row
    /// (0x6E7368, "nsh", in the top 24 bits, then the protocol, start and count), which Windows did not
    /// issue: <see cref="IsPlaceholderToken"/> tells it from a real one (a real token carries those bits only
    /// by chance). It is deterministic, so a machine lists the same tokens twice, where a made-up random
    /// token would pass for a real one.
    /// </para>
    /// </remarks>
    public Fin<Seq<Reservation>> List(Option<Protocol> protocol)
    {
        var answered = LanguageExt.Seq<Reservation>.Empty;
        foreach (var each in protocol.Match(Some: p => new[] { p }, None: () => [Protocol.Tcp, Protocol.Udp]))
        {
            var listed = Listed(each);
            if (listed.IsFail)
            {
                return listed;
            }

            answered = answered.Concat((Seq<Reservation>)listed);
        }

        return answered;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs <c>netsh int ipv4 show dynamicport</c> and <c>netsh int ipv4 show excludedportrange</c> for the
    /// protocol, puts the reservations <see cref="List"/> answers into a table with that dynamic range, and
    /// lets the domain explain the port there (<see cref="Reservations.Explain"/>) for this process. So a
    /// port inside a block of another process, netsh's unnamed rows included, is an explicit bind that
    /// fails with "access forbidden" (WSAEACCES on Windows); inside a persistent block or one of this
    /// adapter's own it is allowed. netsh's table says nothing of bound sockets: <see cref="PortExplanation.InUse"/>
    /// is false, and the verdict leaves ports in use out.
    /// </remarks>
    public Fin<PortExplanation> Explain(Protocol protocol, Port port) =>
        from asked in Port.Checked(port, WindowsCodes.ERROR_INVALID_PARAMETER)
        from dynamicPorts in DynamicPortsOf(protocol)
        from reservations in Listed(protocol)
        from table in NetshReservations.Table(dynamicPorts, reservations)
        from explanation in Reservations.Explain(table, protocol, asked, self)
        select explanation;

    /// <inheritdoc />
    /// <remarks>
    /// Runs <c>netsh int ipv4 show dynamicport tcp</c>: the range of TCP, which the domain's one range for
    /// both protocols stands for (Windows keeps one per protocol; <see cref="Explain"/> reads the protocol's own).
    /// </remarks>
    public Fin<DynamicPortRange> DynamicPorts() => DynamicPortsOf(Protocol.Tcp);

    /// <summary>
    /// Whether <paramref name="token"/> is the placeholder <see cref="List"/> and <see cref="Explain"/> give a
    /// reservation whose real token Windows does not tell (another process's runtime block), rather than a token
    /// Windows issued.
    /// </summary>
    public static bool IsPlaceholderToken(ReservationToken token) => NetshReservations.IsPlaceholder(token);

    /// <summary>The reservations of <paramref name="protocol"/>, as <see cref="List"/> says.</summary>
    private Fin<Seq<Reservation>> Listed(Protocol protocol)
    {
        var query = new NetshQuery.ExcludedPortRange(protocol);
        return from text in netsh.Run(query)
               from table in Read(query, ExcludedPortRanges.Parse(text, protocol))
               select NetshReservations.Of(table, HeldBlocks(), PersistentToken);
    }

    private Fin<DynamicPortRange> DynamicPortsOf(Protocol protocol)
    {
        var query = new NetshQuery.DynamicPort(protocol);
        return netsh.Run(query).Bind(text => Read(query, Domain.Netsh.DynamicPorts.Parse(text)));
    }

    /// <summary>The token of a persistent block, if LookupPersistent gives one.</summary>
    private Option<ReservationToken> PersistentToken(Protocol protocol, PortRange range)
    {
        var result = native.LookupPersistentPortReservation(protocol, (ushort)range.Start.Value, (ushort)range.Count);
        return NativeErrors.Token(result.Code, result.Token, new NativeCall.LookupPersistent(protocol, range)).ToOption();
    }

    /// <summary>What netsh printed, read; text the parser refuses is Unexpected, as it is netsh's, not the caller's.</summary>
    private static Fin<T> Read<T>(NetshQuery query, Fin<T> parsed) =>
        parsed.BiMap(value => value, error => new ReservationError.Unexpected(
            $"the output of `{query.CommandLine}` could not be read ({(error is ReservationError.InvalidParameter invalid ? invalid.Reason : error.Message)}); "
            + "run that command by hand to see it, and report the text if it looks like netsh's usual table",
            NetshProcess.ErrorInvalidData));

    /// <summary>Closes every socket this adapter opened, ending the runtime reservations acquired on them.</summary>
    public void Dispose()
    {
        List<OwnedSocket> closing;
        lock (gate)
        {
            disposed = true;
            closing = [.. sockets.Values];
            sockets.Clear();
            held.Clear();
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

    /// <summary>Records <paramref name="block"/>, just acquired on <paramref name="socket"/>, as held by this process, unless the socket closed meanwhile.</summary>
    private ReservationInstance Held(SocketId socket, OwnedSocket owned, ReservationInstance block)
    {
        lock (gate)
        {
            if (sockets.TryGetValue(socket, out var current) && ReferenceEquals(current, owned))
            {
                held[block.Token] = new Reservation.Runtime(owned.Protocol, block.Range, block.Token, new Holder(self, socket));
            }
        }

        return block;
    }

    private void Forget(ReservationToken token)
    {
        lock (gate)
        {
            held.Remove(token);
        }
    }

    /// <summary>Forgets the blocks held on <paramref name="socket"/>; the caller holds the gate.</summary>
    private void ForgetHeldOn(SocketId socket)
    {
        foreach (var token in held.Where(entry => entry.Value.Holder.Socket == socket).Select(entry => entry.Key).ToList())
        {
            held.Remove(token);
        }
    }

    private List<Reservation.Runtime> HeldBlocks()
    {
        lock (gate)
        {
            return [.. held.Values];
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
