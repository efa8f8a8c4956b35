using System.Text.Json;

namespace PortReservation.App.Output;

/// <summary>What failed.</summary>
/// <param name="Kind">InvalidArgument, Conflict, NotFound, AccessDenied, Exhausted, StateUnreadable or Unexpected.</param>
/// <param name="Message">What was wrong and what to do.</param>
/// <param name="ExitCode">The exit code of the process.</param>
internal sealed record ErrorBodyJson(string Kind, string Message, int ExitCode)
{
    /// <summary>Writes the object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind"u8, Kind);
        writer.WriteString("message"u8, Message);
        writer.WriteNumber("exitCode"u8, ExitCode);
        writer.WriteEndObject();
    }
}
