using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The escaping of the state file's writer, which writes only its own property names (ASCII letters) and
/// numbers: letters, digits, '_' and '-' go as they are, and any other character as a <c>\uXXXX</c> escape, which
/// is valid JSON for every character. <see cref="JavaScriptEncoder.Default"/> would do for these names too, but the
/// first use of any built-in encoder builds every built-in one's tables, about a million instructions: a sixth of
/// an empty-state <c>portres run</c>.
/// </summary>
internal sealed class PropertyNameEncoder : JavaScriptEncoder
{
    /// <summary>The one instance.</summary>
    public static PropertyNameEncoder Instance { get; } = new();

    private PropertyNameEncoder()
    {
    }

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX; a scalar above U+FFFF is two chars and two escapes

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            if (!IsPlain(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        Span<char> units = stackalloc char[2];
        var count = new Rune(unicodeScalar).EncodeToUtf16(units);
        numberOfCharactersWritten = 0;
        if (bufferLength < count * 6)
        {
            return false;
        }

        foreach (var unit in units[..count])
        {
            var escape = new Span<char>(buffer + numberOfCharactersWritten, 6);
            escape[0] = '\\';
            escape[1] = 'u';
            ((int)unit).TryFormat(escape[2..], out _, "X4", CultureInfo.InvariantCulture);
            numberOfCharactersWritten += 6;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => unicodeScalar > char.MaxValue || !IsPlain((char)unicodeScalar);

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
