using System.Globalization;

using System.Text.Json;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Recording;

/// <summary>
/// The trace's text: JSON lines, a header first, then one line per call (version <see cref="TraceHeader.Version"/>).
/// Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>, so it needs no
/// reflection and works under Native AOT. Tokens are decimal strings: 64-bit values do not survive JSON numbers.
/// </summary>
/// <example>
/// <code>
/// {"format":"portreservation-trace","version":1,"os":"Microsoft Windows 10.0.22631","osBuild":"10.0.22631.0","adapter":"winsock","dynamicPorts":{"start":49152,"count":16384},"elevated":true,"existing":[{"protocol":"tcp","start":50000,"count":60,"persistent":true}]}
/// {"seq":1,"process":4120,"simulated":false,"call":"openSocket","protocol":"tcp","ok":{"socket":1}}
/// {"seq":2,"process":4120,"simulated":false,"call":"acquire","socket":1,"start":0,"count":10,"ok":{"start":49152,"count":10,"token":"11706403733137401432"}}
/// {"seq":3,"process":4120,"simulated":false,"call":"acquire","socket":1,"start":0,"count":16385,"error":{"kind":"Exhausted","code":10055}}
/// </code>
/// </example>
public static class TraceFormat
{
    /// <summary>The header as one line of JSON, without the line end.</summary>
    public static byte[] Header(TraceHeader header)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", TraceHeader.Format);
            json.WriteNumber("version", TraceHeader.Version);
            json.WriteString("os", header.Os);
            json.WriteString("osBuild", header.OsBuild);
            json.WriteString("adapter", header.Adapter);
            json.WriteStartObject("dynamicPorts");
            json.WriteNumber("start", header.DynamicPorts.Range.Start.Value);
            json.WriteNumber("count", header.DynamicPorts.Range.Count);
            json.WriteEndObject();
            json.WriteBoolean("elevated", header.IsElevated);
            json.WriteStartArray("existing");
            foreach (var block in header.Existing)
            {
                json.WriteStartObject();
                json.WriteString("protocol", ProtocolName(block.Protocol));
                json.WriteNumber("start", block.Range.Start.Value);
                json.WriteNumber("count", block.Range.Count);
                json.WriteBoolean("persistent", block.IsPersistent);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The call as one line of JSON, without the line end.</summary>
    public static byte[] Call(TraceCall call)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", call.Sequence);
            json.WriteNumber("process", call.Process);
            json.WriteBoolean("simulated", call.IsSimulated);
            json.WriteString("call", call.Call);
            if (call.Protocol is { } protocol)
            {
                json.WriteString("protocol", protocol);
            }

            WriteNumber(json, "socket", call.Socket);
            WriteNumber(json, "start", call.Start);
            WriteNumber(json, "count", call.Count);
            WriteToken(json, "token", call.Token);
            WriteNumber(json, "port", call.Port);
            switch (call.Outcome)
            {
                case TraceAnswer answer:
                    json.WriteStartObject("ok");
                    WriteNumber(json, "socket", answer.Socket);
                    WriteNumber(json, "start", answer.Start);
                    WriteNumber(json, "count", answer.Count);
                    WriteToken(json, "token", answer.Token);
                    WriteNumber(json, "port", answer.Port);
                    WriteNumber(json, "reservations", answer.Reservations);
                    if (answer.Reserved is { } reserved)
                    {
                        json.WriteBoolean("reserved", reserved);
                    }

                    json.WriteEndObject();
                    break;
                case TraceError error:
                    json.WriteStartObject("error");
                    json.WriteString("kind", error.Kind);
                    json.WriteNumber("code", error.Code);
                    json.WriteEndObject();
                    break;
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a whole trace. Blank lines are skipped and a UTF-8 byte order mark is fine; anything else that is not
    /// a header first and call lines after it is a <see cref="TraceProblem"/> naming the first line that is wrong.
    /// </summary>
    public static Fin<Trace> Read(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        TraceHeader? header = null;
        var calls = new List<TraceLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var number = i + 1;
            if (header is null)
            {
                var read = ReadHeader(number, line);
                if (read.IsFail)
                {
                    return (LanguageExt.Common.Error)read;
                }

                header = (TraceHeader)read;
                continue;
            }

            var call = ReadCall(number, line);
            if (call.IsFail)
            {
                return (LanguageExt.Common.Error)call;
            }

            calls.Add(new TraceLine(number, (TraceCall)call));
        }

        return header is null
            ? new TraceProblem(1, "the text is empty; a trace starts with a header line that 'portres --record FILE' or 'portres selftest --record FILE' writes")
            : new Trace(header, calls);
    }

    /// <summary>"tcp" or "udp".</summary>
    public static string ProtocolName(Protocol protocol) => protocol == Domain.Protocol.Tcp ? "tcp" : "udp";

    private static Fin<TraceHeader> ReadHeader(int line, string text) =>
        Parsed(line, text, root =>
        {
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != TraceHeader.Format)
            {
                return Problem<TraceHeader>(line, $"a trace's first line is its header, with \"format\":\"{TraceHeader.Format}\", and this line has none");
            }

            var version = Int(line, root, "version");
            if (version.IsSucc && (int)version != TraceHeader.Version)
            {
                return Problem<TraceHeader>(line, $"the trace is of format version {(int)version}, and this version of PortReservation reads version {TraceHeader.Version} only");
            }

            return from _ in version
                   from os in String(line, root, "os")
                   from build in String(line, root, "osBuild")
                   from adapter in String(line, root, "adapter")
                   from dynamic in Object(line, root, "dynamicPorts")
                   from dynamicStart in Int(line, dynamic, "start")
                   from dynamicCount in Int(line, dynamic, "count")
                   from range in Located(line, "dynamicPorts", DynamicPortRange.Create(dynamicStart, dynamicCount))
                   from elevated in Bool(line, root, "elevated")
                   from existing in Existing(line, root)
                   select new TraceHeader(os, build, adapter, range, elevated, existing);
        });

