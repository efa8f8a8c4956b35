using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain;

/// <summary>
/// A block of consecutive ports (<c>INET_PORT_RANGE</c>): a start port and a count. This is the
/// one home of the rule: start 1..65535, count at least 1, last port at most 65535.
/// </summary>
/// <remarks>
/// <c>default(PortRange)</c> holds no ports and so is not a block: every function of the domain and
/// every adapter refuses it with <see cref="ReservationError.InvalidParameter"/> (see <see cref="Checked"/>).
/// </remarks>
public readonly record struct PortRange : IComparable<PortRange>, IComparable
{
    private PortRange(Port start, int count) => (Start, Count) = (start, count);

    /// <summary>The first port of the block.</summary>
    public Port Start { get; }

    /// <summary>How many ports the block holds, at least 1.</summary>
    public int Count { get; }

    /// <summary>The last port of the block.</summary>
    public Port End => Port.Trusted(Start.Value + Count - 1);

    /// <summary>
    /// The block of <paramref name="count"/> ports from <paramref name="start"/>, or
    /// <see cref="ReservationError.InvalidParameter"/> with ERROR_INVALID_PARAMETER (87).
    /// </summary>
    public static Fin<PortRange> Create(int start, int count) =>
        Create(start, count, WindowsCodes.ERROR_INVALID_PARAMETER);

    /// <summary>The same rule, failing with the code the caller's native path gives (WSAEINVAL for the IOCTLs).</summary>
    internal static Fin<PortRange> Create(int start, int count, int invalidCode) =>
        Problem(start, count) switch
        {
            null => FinSucc(new PortRange(Port.Trusted(start), count)),
            var reason => FinFail<PortRange>(new ReservationError.InvalidParameter(reason, invalidCode)),
        };

    /// <summary>
    /// <paramref name="range"/> itself, or <see cref="ReservationError.InvalidParameter"/> with
    /// <paramref name="invalidCode"/> when it is <c>default(PortRange)</c>. The domain's functions and
    /// the adapters check every block that enters through them with this.
    /// </summary>
    public static Fin<PortRange> Checked(PortRange range, int invalidCode) =>
        range.Count == 0
            ? FinFail<PortRange>(new ReservationError.InvalidParameter(
                "the block is default(PortRange), which holds no ports; make blocks with PortRange.Create", invalidCode))
            : FinSucc(range);

    /// <summary>The block of one port.</summary>
    public static PortRange Single(Port port) => new(port, 1);

    /// <summary>The block from <paramref name="start"/> to <paramref name="end"/> inclusive; both already valid.</summary>
    internal static PortRange Between(Port start, Port end) => new(start, end.Value - start.Value + 1);

    /// <summary>What is wrong with a (start, count) pair, or null when it is a valid block.</summary>
    internal static string? Problem(long start, long count) =>
        start < Port.MinValue || start > Port.MaxValue ? $"start port {start} is outside 1-65535"
        : count < 1 ? $"count {count} must be at least 1"
        : start + count - 1 > Port.MaxValue ? $"the block {start}+{count} runs past port 65535 (last port would be {start + count - 1})"
        : null;

    /// <summary>Whether <paramref name="port"/> lies in the block.</summary>
    public bool Contains(Port port) => port >= Start && port <= End;

    /// <summary>Whether the two blocks share at least one port.</summary>
    public bool Overlaps(PortRange other) => Start <= other.End && other.Start <= End;

    /// <summary>The ports both blocks hold, if any.</summary>
    public Option<PortRange> Intersect(PortRange other) =>
        Overlaps(other)
            ? Some(Between(Start > other.Start ? Start : other.Start, End < other.End ? End : other.End))
            : None;

    /// <summary>Every port of the block, ascending.</summary>
    public Seq<Port> Ports => toSeq(Enumerable.Range(Start.Value, Count).Select(Port.Trusted));

    /// <inheritdoc />
    public int CompareTo(PortRange other) =>
        Start.CompareTo(other.Start) is var byStart and not 0 ? byStart : Count.CompareTo(other.Count);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => Count == 1 ? $"{Start}" : $"{Start}-{End}";
}
