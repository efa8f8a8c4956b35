namespace PortReservation.Domain;

/// <summary>
/// A live reservation: a block of one protocol's ports and its token, either
/// <see cref="Persistent"/> (administered, no holder) or <see cref="Runtime"/> (held by the socket
/// that acquired it). The two cases are closed: no one outside this assembly can add one, so a switch
/// over them is complete, and a runtime reservation without a holder cannot be written.
/// </summary>
public abstract record Reservation
{
    private protected Reservation(Protocol protocol, PortRange range, ReservationToken token) =>
        (Protocol, Range, Token) = (protocol, range, token);

    /// <summary>The port space it reserves in.</summary>
    public Protocol Protocol { get; }

    /// <summary>The reserved ports.</summary>
    public PortRange Range { get; }

    /// <summary>The token that names it.</summary>
    public ReservationToken Token { get; }

    /// <summary>Which of the two cases this is, for code that only needs the name.</summary>
    public abstract ReservationKind Kind { get; }

    /// <summary>The block and its token.</summary>
    public ReservationInstance Instance => new(Range, Token);

    /// <summary>Whether <paramref name="process"/> holds this reservation (persistent ones have no holder).</summary>
    public bool IsHeldBy(ProcessId process) => this is Runtime runtime && runtime.Holder.Process == process;

    /// <summary>
    /// A block in the persistent store (CreatePersistent{Tcp,Udp}PortReservation), "administered" in netsh's
    /// words: it has no holder and lives until deleted.
    /// </summary>
    public sealed record Persistent : Reservation
    {
        /// <summary>The persistent reservation of <paramref name="range"/> named <paramref name="token"/>.</summary>
        public Persistent(Protocol protocol, PortRange range, ReservationToken token)
            : base(protocol, range, token)
        {
        }

        /// <inheritdoc />
        public override ReservationKind Kind => ReservationKind.Persistent;

        /// <inheritdoc />
        public override string ToString() => $"persistent {Protocol} {Range} (token {Token})";
    }

    /// <summary>A block acquired with SIO_ACQUIRE_PORT_RESERVATION: it lives as long as the socket that holds it.</summary>
    public sealed record Runtime : Reservation
    {
        /// <summary>The runtime reservation of <paramref name="range"/> named <paramref name="token"/>, held by <paramref name="holder"/>.</summary>
        public Runtime(Protocol protocol, PortRange range, ReservationToken token, Holder holder)
            : base(protocol, range, token) => Holder = holder;

        /// <summary>The socket that acquired it and its process; only that process may associate or release it.</summary>
        public Holder Holder { get; }

        /// <inheritdoc />
        public override ReservationKind Kind => ReservationKind.Runtime;

        /// <inheritdoc />
        public override string ToString() => $"runtime {Protocol} {Range} (token {Token}, held by {Holder.Socket} of process {Holder.Process})";
    }
}
