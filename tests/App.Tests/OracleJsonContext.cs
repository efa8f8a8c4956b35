using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PortReservation.App.Output;

namespace PortReservation.App.Tests;

/// <summary>
/// The source-generated serializer that wrote --json before <see cref="JsonOutput"/>, kept here as the oracle its
/// documents are held to: the same types, camelCase names and <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>.
/// </summary>
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
internal sealed partial class OracleJsonContext : JsonSerializerContext
{
    public static OracleJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>What the serializer writes for <paramref name="document"/>.</summary>
    public static string Serialize(IJsonOutput document) => document switch
    {
        TokenJson d => JsonSerializer.Serialize(d, Relaxed.TokenJson),
        ShowJson d => JsonSerializer.Serialize(d, Relaxed.ShowJson),
        WhyJson d => JsonSerializer.Serialize(d, Relaxed.WhyJson),
        DeleteJson d => JsonSerializer.Serialize(d, Relaxed.DeleteJson),
        ReleaseJson d => JsonSerializer.Serialize(d, Relaxed.ReleaseJson),
        ErrorJson d => JsonSerializer.Serialize(d, Relaxed.ErrorJson),
        ImportJson d => JsonSerializer.Serialize(d, Relaxed.ImportJson),
        ReplayJson d => JsonSerializer.Serialize(d, Relaxed.ReplayJson),
        SelfTestJson d => JsonSerializer.Serialize(d, Relaxed.SelfTestJson),
        _ => throw new ArgumentException($"no oracle for {document.GetType().Name}", nameof(document)),
    };
}
