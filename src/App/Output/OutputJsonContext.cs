using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortReservation.App.Output;

/// <summary>Source-generated JSON for what --json prints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TokenJson))]
[JsonSerializable(typeof(ShowJson))]
[JsonSerializable(typeof(WhyJson))]
[JsonSerializable(typeof(DeleteJson))]
[JsonSerializable(typeof(ReleaseJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ImportJson))]
[JsonSerializable(typeof(ReplayJson))]
[JsonSerializable(typeof(SelfTestJson))]
internal sealed partial class OutputJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same, escaping only what JSON itself needs: the output goes to scripts and terminals, never into
    /// HTML, so messages keep their quotes and plus signs readable.
    /// </summary>
    public static OutputJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
