using System.Text.Encodings.Web;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.App.Output;

namespace PortReservation.App.Tests;

/// <summary>
/// --json documents and their escaping, held byte for byte to the source-generated serializer with
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> (<see cref="OracleJsonContext"/>), which wrote them before.
/// </summary>
public sealed class OutputJsonProperties
{
    [Property(MaxTest = 500)]
    public Property Every_document_is_written_as_the_serializer_writes_it() =>
        Prop.ForAll(JsonArbitraries.Documents.ToArbitrary(), document =>
        {
            var expected = OracleJsonContext.Serialize(document);
            var written = JsonOutput.Text(document);
            return (written == expected).Label($"{document}\n expected {expected}\n written  {written}");
        });

    [Property(MaxTest = 1000)]
    public Property A_string_is_escaped_as_the_relaxed_encoder_escapes_it() =>
        Prop.ForAll(JsonArbitraries.Strings.ToArbitrary(), text =>
        {
            var expected = JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(text);
            var encoded = RelaxedJsonEncoder.Instance.Encode(text);
            return (encoded == expected).Label($"expected {expected}\n encoded  {encoded}");
        });

    [Fact]
    public void Every_scalar_and_every_lone_surrogate_is_escaped_as_the_relaxed_encoder_escapes_it()
    {
        var relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        var differences = new List<string>();
        for (var c = 0; c <= 0x10FFFF; c++)
        {
            // A surrogate code point is no scalar: alone in text it is a lone surrogate.
            var surrogate = c is >= 0xD800 and <= 0xDFFF;
            var text = surrogate ? $"a{(char)c}b" : char.ConvertFromUtf32(c);
            var expected = relaxed.Encode(text);
            var encoded = RelaxedJsonEncoder.Instance.Encode(text);
            if (encoded != expected || (!surrogate && RelaxedJsonEncoder.Instance.WillEncode(c) != relaxed.WillEncode(c)))
            {
                differences.Add($"U+{c:X4}: {expected} / {encoded}");
            }
        }

        Assert.Empty(differences);
    }

    [Fact]
    public void Every_document_type_is_generated_and_has_an_oracle()
    {
        var documents = typeof(IJsonOutput).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IJsonOutput).IsAssignableFrom(t)).Select(t => t.Name).Order().ToList();
        var generated = JsonArbitraries.Documents.Sample(200, 30).Select(d => d.GetType().Name).Distinct().Order().ToList();

        Assert.Equal(documents, generated);
        Assert.All(JsonArbitraries.Documents.Sample(200, 30), d => OracleJsonContext.Serialize(d));
    }
}
