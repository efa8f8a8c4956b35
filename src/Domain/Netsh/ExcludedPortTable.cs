using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain.Netsh;

/// <summary>
/// One protocol's table of excluded port ranges, as <c>netsh int ipv4 show excludedportrange</c> shows
/// it: rows sorted by start, none overlapping (netsh never prints overlapping rows), adjacent rows kept
/// apart as netsh keeps them.
/// </summary>
/// <remarks>
/// A table read by <see cref="ExcludedPortRanges.Parse"/> remembers the line each row came from
/// (<see cref="LineOf"/>), so a later refusal can point at the line. That is where a row came from, not
/// what it is: two tables are equal when they hold the same protocol and the same rows.
/// </remarks>
public sealed record ExcludedPortTable
{
    private readonly int[] lines;

    private ExcludedPortTable(Protocol protocol, Seq<ExcludedPortRange> rows, int[] lines) =>
        (Protocol, Rows, this.lines) = (protocol, rows, lines);

    /// <summary>The protocol whose ports the table excludes.</summary>
    public Protocol Protocol { get; }

    /// <summary>The rows, sorted by start; no two overlap.</summary>
    public Seq<ExcludedPortRange> Rows { get; }

    /// <summary>The table of <paramref name="protocol"/> with no rows.</summary>
    public static ExcludedPortTable Empty(Protocol protocol) => new(protocol, LanguageExt.Seq<ExcludedPortRange>.Empty, []);

    /// <summary>
    /// The table of <paramref name="rows"/>, sorted by start, or <see cref="ReservationError.InvalidParameter"/>
    /// with ERROR_INVALID_PARAMETER when two rows overlap or a row's block is <c>default(PortRange)</c>.
    /// </summary>
    public static Fin<ExcludedPortTable> Create(Protocol protocol, IEnumerable<ExcludedPortRange> rows)
    {
        var sorted = rows.OrderBy(row => row.Range.Start).ToArray();
        foreach (var row in sorted)
        {
            var checkedRange = PortRange.Checked(row.Range, WindowsCodes.ERROR_INVALID_PARAMETER);
            if (checkedRange.IsFail)
            {
                return FinFail<ExcludedPortTable>((LanguageExt.Common.Error)checkedRange);
            }
        }

        return FirstOverlap(sorted) is { } overlap
            ? FinFail<ExcludedPortTable>(new ReservationError.InvalidParameter(
                $"the rows {sorted[overlap.First]} and {sorted[overlap.Second]} overlap; netsh never prints overlapping rows",
                WindowsCodes.ERROR_INVALID_PARAMETER))
            : FinSucc(new ExcludedPortTable(protocol, toSeq(sorted), []));
    }

    /// <summary>
    /// The live reservations of <paramref name="protocol"/> in <paramref name="table"/> as netsh shows them:
    /// persistent ones administered (starred), runtime ones not.
    /// </summary>
    public static ExcludedPortTable Of(ReservationTable table, Protocol protocol) =>
        new(protocol, table.ReservationsOf(protocol).Map(r => new ExcludedPortRange(r.Range, r is Reservation.Persistent)), []);

    /// <summary>The number (from 1) of the line of netsh's text that <paramref name="row"/> was read from; none for a table not read from text or a row it does not hold.</summary>
    public Option<int> LineOf(ExcludedPortRange row)
    {
        if (lines.Length == 0)
        {
            return None;
        }

        var index = Rows.ToList().IndexOf(row);
        return index < 0 ? None : Some(lines[index]);
    }

    /// <summary>Whether both tables hold the same protocol and the same rows, wherever they were read from.</summary>
    public bool Equals(ExcludedPortTable? other) =>
        other is not null && Protocol == other.Protocol && Rows.AsEnumerable().SequenceEqual(other.Rows);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Protocol, Rows.Count);

    /// <summary>The table of rows read from netsh's text, sorted by start, with the line each came from; the rows do not overlap.</summary>
    internal static ExcludedPortTable Read(Protocol protocol, IReadOnlyList<(ExcludedPortRange Row, int Line)> sortedRows) =>
        new(protocol, toSeq(sortedRows.Select(r => r.Row).ToArray()), [.. sortedRows.Select(r => r.Line)]);

    /// <summary>
    /// The indexes of two overlapping rows of <paramref name="byStart"/>, or null. Sorted by start, any
    /// overlap shows between neighbours: a row that overlaps a later one also overlaps the row right after it.
    /// </summary>
    internal static (int First, int Second)? FirstOverlap(IReadOnlyList<ExcludedPortRange> byStart)
    {
        for (var i = 1; i < byStart.Count; i++)
        {
            if (byStart[i - 1].Range.Overlaps(byStart[i].Range))
            {
                return (i - 1, i);
            }
        }

        return null;
    }
}
