using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of add and lookup.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Start">The first port.</param>
/// <param name="Count">How many ports.</param>
/// <param name="Token">The token, as a decimal string (64-bit values do not survive JSON numbers).</param>
internal sealed record TokenJson(string Protocol, int Start, int Count, string Token) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteNumber("start"u8, Start);
        writer.WriteNumber("count"u8, Count);
        writer.WriteString("token"u8, Token);
        writer.WriteEndObject();
    }
}
