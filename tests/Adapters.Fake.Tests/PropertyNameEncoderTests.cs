using System.Buffers;
using System.Text;
using System.Text.Json;
using PortReservation.Adapters.Fake.Shared;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>The state file writer's escaping: its own names go as they are, anything else as valid JSON escapes.</summary>
public sealed class PropertyNameEncoderTests
{
    [Theory]
    [InlineData("formatVersion", "formatVersion")]
    [InlineData("next_socket-2", "next_socket-2")]
    [InlineData("a\"b", "a\\u0022b")]
    [InlineData("back\\slash", "back\\u005Cslash")]
    [InlineData("line\nbreak", "line\\u000Abreak")]
    [InlineData("<tag>", "\\u003Ctag\\u003E")]
    [InlineData("café", "caf\\u00E9")]
    [InlineData("port 😀", "port\\u0020\\uD83D\\uDE00")]
    public void A_property_name_is_written_as_it_is_when_plain_and_with_unicode_escapes_otherwise(string name, string written)
    {
        var json = Written(name);

        Assert.Equal($"{{\"{written}\":1}}", json);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(name, parsed.RootElement.EnumerateObject().Single().Name);
    }

    private static string Written(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = PropertyNameEncoder.Instance }))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Encoding.UTF8.GetBytes(name), 1);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
