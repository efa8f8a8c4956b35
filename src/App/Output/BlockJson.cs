using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>A block without its token.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Start">The first port.</param>
/// <param name="Count">How many ports.</param>
internal sealed record BlockJson(string Protocol, int Start, int Count)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteNumber("start"u8, Start);
        writer.WriteNumber("count"u8, Count);
        writer.WriteEndObject();
    }
}
