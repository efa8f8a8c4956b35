using System.Text;

namespace PortReservation.App.Output;

/// <summary>Text from the user or from a file made safe to print on a terminal.</summary>
internal static class Printable
{
    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL and C1: an escape sequence can retitle,
    /// clear or reprogram a terminal; a newline would split one sentence in two) written as <c>\xHH</c>.
    /// Everything else is left as it is, backslashes included.
    /// </summary>
    public static string Escaped(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
