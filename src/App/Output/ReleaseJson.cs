using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of release.</summary>
/// <param name="Released">The reservation that was released.</param>
internal sealed record ReleaseJson(ReleasedJson Released) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("released"u8);
        Released.WriteTo(writer);
        writer.WriteEndObject();
    }
}

/// <summary>A released runtime reservation, named by its protocol and token.</summary>
/// <param name="Protocol">tcp or udp.</param>
/// <param name="Token">The token, as a decimal string.</param>
internal sealed record ReleasedJson(string Protocol, string Token)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("protocol"u8, Protocol);
        writer.WriteString("token"u8, Token);
        writer.WriteEndObject();
    }
}
