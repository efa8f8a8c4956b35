using System.Globalization;
using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain.Netsh;

/// <summary>
/// The text of <c>netsh int ipv4 show excludedportrange protocol=tcp|udp</c>: read in any language and
/// written as English netsh prints it. Windows has no call that lists reservations, so this text is how
/// a real machine's table reaches the fake, and how the Winsock side reads the table at all.
/// </summary>
/// <remarks>
/// The text is read by its structure, never by its words, which Windows translates: the column heads
/// are the line right above the dash underline; the title is the nearest line above the heads and names
/// the protocol with a <c>tcp</c> or <c>udp</c> token anywhere in it (German quotes it, last); each row
/// below the underline is two port numbers with an optional <c>*</c> (administered). A line that begins
/// with <c>*</c> after the rows is netsh's footnote (<c>* - Administered port exclusions.</c> in English,
/// translated elsewhere): its words are not read, it may be missing, and only blank lines may follow it.
/// Only blank lines may come before the title. CRLF or LF line ends, trailing blanks and a leading UTF-8
/// byte order mark are all accepted.
/// </remarks>
public static class ExcludedPortRanges
{
    private const string LineEnd = "\r\n";

    /// <summary>
    /// The table netsh's text holds. The protocol is <paramref name="protocol"/> when given, else the one
    /// the title names. Anything that cannot be read is <see cref="ReservationError.InvalidParameter"/>
    /// with ERROR_INVALID_PARAMETER naming the line (its number from 1 and its text): a line that is not
    /// part of the table, a row that is not two numbers and an optional <c>*</c>, a port outside 1-65535,
    /// a row whose end is below its start, two rows that overlap (both lines named: netsh never prints
    /// that), no table at all, or no protocol. Never a partial table.
    /// </summary>
    public static Fin<ExcludedPortTable> Parse(string text, Option<Protocol> protocol)
    {
        var lines = NetshLine.Split(text);
        var underline = System.Array.FindIndex(lines, line => line.IsUnderline);
        if (underline < 0)
        {
            return Invalid("the text holds no netsh table: no line of dashes under the column heads; "
                + "give the whole output of 'netsh int ipv4 show excludedportrange protocol=tcp'");
        }

        if (underline == 0 || lines[underline - 1].IsBlank)
        {
            return Invalid($"the netsh text's {lines[underline]} has no column heads right above it");
        }

        var heads = underline - 1;
        var title = heads - 1;
        while (title >= 0 && lines[title].IsBlank)
        {
            title--;
        }

        if (title > 0 && lines.Take(title).Where(line => !line.IsBlank).Cast<NetshLine?>().FirstOrDefault() is { } stray)
        {
            return Invalid($"the netsh text's {stray} is not part of the table: only blank lines come before its title");
        }

        var named = protocol.Match(
            Some: given => FinSucc(given),
            None: () => title < 0
                ? Invalid<Protocol>($"the netsh text names no protocol: no title above the column heads on line {lines[heads].Number}; give the protocol")
                : ProtocolNamedBy(lines[title]));

        return named.Bind(p => Rows(lines, underline + 1).Bind(rows => Checked(p, rows)));
    }

    /// <summary>
    /// <paramref name="table"/> in netsh's exact English text: a blank line, <c>Protocol tcp Port Exclusion
    /// Ranges</c>, a blank line, <c>Start Port    End Port</c>, <c>----------    --------</c>, one row per
    /// block (the start right-aligned in 10 columns, the end in the next 12, and <c>     *</c> after an
    /// administered row, nothing after the others), a blank line, <c>* - Administered port exclusions.</c>
    /// and a blank line. Every line ends in CRLF, as netsh prints it. An empty table is the same text with
    /// no rows: netsh prints the heads and the footnote even then.
    /// </summary>
    public static string Format(ExcludedPortTable table)
    {
        var text = new StringBuilder()
            .Append(LineEnd)
            .Append(CultureInfo.InvariantCulture, $"Protocol {(table.Protocol == Protocol.Tcp ? "tcp" : "udp")} Port Exclusion Ranges{LineEnd}")
            .Append(LineEnd)
            .Append("Start Port    End Port").Append(LineEnd)
            .Append("----------    --------").Append(LineEnd);
        foreach (var row in table.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Range.Start.Value,10}{row.Range.End.Value,12}")
                .Append(row.IsAdministered ? "     *" : string.Empty)
                .Append(LineEnd);
        }

