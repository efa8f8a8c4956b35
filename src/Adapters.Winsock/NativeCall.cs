using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// A native call the adapter made, with the arguments it gave: what <see cref="NativeErrors"/> needs to
/// turn the code Windows answered into a <see cref="ReservationError"/> that names the socket and block.
/// </summary>
/// <param name="Protocol">The port space of the call (the socket's protocol, or the IP Helper family).</param>
internal abstract record NativeCall(Protocol Protocol)
{
    /// <summary>The native function or control code, in its Windows spelling.</summary>
    public abstract string Name { get; }

    /// <summary>The socket the call was made on; none for the IP Helper functions.</summary>
    public virtual Option<SocketId> Socket => None;

    /// <summary>The block or single port the call names; none when the system chooses (wildcard, automatic bind) or no port is named.</summary>
    public virtual Option<PortRange> Block => None;

    /// <summary>Opening a TCP or UDP socket (<c>socket</c>).</summary>
    public sealed record OpenSocket(Protocol Protocol) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => "socket";

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Protocol.ToString().ToUpperInvariant()})";
    }

    /// <summary><c>SIO_ACQUIRE_PORT_RESERVATION</c> on <paramref name="On"/>.</summary>
    public sealed record Acquire(SocketId On, Protocol Protocol, ReservationRequest Request) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => "SIO_ACQUIRE_PORT_RESERVATION";

        /// <inheritdoc />
        public override Option<SocketId> Socket => On;

        /// <inheritdoc />
        public override Option<PortRange> Block =>
            Request is ReservationRequest.Specific specific ? Some(specific.Range) : None;

        /// <inheritdoc />
        public override string ToString() => $"{Name} on {On} ({Protocol.ToString().ToUpperInvariant()} {Request})";
    }

    /// <summary>
    /// <c>SIO_ASSOCIATE_PORT_RESERVATION</c> on <paramref name="On"/>; <paramref name="SocketIsFresh"/> says
    /// whether the socket was neither bound nor associated before the call.
    /// </summary>
    public sealed record Associate(SocketId On, Protocol Protocol, ReservationToken Token, bool SocketIsFresh) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => "SIO_ASSOCIATE_PORT_RESERVATION";

        /// <inheritdoc />
        public override Option<SocketId> Socket => On;

        /// <inheritdoc />
        public override string ToString() => $"{Name} on {On} (token {Token})";
    }

    /// <summary><c>bind</c> of <paramref name="On"/>.</summary>
    public sealed record Bind(SocketId On, Protocol Protocol, BindTarget Target) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => "bind";

        /// <inheritdoc />
        public override Option<SocketId> Socket => On;

        /// <inheritdoc />
        public override Option<PortRange> Block =>
            Target is BindTarget.Explicit explicitPort ? Some(PortRange.Single(explicitPort.Port)) : None;

        /// <inheritdoc />
        public override string ToString() => $"{Name} of {On} to {Target}";
    }

    /// <summary><c>SIO_RELEASE_PORT_RESERVATION</c> on <paramref name="On"/>.</summary>
    public sealed record Release(SocketId On, Protocol Protocol, ReservationToken Token) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => "SIO_RELEASE_PORT_RESERVATION";

        /// <inheritdoc />
        public override Option<SocketId> Socket => On;

        /// <inheritdoc />
        public override string ToString() => $"{Name} on {On} (token {Token})";
    }

    /// <summary><c>CreatePersistent{Tcp,Udp}PortReservation</c>.</summary>
    public sealed record CreatePersistent(Protocol Protocol, PortRange Range) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => $"CreatePersistent{Family(Protocol)}PortReservation";

        /// <inheritdoc />
        public override Option<PortRange> Block => Range;

        /// <inheritdoc />
        public override string ToString() => $"{Name}({Range.Start}, {Range.Count})";
    }

    /// <summary><c>DeletePersistent{Tcp,Udp}PortReservation</c>.</summary>
    public sealed record DeletePersistent(Protocol Protocol, PortRange Range) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => $"DeletePersistent{Family(Protocol)}PortReservation";

        /// <inheritdoc />
        public override Option<PortRange> Block => Range;

        /// <inheritdoc />
        public override string ToString() => $"{Name}({Range.Start}, {Range.Count})";
    }

    /// <summary><c>LookupPersistent{Tcp,Udp}PortReservation</c>.</summary>
    public sealed record LookupPersistent(Protocol Protocol, PortRange Range) : NativeCall(Protocol)
    {
        /// <inheritdoc />
        public override string Name => $"LookupPersistent{Family(Protocol)}PortReservation";

        /// <inheritdoc />
        public override Option<PortRange> Block => Range;

        /// <inheritdoc />
        public override string ToString() => $"{Name}({Range.Start}, {Range.Count})";
    }

    private static string Family(Protocol protocol) => protocol == Protocol.Tcp ? "Tcp" : "Udp";
}
