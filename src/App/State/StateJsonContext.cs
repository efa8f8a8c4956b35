using System.Text.Json.Serialization;

namespace PortReservation.App.State;

/// <summary>
/// Source-generated JSON for the state file: strict, so a file of another shape is refused rather than half
/// read. Written compact (10,000 reservations take about 1.3 MB, a tenth of the size limit); the indented
/// files of older portres versions read the same.
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
