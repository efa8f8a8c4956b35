using System.Globalization;
using System.Text.Encodings.Web;

namespace PortReservation.App.Output;

/// <summary>
/// The escaping of --json output: what <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> escapes, escaped as
/// it does, without its tables. The first use of any built-in encoder runs <c>DefaultJavaScriptEncoder</c>'s static
/// constructor, which builds the tables of every built-in encoder: about a million instructions of the 3.1 M that
/// --json added to a command. The rules, read from the runtime's encoder: <c>"</c> and <c>\</c>, the control
/// characters, the space separators other than U+0020, U+2028 and U+2029, private-use and unassigned code points,
/// U+FEFF and every scalar above U+FFFF are escaped; a lone surrogate becomes an escaped U+FFFD; the escapes are
/// JSON's short ones (<c>\b \t \n \f \r \" \\</c>) and <c>\uXXXX</c> (upper-case hex, a surrogate pair for a scalar
/// above U+FFFF). Assignment is read from <see cref="CharUnicodeInfo"/>, whose Unicode version the runtime's encoder
/// shares: <c>OutputJsonProperties</c> compares every scalar, arbitrary strings and arbitrary documents with the
/// built-in encoder and the serializer.
/// </summary>
internal sealed class RelaxedJsonEncoder : JavaScriptEncoder
{
    private RelaxedJsonEncoder()
    {
    }

    /// <summary>The one instance.</summary>
    public static RelaxedJsonEncoder Instance { get; } = new();

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX; a scalar above U+FFFF is two chars and two escapes

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            // Every surrogate is escaped: a pair makes a scalar above U+FFFF, a lone one a U+FFFD.
            if (char.IsSurrogate(text[i]) || Escapes(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        numberOfCharactersWritten = 0;
        if (unicodeScalar > char.MaxValue)
        {
            var scalar = unicodeScalar - 0x10000;
            return TryEscape((char)(0xD800 + (scalar >> 10)), destination, ref numberOfCharactersWritten)
                && TryEscape((char)(0xDC00 + (scalar & 0x3FF)), destination, ref numberOfCharactersWritten);
        }

        return TryEscape((char)unicodeScalar, destination, ref numberOfCharactersWritten);
    }

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => unicodeScalar > char.MaxValue || Escapes((char)unicodeScalar);

    private static bool Escapes(char c) =>
        c < 0x80
            ? c < 0x20 || c is '"' or '\\' or '\u007F'
            : c == '\uFEFF' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.SpaceSeparator
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static bool TryEscape(char c, Span<char> destination, ref int written)
    {
        var shortEscape = c switch
        {
            '\b' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\f' => 'f',
            '\r' => 'r',
            '"' => '"',
            '\\' => '\\',
            _ => '\0',
        };
        var length = shortEscape == '\0' ? 6 : 2;
        if (destination.Length - written < length)
        {
            return false;
        }

        var escape = destination.Slice(written, length);
        escape[0] = '\\';
        if (shortEscape != '\0')
        {
            escape[1] = shortEscape;
        }
        else
        {
            escape[1] = 'u';
            for (var digit = 0; digit < 4; digit++)
            {
                escape[2 + digit] = "0123456789ABCDEF"[(c >> (12 - (4 * digit))) & 0xF];
            }
        }

        written += length;
        return true;
    }
}
