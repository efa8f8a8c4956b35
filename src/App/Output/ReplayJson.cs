using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>The answer of replay: how many calls were replayed and each difference.</summary>
/// <param name="Calls">The calls of the trace.</param>
/// <param name="Differences">Each difference, in line order; empty when the fake agrees.</param>
internal sealed record ReplayJson(int Calls, DifferenceJson[] Differences) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("calls"u8, Calls);
        writer.WriteStartArray("differences"u8);
        foreach (var difference in Differences)
        {
            difference.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>A difference between a trace and the fake.</summary>
/// <param name="Line">The trace's line.</param>
/// <param name="Difference">What differs.</param>
internal sealed record DifferenceJson(int Line, string Difference)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("line"u8, Line);
        writer.WriteString("difference"u8, Difference);
        writer.WriteEndObject();
    }
}

/// <summary>The answer of selftest: each step and whether all agree.</summary>
/// <param name="Adapter">The adapter the scenario ran on.</param>
/// <param name="Os">The machine's operating system.</param>
/// <param name="Agree">Whether every step agrees with the fake.</param>
/// <param name="Steps">The steps in order.</param>
internal sealed record SelfTestJson(string Adapter, string Os, bool Agree, SelfTestStepJson[] Steps) : IJsonOutput
{
    /// <inheritdoc />
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("adapter"u8, Adapter);
        writer.WriteString("os"u8, Os);
        writer.WriteBoolean("agree"u8, Agree);
        writer.WriteStartArray("steps"u8);
        foreach (var step in Steps)
        {
            step.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>One step of selftest.</summary>
/// <param name="Line">Its line in the trace.</param>
/// <param name="Step">What it checks.</param>
/// <param name="Expected">The fake's answer.</param>
/// <param name="Got">The adapter's answer.</param>
/// <param name="Difference">What differs; null when they agree.</param>
internal sealed record SelfTestStepJson(int Line, string Step, string Expected, string Got, string? Difference)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("line"u8, Line);
        writer.WriteString("step"u8, Step);
        writer.WriteString("expected"u8, Expected);
        writer.WriteString("got"u8, Got);
        writer.WriteString("difference"u8, Difference);
        writer.WriteEndObject();
    }
}
