using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of show.</summary>
/// <param name="Reservations">Every reservation, sorted by protocol, then start.</param>
internal sealed record ShowJson(IReadOnlyList<ReservationJson> Reservations) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("reservations"u8);
        foreach (var reservation in Reservations)
        {
            reservation.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