    private static Fin<IReadOnlyList<ExistingBlock>> Existing(int line, JsonElement root)
    {
        if (!root.TryGetProperty("existing", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return Problem<IReadOnlyList<ExistingBlock>>(line, "\"existing\" must be an array of the blocks reserved before the recording (empty when there were none)");
        }

        var blocks = new List<ExistingBlock>();
        foreach (var item in array.EnumerateArray())
        {
            var block =
                from protocol in ProtocolOf(line, item)
                from start in Int(line, item, "start")
                from count in Int(line, item, "count")
                from range in Located(line, "existing", PortRange.Create(start, count))
                from persistent in Bool(line, item, "persistent")
                select new ExistingBlock(protocol, range, persistent);
            if (block.IsFail)
            {
                return (LanguageExt.Common.Error)block;
            }

            blocks.Add((ExistingBlock)block);
        }

        return blocks;
    }

    private static Fin<TraceCall> ReadCall(int line, string text) =>
        Parsed(line, text, root =>
            from sequence in Long(line, root, "seq")
            from process in Long(line, root, "process")
            from simulated in Bool(line, root, "simulated")
            from name in String(line, root, "call")
            from known in TraceCalls.All.Contains(name)
                ? FinSucc(name)
                : Problem<string>(line, $"\"call\" is \"{name}\", which is none of {string.Join(", ", TraceCalls.All)}")
            from protocol in OptionalProtocol(line, root)
            from socket in OptionalLong(line, root, "socket")
            from start in OptionalInt(line, root, "start")
            from count in OptionalInt(line, root, "count")
            from token in OptionalToken(line, root, "token")
            from port in OptionalInt(line, root, "port")
            from outcome in Outcome(line, root)
            let call = new TraceCall
            {
                Sequence = sequence,
                Process = process,
                IsSimulated = simulated,
                Call = name,
                Protocol = protocol.IfNoneUnsafe((string?)null),
                Socket = Nullable(socket),
                Start = Nullable(start),
                Count = Nullable(count),
                Token = Nullable(token),
                Port = Nullable(port),
                Outcome = outcome,
            }
            from complete in Complete(line, call)
            select complete);

    /// <summary>Whether the call carries the arguments its kind takes, with values a replay can pass on.</summary>
    private static Fin<TraceCall> Complete(int line, TraceCall call)
    {
        string? missing = call.Call switch
        {
            TraceCalls.OpenSocket => call.Protocol is null ? "protocol" : null,
            TraceCalls.Acquire => call.Socket is null || call.Start is null || call.Count is null ? "socket, start and count" : null,
            TraceCalls.Associate or TraceCalls.Release => call.Socket is null || call.Token is null ? "socket and token" : null,
            TraceCalls.Bind => call.Socket is null || call.Port is null ? "socket and port" : null,
            TraceCalls.Close => call.Socket is null ? "socket" : null,
            TraceCalls.Create or TraceCalls.Delete or TraceCalls.Lookup =>
                call.Protocol is null || call.Start is null || call.Count is null ? "protocol, start and count" : null,
            TraceCalls.Explain => call.Protocol is null || call.Port is null ? "protocol and port" : null,
            _ => null,
        };
        if (missing is not null)
        {
            return Problem<TraceCall>(line, $"{call.Call} takes {missing}");
        }

        if (call.Port is < 0 or > Domain.Port.MaxValue)
        {
            return Problem<TraceCall>(line, $"port {call.Port} is not from 0 to 65535");
        }

        // A block is either a real one, the default block (0, 0), or (acquire only) a wildcard: start 0 and a count.
        if (call.Start is { } start && call.Count is { } count && !(start == 0 && count == 0)
            && !(call.Call == TraceCalls.Acquire && start == 0 && count is >= 1 and <= Domain.Port.MaxValue)
            && PortRange.Create(start, count).IsFail)
        {
            return Problem<TraceCall>(line, $"the block {start}+{count} is not one: {((LanguageExt.Common.Error)PortRange.Create(start, count)).Message}");
        }

        return call;
    }

    private static Fin<TraceOutcome> Outcome(int line, JsonElement root)
    {
        var hasAnswer = root.TryGetProperty("ok", out var ok);
        var hasError = root.TryGetProperty("error", out var error);
        if (hasAnswer == hasError)
        {
            return Problem<TraceOutcome>(line, "a call line holds exactly one of \"ok\" (what the call answered) and \"error\" (how it failed)");
        }

        if (hasError)
        {
            return from _ in Expect(line, error, "error")
                   from kind in String(line, error, "kind")
                   from known in ErrorKinds.All.Contains(kind)
                       ? FinSucc(kind)
                       : Problem<string>(line, $"the error kind \"{kind}\" is none of {string.Join(", ", ErrorKinds.All)}")
                   from code in Int(line, error, "code")
                   select (TraceOutcome)new TraceError(kind, code);
        }

        return from _ in Expect(line, ok, "ok")
               from socket in OptionalLong(line, ok, "socket")
               from start in OptionalInt(line, ok, "start")
               from count in OptionalInt(line, ok, "count")
               from token in OptionalToken(line, ok, "token")
               from port in OptionalInt(line, ok, "port")
               from reservations in OptionalInt(line, ok, "reservations")
               from reserved in OptionalBool(line, ok, "reserved")
               select (TraceOutcome)new TraceAnswer
               {
                   Socket = Nullable(socket),
                   Start = Nullable(start),
                   Count = Nullable(count),
                   Token = Nullable(token),
                   Port = Nullable(port),
                   Reservations = Nullable(reservations),
                   Reserved = Nullable(reserved),
               };
    }

    private static Fin<T> Parsed<T>(int line, string text, Func<JsonElement, Fin<T>> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Problem<T>(line, "it is not JSON; each line of a trace is one JSON object");
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? read(document.RootElement)
                : Problem<T>(line, "it is not a JSON object");
        }
    }

