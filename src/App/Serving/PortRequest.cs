using System.Text;

namespace PortReservation.App.Serving;

/// <summary>
/// A portpicker request: the process id in ASCII and a newline. It is read as portserver reads it, with
/// Python's <c>int()</c> of at most 20 bytes: ASCII blanks (space, tab, newline, vertical tab, form feed, carriage
/// return) around an optional sign and decimal digits, single underscores allowed between digits. Anything else,
/// including bytes after the newline, is malformed.
/// </summary>
internal static class PortRequest
{
    /// <summary>The longest request portserver reads as a process id.</summary>
    public const int MaxBytes = 20;

    /// <summary>How much of a request portserver reads: enough to see that one is too long.</summary>
    public const int ReadBytes = 100;

    /// <summary>The number <paramref name="request"/> holds, or none when it is malformed.</summary>
    public static long? Parse(ReadOnlySpan<byte> request)
    {
        if (request.Length > MaxBytes)
        {
            return null;
        }

        var text = request.Trim(" \t\n\v\f\r"u8);
        var negative = text.Length > 0 && text[0] == (byte)'-';
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            text = text[1..];
        }

        if (text.Length == 0 || !char.IsAsciiDigit((char)text[0]) || !char.IsAsciiDigit((char)text[^1]))
        {
            return null;
        }

        long value = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'_' && char.IsAsciiDigit((char)text[i - 1]) && char.IsAsciiDigit((char)text[i + 1]))
            {
                continue;
            }

            if (!char.IsAsciiDigit((char)c))
            {
                return null;
            }

            // 20 bytes hold at most 20 digits, past a long: a number that large is no process, and reads as the largest long.
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
        }

        return negative ? -value : value;
    }

    /// <summary>The request as a log line shows it: printable ASCII as it is, other bytes as escapes.</summary>
    public static string Quote(ReadOnlySpan<byte> request)
    {
        var quoted = new StringBuilder("'");
        foreach (var b in request)
        {
            _ = b switch
            {
                (byte)'\n' => quoted.Append("\\n"),
                (byte)'\r' => quoted.Append("\\r"),
                (byte)'\t' => quoted.Append("\\t"),
                (byte)'\\' or (byte)'\'' => quoted.Append('\\').Append((char)b),
                >= 0x20 and < 0x7f => quoted.Append((char)b),
                _ => quoted.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
            };
        }

        return quoted.Append('\'').ToString();
    }
}