        return text.Append(LineEnd)
            .Append("* - Administered port exclusions.").Append(LineEnd)
            .Append(LineEnd)
            .ToString();
    }

    /// <summary>The protocol the title's <c>tcp</c> or <c>udp</c> token names, quoted or not, in any position.</summary>
    private static Fin<Protocol> ProtocolNamedBy(NetshLine title)
    {
        var named = Words(title.Text)
            .Select(word => word.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? Protocol.Tcp
                : word.Equals("udp", StringComparison.OrdinalIgnoreCase) ? Protocol.Udp
                : (Protocol?)null)
            .OfType<Protocol>()
            .Distinct()
            .ToList();
        return named.Count switch
        {
            1 => FinSucc(named[0]),
            0 => Invalid<Protocol>($"the netsh text's title, {title}, names neither tcp nor udp; give the protocol"),
            _ => Invalid<Protocol>($"the netsh text's title, {title}, names both tcp and udp; give the protocol"),
        };
    }

    /// <summary>The runs of ASCII letters in <paramref name="text"/>: the title's words, with quotes and other signs dropped.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isLetter = i < text.Length && char.IsAsciiLetter(text[i]);
            if (isLetter && start < 0)
            {
                start = i;
            }
            else if (!isLetter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>The rows below the underline, each with its line, in the order read; up to the footnote, after which only blank lines may come.</summary>
    private static Fin<List<(ExcludedPortRange Row, NetshLine Line)>> Rows(NetshLine[] lines, int first)
    {
        var rows = new List<(ExcludedPortRange Row, NetshLine Line)>();
        var footnote = (NetshLine?)null;
        foreach (var line in lines.Skip(first).Where(line => !line.IsBlank))
        {
            if (footnote is { } seen)
            {
                return Invalid<List<(ExcludedPortRange, NetshLine)>>(
                    $"the netsh text's {line} follows the footnote on line {seen.Number}; only blank lines come after it");
            }

            if (line.Text.TrimStart().StartsWith('*'))
            {
                footnote = line;
                continue;
            }

            var row = Row(line);
            if (row.IsFail)
            {
                return (LanguageExt.Common.Error)row;
            }

            rows.Add(((ExcludedPortRange)row, line));
        }

        return rows;
    }

    /// <summary>A row: two port numbers, the end not below the start, and an optional <c>*</c>.</summary>
    private static Fin<ExcludedPortRange> Row(NetshLine line)
    {
        var fields = line.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (2 or 3) || !IsNumber(fields[0]) || !IsNumber(fields[1]) || (fields.Length == 3 && fields[2] != "*"))
        {
            return Invalid<ExcludedPortRange>($"the netsh text's {line} is not a row of two port numbers and an optional \"*\"");
        }

        var (start, end) = (PortNumber(fields[0]), PortNumber(fields[1]));
        return start is null || end is null
            ? Invalid<ExcludedPortRange>($"the netsh text's {line} holds port {(start is null ? fields[0] : fields[1])}, outside 1-65535")
            : end < start
                ? Invalid<ExcludedPortRange>($"the netsh text's {line} ends at {end}, below its start {start}")
                : PortRange.Create(start.Value, end.Value - start.Value + 1).Map(range => new ExcludedPortRange(range, fields.Length == 3));
    }

    private static bool IsNumber(string field) => field.All(char.IsAsciiDigit);

    /// <summary>The port a field of ASCII digits names, or null outside 1-65535 (however many digits it has).</summary>
    private static int? PortNumber(string digits)
    {
        var significant = digits.TrimStart('0');
        return significant.Length is > 0 and <= 5 && int.Parse(significant, NumberStyles.None, CultureInfo.InvariantCulture) is var value and <= Port.MaxValue
            ? value
            : null;
    }

    /// <summary>The table of the rows read, or the error naming the two lines of the first rows that overlap.</summary>
    private static Fin<ExcludedPortTable> Checked(Protocol protocol, List<(ExcludedPortRange Row, NetshLine Line)> read)
    {
        var sorted = read.OrderBy(r => r.Row.Range.Start).ThenBy(r => r.Line.Number).ToList();
        if (ExcludedPortTable.FirstOverlap([.. sorted.Select(r => r.Row)]) is { } overlap)
        {
            var (one, other) = (sorted[overlap.First].Line, sorted[overlap.Second].Line);
            var (earlier, later) = one.Number < other.Number ? (one, other) : (other, one);
            return Invalid($"the netsh text's {earlier} and {later} hold rows that overlap; netsh never prints overlapping rows");
        }

        return ExcludedPortTable.Read(protocol, [.. sorted.Select(r => (r.Row, r.Line.Number))]);
    }

    private static Fin<ExcludedPortTable> Invalid(string reason) => Invalid<ExcludedPortTable>(reason);

    private static Fin<T> Invalid<T>(string reason) =>
        FinFail<T>(new ReservationError.InvalidParameter(reason, WindowsCodes.ERROR_INVALID_PARAMETER));
}
