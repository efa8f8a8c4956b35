using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of import: how many rows became reservations, and of which kind.</summary>
/// <param name="Protocol">The protocol imported into.</param>
/// <param name="Imported">How many rows were imported.</param>
/// <param name="Persistent">How many of them were administered (starred) rows, now persistent reservations.</param>
/// <param name="Runtime">How many were held rows, now runtime reservations of the simulated system process.</param>
internal sealed record ImportJson(string Protocol, int Imported, int Persistent, int Runtime) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteNumber("imported"u8, Imported);
        writer.WriteNumber("persistent"u8, Persistent);
        writer.WriteNumber("runtime"u8, Runtime);
        writer.WriteEndObject();
    }
}
