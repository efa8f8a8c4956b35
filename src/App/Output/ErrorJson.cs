using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of any failure.</summary>
/// <param name="Error">What failed.</param>
internal sealed record ErrorJson(ErrorBodyJson Error) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error"u8);
        Error.WriteTo(writer);
        writer.WriteEndObject();
    }
}