    private static Fin<JsonElement> Expect(int line, JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object ? element : Problem<JsonElement>(line, $"\"{name}\" must be an object");

    private static Fin<JsonElement> Object(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : Problem<JsonElement>(line, $"\"{name}\" must be an object");

    private static Fin<string> String(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : Problem<string>(line, $"\"{name}\" must be a string");

    private static Fin<bool> Bool(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : Problem<bool>(line, $"\"{name}\" must be true or false");

    private static Fin<long> Long(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : Problem<long>(line, $"\"{name}\" must be a whole number");

    private static Fin<int> Int(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : Problem<int>(line, $"\"{name}\" must be a whole number");

    // Fin holds no null: absent fields travel as Option and become null only in the record.
    private static Fin<Option<long>> OptionalLong(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out _) ? Long(line, root, name).Map(Some) : FinSucc(Option<long>.None);

    private static Fin<Option<int>> OptionalInt(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out _) ? Int(line, root, name).Map(Some) : FinSucc(Option<int>.None);

    private static Fin<Option<bool>> OptionalBool(int line, JsonElement root, string name) =>
        root.TryGetProperty(name, out _) ? Bool(line, root, name).Map(Some) : FinSucc(Option<bool>.None);

    private static Fin<Option<ulong>> OptionalToken(int line, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return FinSucc(Option<ulong>.None);
        }

        return value.ValueKind == JsonValueKind.String
            && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var token)
            ? Some(token)
            : Problem<Option<ulong>>(line, $"\"{name}\" must be a token as a decimal string (\"{name}\":\"123\")");
    }

    private static T? Nullable<T>(Option<T> value)
        where T : struct =>
        value.IsSome ? value.IfNone(default(T)) : null;

    private static Fin<Protocol> ProtocolOf(int line, JsonElement root) =>
        String(line, root, "protocol").Bind(name => name switch
        {
            "tcp" => FinSucc(Domain.Protocol.Tcp),
            "udp" => FinSucc(Domain.Protocol.Udp),
            _ => Problem<Protocol>(line, $"\"protocol\" is \"{name}\", and it takes \"tcp\" or \"udp\""),
        });

    private static Fin<Option<string>> OptionalProtocol(int line, JsonElement root) =>
        root.TryGetProperty("protocol", out _) ? ProtocolOf(line, root).Map(p => Some(ProtocolName(p))) : FinSucc(Option<string>.None);

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static void WriteToken(Utf8JsonWriter json, string name, ulong? value)
    {
        if (value is { } token)
        {
            json.WriteString(name, token.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static Fin<T> Located<T>(int line, string field, Fin<T> value) =>
        value.IsSucc ? value : Problem<T>(line, $"{field}: {((LanguageExt.Common.Error)value).Message}");

    private static Fin<T> Problem<T>(int line, string reason) => new TraceProblem(line, reason);

}
