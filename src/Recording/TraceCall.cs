namespace PortReservation.Recording;

/// <summary>
/// One call on an <see cref="PortReservation.Domain.Ports.IReservationPort"/> and its answer, as one line of a
/// trace holds it. Arguments are kept as the numbers Windows takes: start 0 is a wildcard acquire, port 0 an
/// automatic bind, and zeros elsewhere are the domain's default values (which adapters refuse).
/// </summary>
public sealed record TraceCall
{
    /// <summary>The call's position in the trace, from 1; a gap means a line is missing.</summary>
    public long Sequence { get; init; }

    /// <summary>The calling process's id.</summary>
    public long Process { get; init; }

    /// <summary>Whether the process is simulated (a fake's process) rather than a real one.</summary>
    public bool IsSimulated { get; init; }

    /// <summary>Which call: one of <see cref="TraceCalls"/>.</summary>
    public required string Call { get; init; }

    /// <summary>"tcp" or "udp" for the calls that take a protocol (open socket, the persistent calls, list, explain); null for list of both.</summary>
    public string? Protocol { get; init; }

    /// <summary>The socket the call acts on, as the recording machine numbered it.</summary>
    public long? Socket { get; init; }

    /// <summary>The first port of the block (0: a wildcard acquire, or the default block).</summary>
    public int? Start { get; init; }

    /// <summary>How many ports the block holds.</summary>
    public int? Count { get; init; }

    /// <summary>The token the call takes, as the recording machine issued it.</summary>
    public ulong? Token { get; init; }

    /// <summary>The port a bind or explain takes (0: an automatic bind).</summary>
    public int? Port { get; init; }

    /// <summary>What the call answered.</summary>
    public required TraceOutcome Outcome { get; init; }
}

/// <summary>What a call answered: an <see cref="TraceAnswer"/> or an <see cref="TraceError"/>.</summary>
public abstract record TraceOutcome
{
    private protected TraceOutcome()
    {
    }
}

/// <summary>
/// A call succeeded. The fields its call answers are set: a socket (open socket), a block and token
/// (acquire), a token (create, lookup), a port (bind), a count of reservations (list), whether the port is
/// reserved (explain), a block (dynamic ports); none for the others.
/// </summary>
public sealed record TraceAnswer : TraceOutcome
{
    /// <summary>The socket opened.</summary>
    public long? Socket { get; init; }

    /// <summary>The first port of the block granted, or of the dynamic range.</summary>
    public int? Start { get; init; }

    /// <summary>How many ports the block or range holds.</summary>
    public int? Count { get; init; }

    /// <summary>The token issued or found.</summary>
    public ulong? Token { get; init; }

    /// <summary>The port bound.</summary>
    public int? Port { get; init; }

    /// <summary>How many reservations a list answered.</summary>
    public int? Reservations { get; init; }

    /// <summary>Whether the port explained is reserved.</summary>
    public bool? Reserved { get; init; }
}

/// <summary>A call failed.</summary>
/// <param name="Kind">The <see cref="PortReservation.Domain.ReservationError"/> case, by name (for example "Conflict").</param>
/// <param name="Code">The Win32 or WinSock code.</param>
public sealed record TraceError(string Kind, int Code) : TraceOutcome;

/// <summary>The names of the calls in a trace.</summary>
public static class TraceCalls
{
    /// <summary>IRuntimeReservations.OpenSocket.</summary>
    public const string OpenSocket = "openSocket";

    /// <summary>SIO_ACQUIRE_PORT_RESERVATION.</summary>
    public const string Acquire = "acquire";

    /// <summary>SIO_ASSOCIATE_PORT_RESERVATION.</summary>
    public const string Associate = "associate";

    /// <summary>bind.</summary>
    public const string Bind = "bind";

    /// <summary>SIO_RELEASE_PORT_RESERVATION.</summary>
    public const string Release = "release";

    /// <summary>closesocket.</summary>
    public const string Close = "close";

    /// <summary>CreatePersistent{Tcp,Udp}PortReservation.</summary>
    public const string Create = "create";

    /// <summary>DeletePersistent{Tcp,Udp}PortReservation.</summary>
    public const string Delete = "delete";

    /// <summary>LookupPersistent{Tcp,Udp}PortReservation.</summary>
    public const string Lookup = "lookup";

    /// <summary>IReservationQuery.List.</summary>
    public const string List = "list";

    /// <summary>IReservationQuery.Explain.</summary>
    public const string Explain = "explain";

    /// <summary>IReservationQuery.DynamicPorts.</summary>
    public const string DynamicPorts = "dynamicPorts";

    /// <summary>Every call name, for readers that check a line.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        OpenSocket, Acquire, Associate, Bind, Release, Close, Create, Delete, Lookup, List, Explain, DynamicPorts,
    };
}
