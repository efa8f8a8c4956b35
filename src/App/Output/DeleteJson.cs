using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of delete.</summary>
/// <param name="Deleted">The block that was deleted.</param>
internal sealed record DeleteJson(BlockJson Deleted) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("deleted"u8);
        Deleted.WriteTo(writer);
        writer.WriteEndObject();
    }
}
