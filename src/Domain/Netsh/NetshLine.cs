namespace PortReservation.Domain.Netsh;

/// <summary>One line of netsh's output: its number from 1 and its text without the line end and trailing blanks.</summary>
internal readonly record struct NetshLine(int Number, string Text)
{
    /// <summary>Whether nothing but blanks was on the line.</summary>
    public bool IsBlank => Text.Length == 0;

    /// <summary>Whether the line is a dash underline: dashes and blanks only (translations space them differently).</summary>
    public bool IsUnderline => !IsBlank && Text.All(c => c == '-' || c == ' ' || c == '\t');

    /// <summary>
    /// The lines of <paramref name="text"/>. A leading UTF-8 byte order mark is dropped; a line ends at LF
    /// with or without CR before it, as netsh writes CRLF and copies through other tools often LF.
    /// </summary>
    public static NetshLine[] Split(string text)
    {
        var body = text.StartsWith('\uFEFF') ? text[1..] : text;
        return [.. body.Split('\n').Select((line, index) => new NetshLine(index + 1, line.TrimEnd()))];
    }

    /// <summary>How an error names the line: its number and its text.</summary>
    public override string ToString() => $"line {Number} (\"{Text}\")";
}
