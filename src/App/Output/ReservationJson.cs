using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>One reservation, as show and why print it.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Start">The first port.</param>
/// <param name="Count">How many ports.</param>
/// <param name="End">The last port.</param>
/// <param name="Kind"><c>persistent</c> or <c>runtime</c>.</param>
/// <param name="Token">The token, as a decimal string.</param>
/// <param name="OwnerPid">The holding process of a runtime reservation; null for persistent ones.</param>
internal sealed record ReservationJson(string Protocol, int Start, int Count, int End, string Kind, string Token, long? OwnerPid)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteNumber("start"u8, Start);
        writer.WriteNumber("count"u8, Count);
        writer.WriteNumber("end"u8, End);
        writer.WriteString("kind"u8, Kind);
        writer.WriteString("token"u8, Token);
        if (OwnerPid is { } pid)
        {
            writer.WriteNumber("ownerPid"u8, pid);
        }
        else
        {
            writer.WriteNull("ownerPid"u8);
        }
        writer.WriteEndObject();
    }
}
