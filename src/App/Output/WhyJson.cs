using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of why.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Port">The port asked about.</param>
/// <param name="Reserved">Whether a reservation covers it.</param>
/// <param name="Reservation">That reservation, or null.</param>
/// <param name="InDynamicRange">Whether the port is in the dynamic range.</param>
/// <param name="InUse">Whether a program on the host (or a socket of the model) holds the port.</param>
/// <param name="DynamicRange">The dynamic range, as <c>start-end</c>.</param>
/// <param name="Explanation">What that means for a program, in one sentence.</param>
internal sealed record WhyJson(
    string Protocol, int Port, bool Reserved, ReservationJson? Reservation, bool InDynamicRange, bool InUse, string DynamicRange, string Explanation) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteNumber("port"u8, Port);
        writer.WriteBoolean("reserved"u8, Reserved);
        writer.WritePropertyName("reservation"u8);
        if (Reservation is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Reservation.WriteTo(writer);
        }

        writer.WriteBoolean("inDynamicRange"u8, InDynamicRange);
        writer.WriteBoolean("inUse"u8, InUse);
        writer.WriteString("dynamicRange"u8, DynamicRange);
        writer.WriteString("explanation"u8, Explanation);
        writer.WriteEndObject();
    }
}
