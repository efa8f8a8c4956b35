using System.Text.Json;

namespace PortReservation.App.Tests;

/// <summary>Reads the JSON a command printed.</summary>
internal static class Json
{
    public static JsonElement Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one JSON document on one line, got: {text}");
        using var document = JsonDocument.Parse(lines[0]);
        return document.RootElement.Clone();
    }

    public static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>Asserts the JSON error document of the contract and answers its kind.</summary>
    public static string ErrorKind(Outcome outcome)
    {
        var root = Parse(outcome.Stdout);
        Assert.Equal(["error"], Keys(root));
        var error = root.GetProperty("error");
        Assert.Equal(["kind", "message", "exitCode"], Keys(error));
        Assert.Equal(outcome.ExitCode, error.GetProperty("exitCode").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(string.Empty, outcome.Stderr);
        return error.GetProperty("kind").GetString()!;
    }

    /// <summary>Asserts a plain failure: stdout empty, one sentence on stderr, no stack trace.</summary>
    public static void PlainFailure(Outcome outcome)
    {
        Assert.Equal(string.Empty, outcome.Stdout);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {outcome.Stderr}");
        Assert.StartsWith("portres: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", outcome.Stderr, StringComparison.Ordinal);
    }
}
