using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Domain.Netsh;

/// <summary>
/// The text of <c>netsh int ipv4 show dynamicport tcp|udp</c>: a title, a dash underline and two
/// <c>label : value</c> lines, the start port and the number of ports (in English <c>Start Port      : 49152</c>
/// and <c>Number of Ports : 16384</c>).
/// </summary>
/// <remarks>
/// Read by structure, as Windows translates the labels: the first <c>label : number</c> line is the start,
/// the second the count. Before them may come the dash underline and the title right above it; after them
/// only blank lines. A full-width colon (U+FF1A) counts as a colon. CRLF or LF, trailing blanks and a UTF-8
/// byte order mark are accepted.
/// </remarks>
public static class DynamicPorts
{
    /// <summary>
    /// The dynamic range netsh's text shows, or <see cref="ReservationError.InvalidParameter"/> with
    /// ERROR_INVALID_PARAMETER naming the line (its number from 1 and its text) that cannot be read: a line
    /// that is neither title, underline nor <c>label : number</c>, a third value, a start outside 1-65535,
    /// or a count of 0 or one that runs past port 65535; or saying that a value is missing.
    /// </summary>
    public static Fin<DynamicPortRange> Parse(string text)
    {
        var lines = NetshLine.Split(text);
        var values = lines.Where(line => ValueOf(line) is not null).ToList();
        if (values.Count < 2)
        {
            return Invalid($"the netsh text holds {values.Count} \"label : number\" line{(values.Count == 1 ? string.Empty : "s")}, not two "
                + "(the start port and the number of ports); give the whole output of 'netsh int ipv4 show dynamicport tcp'");
        }

        if (values.Count > 2)
        {
            return Invalid($"the netsh text's {values[2]} is a third \"label : number\" line; netsh shows only the start port and the number of ports");
        }

        var firstValue = System.Array.IndexOf(lines, values[0]);
        var underline = System.Array.FindIndex(lines, 0, firstValue, line => line.IsUnderline);
        var stray = lines.Where((line, index) =>
            !line.IsBlank
            && !values.Contains(line)
            && !(underline >= 0 && (index == underline || index == underline - 1))).Cast<NetshLine?>().FirstOrDefault();
        if (stray is { } garbage)
        {
            return Invalid($"the netsh text's {garbage} is not part of netsh's dynamic port range");
        }

        var (start, count) = (ValueOf(values[0])!.Value, ValueOf(values[1])!.Value);
        if (start is < Port.MinValue or > Port.MaxValue)
        {
            return Invalid($"the netsh text's {values[0]} gives a start port outside 1-65535");
        }

        return count is < 1 or > Port.MaxValue || start + count - 1 > Port.MaxValue
            ? Invalid($"the netsh text's {values[1]} gives a number of ports that is 0 or runs past port 65535 from the start {start}")
            : DynamicPortRange.Create((int)start, (int)count);
    }

    /// <summary>The number of a <c>label : number</c> line (capped so that no count of digits overflows it), or null for any other line.</summary>
    private static long? ValueOf(NetshLine line)
    {
        var colon = line.Text.LastIndexOfAny([':', '\uFF1A']);
        if (colon <= 0 || line.Text[..colon].Trim().Length == 0)
        {
            return null;
        }

        var digits = line.Text[(colon + 1)..].Trim();
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var significant = digits.TrimStart('0');
        return significant.Length > 9 ? long.MaxValue / 2 : significant.Length == 0 ? 0 : long.Parse(significant, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static Fin<DynamicPortRange> Invalid(string reason) =>
        FinFail<DynamicPortRange>(new ReservationError.InvalidParameter(reason, WindowsCodes.ERROR_INVALID_PARAMETER));
}
