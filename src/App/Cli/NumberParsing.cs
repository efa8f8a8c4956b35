using System.CommandLine.Parsing;
using System.Globalization;

namespace PortReservation.App.Cli;

/// <summary>
/// Reads the numbers of the command line (ports, counts) as whole numbers, with a sentence a person
/// understands when the text is not one. Whether the number is a valid port or count is the domain's
/// call (<c>PortRange.Create</c>, <c>Port.Create</c>), not this one's.
/// </summary>
internal static class NumberParsing
{
    /// <summary>The number in the token of <paramref name="result"/>; an error on the result when it is not a whole number.</summary>
    public static int Parse(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"{name} {text} is far outside the port numbers 1-65535"
            : $"{name} takes a whole number, and '{text}' is not one");
        return 0;
    }
}
