using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// What a runtime acquire asks for: a specific block, or a wildcard (native start port 0) for which
/// the system chooses a block from the dynamic port range.
/// </summary>
public abstract record ReservationRequest
{
    private protected ReservationRequest()
    {
    }

    /// <summary>How many ports the request asks for.</summary>
    public abstract int Count { get; }

    /// <summary>A request for exactly this block.</summary>
    /// <param name="Range">The block asked for.</param>
    public sealed record Specific(PortRange Range) : ReservationRequest
    {
        /// <inheritdoc />
        public override int Count => Range.Count;

        /// <inheritdoc />
        public override string ToString() => $"block {Range}";
    }

    /// <summary>A request for any free block of <see cref="Count"/> ports from the dynamic range.</summary>
    public sealed record Wildcard : ReservationRequest
    {
        internal Wildcard(int count) => Count = count;

        /// <inheritdoc />
        public override int Count { get; }

        /// <inheritdoc />
        public override string ToString() => $"any {Count} ports";
    }

    /// <summary>A request for exactly <paramref name="range"/>.</summary>
    public static ReservationRequest ForBlock(PortRange range) => new Specific(range);

    /// <summary>A wildcard request for <paramref name="count"/> ports (1 to 65535), or WSAEINVAL.</summary>
    public static Fin<ReservationRequest> ForAnyBlock(int count) =>
        count is >= 1 and <= Port.MaxValue
            ? FinSucc<ReservationRequest>(new Wildcard(count))
            : FinFail<ReservationRequest>(new ReservationError.InvalidParameter(
                $"count {count} must be from 1 to 65535", WindowsCodes.WSAEINVAL));

    /// <summary>
    /// The request an <c>INET_PORT_RANGE</c> input to SIO_ACQUIRE_PORT_RESERVATION makes: start port 0
    /// is a wildcard; anything else a specific block. Invalid input fails with WSAEINVAL.
    /// </summary>
    public static Fin<ReservationRequest> FromNative(int startPort, int count) =>
        startPort == 0
            ? ForAnyBlock(count)
            : PortRange.Create(startPort, count, WindowsCodes.WSAEINVAL).Map(ForBlock);
}
