using System.Text.Json.Serialization;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Source-generated JSON for reading state files of format 1, as earlier portres wrote them (compact or
/// indented): strict, so a file of another shape is refused rather than half read. Files are written in
/// format 2 (<see cref="CompactFormat"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
