using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Formats 2 and 3 of the state file. Format 2 is the object of format 1 with each reservation, socket and
/// holder written as an array of its fields rather than an object, read and written straight from and to
/// UTF-8 without intermediate documents or strings. A file of 10,000 reservations is a third of its format-1 size.
/// <code>
/// {"formatVersion":2,
///  "settings":{"dynamicStart":49152,"dynamicCount":16384,"wildcardFit":"firstFitFromBottom"},
///  "tokens":{"seed":"11567077490954787472","drawn":"3"},
///  "nextSocket":2,
///  "reservations":[["tcp",49152,3,"8236788862544341398",15689,1],["tcp",50000,10,"12832141640320288258"]],
///  "sockets":[[1,15689,"tcp",null,null]],
///  "holders":[[15689,"98885"]]}
/// </code>
/// A reservation is <c>[protocol, start, count, token]</c> when persistent and
/// <c>[protocol, start, count, token, holderPid, holderSocket]</c> when runtime; a socket is
/// <c>[id, pid, protocol, association token or null, bound port or null]</c>; a holder is
/// <c>[pid, start time]</c>. Tokens, the generator and start times are decimal strings, as in format 1.
/// <para>
/// Format 3, which this portres writes, is a journal: its first line is the format-2 object with
/// <c>"formatVersion":3</c> and a <c>"generation"</c> (a decimal string, second) that every rewrite of the
/// whole file changes; each further line records one transaction's change to runtime state, so a command that
/// changes a few runtime reservations appends a line instead of rewriting the table:
/// <code>
/// {"tokens":{"seed":"11567077490954787472","drawn":"4"},"nextSocket":3,
///  "put":{"reservations":[["tcp",49155,1,"5606922861189710406",15690,2]],"sockets":[[2,15690,"tcp",null,null]],"holders":[[15690,"98990"]]},
///  "drop":{"reservations":["8236788862544341398"],"sockets":[1],"holders":[15689]}}
/// </code>
/// (on one line). Every member is optional: <c>put</c> adds or replaces reservations by token, sockets by
/// number and holders by process; <c>drop</c> removes them by the same keys (drops first, then puts). A last
/// line without its newline is a write that was cut short, whose command reported a failure: it is ignored,
/// and the next change writes over it.
/// </para>
/// Reading is as strict as format 1's: every member once, no other member, every value of its type, and a
/// change that drops what is not there is refused.
/// </summary>
internal static class CompactFormat
{
    /// <summary>The format version this class writes.</summary>
    public const int Version = 3;

    /// <summary>The one-object format without a journal, which this class reads too.</summary>
    public const int UnjournaledVersion = 2;

    /// <summary>The state in <paramref name="bytes"/>, a format-2 or format-3 file, with where its parts lie; a failure says what is wrong.</summary>
    public static Fin<StoredState> Read(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            var parts = ReadParts(ref reader);
            if (parts.Generation is null)
            {
                return reader.Read()
                    ? Invalid<StoredState>("it has more after its closing brace")
                    : Restore(parts).Map(state => new StoredState(state, new StateLayout(bytes.Length, bytes.Length, Appendable: false)));
            }

            // Format 3: the object fills the first line; a file that ends there takes no journal line until it is rewritten.
            var snapshotEnd = (int)reader.BytesConsumed;
            if (snapshotEnd == bytes.Length)
            {
                return Restore(parts).Map(state => new StoredState(state, new StateLayout(snapshotEnd, snapshotEnd, Appendable: false)));
            }

            if (bytes[snapshotEnd] != (byte)'\n')
            {
                throw new FormatProblem("its first line has more after its closing brace");
            }

            // The journal: every complete line after the first; a last line without its newline was never acknowledged.
            var journal = new Journal(parts);
            var at = snapshotEnd + 1;
            for (var end = System.Array.IndexOf(bytes, (byte)'\n', at); end >= 0; at = end + 1, end = System.Array.IndexOf(bytes, (byte)'\n', at))
            {
                var line = new Utf8JsonReader(bytes.AsSpan(at, end - at));
                journal.Apply(ref line);
            }

            return Restore(journal.Parts()).Map(state => new StoredState(state, new StateLayout(snapshotEnd + 1, at, Appendable: true)));
        }
        catch (JsonException e)
        {
            return Invalid<StoredState>($"it is not JSON: {e.Message}");
        }
        catch (FormatProblem e)
        {
            return Invalid<StoredState>(e.Message);
        }
    }

    /// <summary>The bytes of the format-3 file that holds <paramref name="state"/> and no journal yet, in a buffer that may be longer.</summary>
    public static ReadOnlyMemory<byte> Write(SavedState state)
    {
        var t = state.Table;
        var buffer = new ArrayBufferWriter<byte>(256 + (t.Count * 48));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = PropertyNameEncoder.Instance }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion"u8, Version);
            writer.WritePropertyName("generation"u8);
            WriteDecimal(writer, state.Generation);
            writer.WriteStartObject("settings"u8);
            writer.WriteNumber("dynamicStart"u8, t.Settings.DynamicPorts.Range.Start.Value);
            writer.WriteNumber("dynamicCount"u8, t.Settings.DynamicPorts.Range.Count);
            writer.WritePropertyName("wildcardFit"u8);
            WriteRaw(writer, t.Settings.Fit == WildcardFit.FirstFitFromTop ? "\"firstFitFromTop\""u8 : "\"firstFitFromBottom\""u8);
            writer.WriteEndObject();
            WriteTokens(writer, t.Tokens);
            writer.WriteNumber("nextSocket"u8, t.NextSocket);

            writer.WriteStartArray("reservations"u8);
            foreach (var r in t.Reservations.AsEnumerable())
            {
                WriteReservation(writer, r);
            }

            writer.WriteEndArray();

            writer.WriteStartArray("sockets"u8);
            foreach (var s in t.Sockets.AsEnumerable())
            {
                WriteSocket(writer, s);
            }

            writer.WriteEndArray();

            writer.WriteStartArray("holders"u8);
            foreach (var (process, start) in state.Holders)
            {
                WriteHolder(writer, process, start);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    /// <summary>One line of the journal, with its newline, that records <paramref name="delta"/> (a change of runtime state).</summary>
    public static ReadOnlyMemory<byte> WriteChange(StateDelta delta)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = PropertyNameEncoder.Instance }))
        {
            writer.WriteStartObject();
            if (delta.Tokens is { } tokens)
            {
                WriteTokens(writer, tokens);
            }

            if (delta.NextSocket is { } next)
            {
                writer.WriteNumber("nextSocket"u8, next);
            }

            if (delta.PutReservations.Count + delta.PutSockets.Count + delta.PutHolders.Count > 0)
            {
                writer.WriteStartObject("put"u8);
                if (delta.PutReservations.Count > 0)
                {
                    writer.WriteStartArray("reservations"u8);
                    delta.PutReservations.ForEach(r => WriteReservation(writer, r));
                    writer.WriteEndArray();
                }

                if (delta.PutSockets.Count > 0)
                {
                    writer.WriteStartArray("sockets"u8);
                    delta.PutSockets.ForEach(s => WriteSocket(writer, s));
                    writer.WriteEndArray();
                }

                if (delta.PutHolders.Count > 0)
                {
                    writer.WriteStartArray("holders"u8);
                    delta.PutHolders.ForEach(h => WriteHolder(writer, h.Process, h.Start));
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            if (delta.GoneReservations.Count + delta.GoneSockets.Count + delta.GoneHolders.Count > 0)
            {
                writer.WriteStartObject("drop"u8);
                if (delta.GoneReservations.Count > 0)
                {
                    writer.WriteStartArray("reservations"u8);
                    delta.GoneReservations.ForEach(r => WriteDecimal(writer, r.Token.Value));
                    writer.WriteEndArray();
                }

                if (delta.GoneSockets.Count > 0)
                {
                    writer.WriteStartArray("sockets"u8);
                    delta.GoneSockets.ForEach(s => writer.WriteNumberValue(s.Value));
                    writer.WriteEndArray();
                }

                if (delta.GoneHolders.Count > 0)
                {
                    writer.WriteStartArray("holders"u8);
                    delta.GoneHolders.ForEach(p => writer.WriteNumberValue(p.Value));
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    private static void WriteTokens(Utf8JsonWriter writer, TokenGenerator tokens)
    {
        writer.WriteStartObject("tokens"u8);
        writer.WritePropertyName("seed"u8);
        WriteDecimal(writer, tokens.Seed);
        writer.WritePropertyName("drawn"u8);
        WriteDecimal(writer, tokens.Drawn);
        writer.WriteEndObject();
    }

    private static void WriteReservation(Utf8JsonWriter writer, Reservation r)
    {
        writer.WriteStartArray();
        WriteRaw(writer, ProtocolText(r.Protocol));
        writer.WriteNumberValue(r.Range.Start.Value);
        writer.WriteNumberValue(r.Range.Count);
        WriteDecimal(writer, r.Token.Value);
        if (r is Reservation.Runtime { Holder: var holder })
        {
            writer.WriteNumberValue(holder.Process.Value);
            writer.WriteNumberValue(holder.Socket.Value);
        }

        writer.WriteEndArray();
    }

    private static void WriteSocket(Utf8JsonWriter writer, SocketState s)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(s.Id.Value);
        writer.WriteNumberValue(s.Process.Value);
        WriteRaw(writer, ProtocolText(s.Protocol));
        if (s.Association.Case is ReservationToken association)
        {
            WriteDecimal(writer, association.Value);
        }
        else
        {
            writer.WriteNullValue();
        }

        if (s.BoundPort.Case is Port port)
        {
            writer.WriteNumberValue(port.Value);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndArray();
    }

    private static void WriteHolder(Utf8JsonWriter writer, ProcessId process, ProcessStart start)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(process.Value);
        WriteDecimal(writer, start.Value);
        writer.WriteEndArray();
    }

    private static ReadOnlySpan<byte> ProtocolText(Protocol protocol) => protocol == Protocol.Tcp ? "\"tcp\""u8 : "\"udp\""u8;

    /// <summary>Text that needs no escaping (digits, the protocol and policy names), as it is.</summary>
    private static void WriteRaw(Utf8JsonWriter writer, ReadOnlySpan<byte> json) => writer.WriteRawValue(json, skipInputValidation: true);

    /// <summary>A 64-bit number as a decimal string: JSON numbers past 2^53 do not survive every reader.</summary>
    private static void WriteDecimal(Utf8JsonWriter writer, ulong value)
    {
        Span<byte> text = stackalloc byte[22];
        text[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, text[1..], out var written);
        text[written + 1] = (byte)'"';
        WriteRaw(writer, text[..(written + 2)]);
    }

    /// <summary>The parts of a format-2 or format-3 object, read up to its closing brace.</summary>
    private static StateParts ReadParts(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "it is not a JSON object");
        int? version = null;
        ulong? generation = null;
        ReservationSettings? settings = null;
        TokenGenerator? tokens = null;
        long? nextSocket = null;
        List<Reservation>? reservations = null;
        List<SocketState>? sockets = null;
        List<(ProcessId Process, ProcessStart Start)>? holders = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("formatVersion"u8))
            {
                Once(version, "formatVersion");
                version = Int32(ref reader, "formatVersion");
            }
            else if (reader.ValueTextEquals("generation"u8))
            {
                Once(generation, "generation");
                generation = Decimal(ref reader, "generation");
            }
            else if (reader.ValueTextEquals("settings"u8))
            {
                Once(settings, "settings");
                settings = ReadSettings(ref reader);
            }
            else if (reader.ValueTextEquals("tokens"u8))
            {
                Once(tokens, "tokens");
                tokens = ReadTokens(ref reader);
            }
            else if (reader.ValueTextEquals("nextSocket"u8))
            {
                Once(nextSocket, "nextSocket");
                nextSocket = Int64(ref reader, "nextSocket");
            }
            else if (reader.ValueTextEquals("reservations"u8))
            {
                Once(reservations, "reservations");
                reservations = ReadArray(ref reader, "reservations", ReadReservation);
            }
            else if (reader.ValueTextEquals("sockets"u8))
            {
                Once(sockets, "sockets");
                sockets = ReadArray(ref reader, "sockets", ReadSocket);
            }
            else if (reader.ValueTextEquals("holders"u8))
            {
                Once(holders, "holders");
                holders = ReadArray(ref reader, "holders", ReadHolder);
            }
            else
            {
                throw new FormatProblem($"it has an unknown member '{reader.GetString()}'");
            }
        }

        switch (version)
        {
            case null:
                throw new FormatProblem("it has no formatVersion");
            case not (Version or UnjournaledVersion):
                throw new FormatProblem($"its formatVersion {version} is not {UnjournaledVersion} or {Version}");
            case Version when generation is null:
                throw new FormatProblem("it has no generation");
            case UnjournaledVersion when generation is not null:
                throw new FormatProblem($"it has an unknown member 'generation'");
        }

        return new StateParts(
            generation,
            Required(settings, "settings"),
            Required(tokens, "tokens"),
            Required(nextSocket, "nextSocket"),
            Required(reservations, "reservations"),
            Required(sockets, "sockets"),
            Required(holders, "holders"));
    }

    /// <summary>The state the parts make, once every invariant is checked.</summary>
    private static Fin<SavedState> Restore(StateParts parts) =>
        from checkedHolders in StateCodec.Holders(parts.Holders, parts.Sockets)
        from table in ReservationTable.Restore(parts.Settings, parts.Tokens, parts.NextSocket, parts.Reservations, parts.Sockets)
        select new SavedState(table, checkedHolders, parts.Generation ?? 0);

    private static ReservationSettings ReadSettings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "settings is not an object");
        int? start = null, count = null;
        WildcardFit? fit = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("dynamicStart"u8))
            {
                Once(start, "settings.dynamicStart");
                start = Int32(ref reader, "settings.dynamicStart");
            }
            else if (reader.ValueTextEquals("dynamicCount"u8))
            {
                Once(count, "settings.dynamicCount");
                count = Int32(ref reader, "settings.dynamicCount");
            }
            else if (reader.ValueTextEquals("wildcardFit"u8))
            {
                Once(fit, "settings.wildcardFit");
                Expect(ref reader, JsonTokenType.String, "settings.wildcardFit is not a string");
                fit = reader.ValueTextEquals("firstFitFromBottom"u8) ? WildcardFit.FirstFitFromBottom
                    : reader.ValueTextEquals("firstFitFromTop"u8) ? WildcardFit.FirstFitFromTop
                    : throw new FormatProblem($"unknown wildcardFit '{reader.GetString()}'");
            }
            else
            {
                throw new FormatProblem($"settings has an unknown member '{reader.GetString()}'");
            }
        }

        var range = DynamicPortRange.Create(Required(start, "settings.dynamicStart"), Required(count, "settings.dynamicCount"));
        return range.IsSucc
            ? new ReservationSettings((DynamicPortRange)range, Required(fit, "settings.wildcardFit"))
            : throw new FormatProblem(((Error)range).Message);
    }

    private static TokenGenerator ReadTokens(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "tokens is not an object");
        ulong? seed = null, drawn = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seed"u8))
            {
                Once(seed, "tokens.seed");
                seed = Decimal(ref reader, "tokens.seed");
            }
            else if (reader.ValueTextEquals("drawn"u8))
            {
                Once(drawn, "tokens.drawn");
                drawn = Decimal(ref reader, "tokens.drawn");
            }
            else
            {
                throw new FormatProblem($"tokens has an unknown member '{reader.GetString()}'");
            }
        }

        return new TokenGenerator(Required(seed, "tokens.seed"), Required(drawn, "tokens.drawn"));
    }

    private delegate T ReadItem<T>(ref Utf8JsonReader reader);

    private static List<T> ReadArray<T>(ref Utf8JsonReader reader, string what, ReadItem<T> item)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"{what} is not a list");
        var items = new List<T>();
        while (Next(ref reader) == JsonTokenType.StartArray)
        {
            items.Add(item(ref reader));
        }

        return reader.TokenType == JsonTokenType.EndArray ? items : throw new FormatProblem($"an entry of {what} is not a list");
    }

    /// <summary><c>[protocol, start, count, token]</c> or <c>[protocol, start, count, token, holderPid, holderSocket]</c>, after its opening bracket.</summary>
    private static Reservation ReadReservation(ref Utf8JsonReader reader)
    {
        var protocol = ReadProtocol(ref reader, "a reservation's protocol");
        var start = Int32(ref reader, "a reservation's start");
        var count = Int32(ref reader, "a reservation's count");
        var token = Token(ref reader, "a reservation's token");
        var range = PortRange.Create(start, count);
        if (range.IsFail)
        {
            throw new FormatProblem(((Error)range).Message);
        }

        if (Next(ref reader) == JsonTokenType.EndArray)
        {
            return new Reservation.Persistent(protocol, (PortRange)range, token);
        }

        var pid = Int64Here(ref reader, "a reservation's holder process");
        var socket = Int64(ref reader, "a reservation's holder socket");
        if (Next(ref reader) != JsonTokenType.EndArray)
        {
            throw new FormatProblem($"reservation {token} has more than six fields");
        }

        return new Reservation.Runtime(protocol, (PortRange)range, token, new Holder(new ProcessId(pid), new SocketId(socket)));
    }

    /// <summary><c>[id, pid, protocol, association token or null, bound port or null]</c>, after its opening bracket.</summary>
    private static SocketState ReadSocket(ref Utf8JsonReader reader)
    {
        var id = Int64(ref reader, "a socket's id");
        var pid = Int64(ref reader, "a socket's process");
        var protocol = ReadProtocol(ref reader, "a socket's protocol");
        Option<ReservationToken> association = Next(ref reader) == JsonTokenType.Null ? None : Some(TokenHere(ref reader, "a socket's association"));
        Option<Port> bound = None;
        if (Next(ref reader) != JsonTokenType.Null)
        {
            var port = Port.Create(Int32Here(ref reader, "a socket's bound port"));
            bound = port.IsSucc ? Some((Port)port) : throw new FormatProblem(((Error)port).Message);
        }

        Expect(ref reader, JsonTokenType.EndArray, "a socket has more than five fields");
        return new SocketState(new SocketId(id), new ProcessId(pid), protocol, association, bound);
    }

    /// <summary><c>[pid, start time]</c>, after its opening bracket.</summary>
    private static (ProcessId, ProcessStart) ReadHolder(ref Utf8JsonReader reader)
    {
        var pid = Int64(ref reader, "a holder's process");
        var start = Decimal(ref reader, $"the start time of process {pid}");
        Expect(ref reader, JsonTokenType.EndArray, "a holder has more than two fields");
        return (new ProcessId(pid), new ProcessStart(start));
    }

    private static Protocol ReadProtocol(ref Utf8JsonReader reader, string what)
    {
        if (Next(ref reader) != JsonTokenType.String)
        {
            throw new FormatProblem($"{what} is not a string");
        }

        return reader.ValueTextEquals("tcp"u8) ? Protocol.Tcp
            : reader.ValueTextEquals("udp"u8) ? Protocol.Udp
            : throw new FormatProblem($"unknown protocol '{reader.GetString()}'");
    }

    private static ReservationToken Token(ref Utf8JsonReader reader, string what)
    {
        Next(ref reader);
        return TokenHere(ref reader, what);
    }

    private static ReservationToken TokenHere(ref Utf8JsonReader reader, string what)
    {
        var token = ReservationToken.Create(DecimalHere(ref reader, what));
        return token.IsSucc ? (ReservationToken)token : throw new FormatProblem(((Error)token).Message);
    }

    private static ulong Decimal(ref Utf8JsonReader reader, string what)
    {
        Next(ref reader);
        return DecimalHere(ref reader, what);
    }

    /// <summary>A string of decimal digits alone (as <c>ulong.Parse</c> with no styles takes it), at the reader.</summary>
    private static ulong DecimalHere(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatProblem($"{what} is not a string of digits");
        }

        ReadOnlySpan<byte> digits = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        ulong value = 0;
        foreach (var digit in digits)
        {
            var d = (uint)(digit - '0');
            if (d > 9 || value > (ulong.MaxValue - d) / 10)
            {
                throw new FormatProblem($"{what} '{reader.GetString()}' is not a whole number");
            }

            value = (value * 10) + d;
        }

        return digits.Length > 0 ? value : throw new FormatProblem($"{what} '' is not a whole number");
    }

    private static int Int32(ref Utf8JsonReader reader, string what)
    {
        Next(ref reader);
        return Int32Here(ref reader, what);
    }

    private static int Int32Here(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new FormatProblem($"{what} is not a whole number");

    private static long Int64(ref Utf8JsonReader reader, string what)
    {
        Next(ref reader);
        return Int64Here(ref reader, what);
    }

    private static long Int64Here(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new FormatProblem($"{what} is not a whole number");

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatProblem("it ends early");

    /// <summary>Reads the next token, which must be of <paramref name="type"/>; <paramref name="otherwise"/> is built once, not per entry.</summary>
    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string otherwise)
    {
        if (Next(ref reader) != type)
        {
            throw new FormatProblem(otherwise);
        }
    }

    private static void Once<T>(T? seen, string member)
    {
        if (seen is not null)
        {
            throw new FormatProblem($"it has {member} twice");
        }
    }

    private static T Required<T>(T? value, string member)
        where T : class =>
        value ?? throw new FormatProblem($"it has no {member}");

    private static T Required<T>(T? value, string member)
        where T : struct =>
        value ?? throw new FormatProblem($"it has no {member}");

    private static Fin<T> Invalid<T>(string reason) => FinFail<T>(Error.New(reason));

    /// <summary>What a state file's object holds, before the domain checks it; <c>Generation</c> is none in format 2.</summary>
    private sealed record StateParts(
        ulong? Generation,
        ReservationSettings Settings,
        TokenGenerator Tokens,
        long NextSocket,
        IReadOnlyList<Reservation> Reservations,
        IReadOnlyList<SocketState> Sockets,
        IReadOnlyList<(ProcessId Process, ProcessStart Start)> Holders);

    /// <summary>
    /// The parts of a format-3 file as its journal lines change them. The lines touch a few entries of a table that may
    /// hold tens of thousands, so only what they touch is kept by key; the snapshot's lists are filtered once at the end.
    /// </summary>
    private sealed class Journal(StateParts snapshot)
    {
        private readonly Overlay<ulong, Reservation> reservations = new("reservation");
        private readonly Overlay<long, SocketState> sockets = new("socket");
        private readonly Overlay<long, (ProcessId Process, ProcessStart Start)> holders = new("holder process");
        private TokenGenerator tokens = snapshot.Tokens;
        private long nextSocket = snapshot.NextSocket;

        /// <summary>Applies one line: <c>{"tokens":..., "nextSocket":..., "put":{...}, "drop":{...}}</c>, every member optional, each once.</summary>
        public void Apply(ref Utf8JsonReader line)
        {
            Expect(ref line, JsonTokenType.StartObject, "a journal line is not a JSON object");
            bool seenTokens = false, seenNext = false, seenPut = false, seenDrop = false;
            List<Reservation>? putReservations = null;
            List<SocketState>? putSockets = null;
            List<(ProcessId Process, ProcessStart Start)>? putHolders = null;
            while (Next(ref line) == JsonTokenType.PropertyName)
            {
                if (line.ValueTextEquals("tokens"u8))
                {
                    OnceIn(ref seenTokens, "tokens");
                    tokens = ReadTokens(ref line);
                }
                else if (line.ValueTextEquals("nextSocket"u8))
                {
                    OnceIn(ref seenNext, "nextSocket");
                    nextSocket = Int64(ref line, "a journal line's nextSocket");
                }
                else if (line.ValueTextEquals("put"u8))
                {
                    OnceIn(ref seenPut, "put");
                    (putReservations, putSockets, putHolders) = ReadPut(ref line);
                }
                else if (line.ValueTextEquals("drop"u8))
                {
                    OnceIn(ref seenDrop, "drop");
                    Drop(ref line);
                }
                else
                {
                    throw new FormatProblem($"a journal line has an unknown member '{line.GetString()}'");
                }
            }

            if (line.Read())
            {
                throw new FormatProblem("a journal line has more after its closing brace");
            }

            // Drops were applied as they were read; puts come after them, whatever the order of the members.
            putReservations?.ForEach(r => reservations.Put(r.Token.Value, r));
            putSockets?.ForEach(s => sockets.Put(s.Id.Value, s));
            putHolders?.ForEach(h => holders.Put(h.Process.Value, h));
        }

        /// <summary>The parts after every line applied.</summary>
        public StateParts Parts() => snapshot with
        {
            Tokens = tokens,
            NextSocket = nextSocket,
            Reservations = reservations.Over(snapshot.Reservations, r => r.Token.Value),
            Sockets = sockets.Over(snapshot.Sockets, s => s.Id.Value),
            Holders = holders.Over(snapshot.Holders, h => h.Process.Value),
        };

        private static (List<Reservation>?, List<SocketState>?, List<(ProcessId, ProcessStart)>?) ReadPut(ref Utf8JsonReader line)
        {
            Expect(ref line, JsonTokenType.StartObject, "a journal line's put is not an object");
            List<Reservation>? putReservations = null;
            List<SocketState>? putSockets = null;
            List<(ProcessId, ProcessStart)>? putHolders = null;
            while (Next(ref line) == JsonTokenType.PropertyName)
            {
                if (line.ValueTextEquals("reservations"u8))
                {
                    Once(putReservations, "put.reservations");
                    putReservations = ReadArray(ref line, "put.reservations", ReadReservation);
                }
                else if (line.ValueTextEquals("sockets"u8))
                {
                    Once(putSockets, "put.sockets");
                    putSockets = ReadArray(ref line, "put.sockets", ReadSocket);
                }
                else if (line.ValueTextEquals("holders"u8))
                {
                    Once(putHolders, "put.holders");
                    putHolders = ReadArray(ref line, "put.holders", ReadHolder);
                }
                else
                {
                    throw new FormatProblem($"a journal line's put has an unknown member '{line.GetString()}'");
                }
            }

            return (putReservations, putSockets, putHolders);
        }

        private void Drop(ref Utf8JsonReader line)
        {
            Expect(ref line, JsonTokenType.StartObject, "a journal line's drop is not an object");
            bool seenReservations = false, seenSockets = false, seenHolders = false;
            while (Next(ref line) == JsonTokenType.PropertyName)
            {
                if (line.ValueTextEquals("reservations"u8))
                {
                    OnceIn(ref seenReservations, "drop.reservations");
                    Expect(ref line, JsonTokenType.StartArray, "drop.reservations is not a list");
                    while (Next(ref line) != JsonTokenType.EndArray)
                    {
                        reservations.Drop(DecimalHere(ref line, "a dropped reservation's token"));
                    }
                }
                else if (line.ValueTextEquals("sockets"u8))
                {
                    OnceIn(ref seenSockets, "drop.sockets");
                    Expect(ref line, JsonTokenType.StartArray, "drop.sockets is not a list");
                    while (Next(ref line) != JsonTokenType.EndArray)
                    {
                        sockets.Drop(Int64Here(ref line, "a dropped socket's number"));
                    }
                }
                else if (line.ValueTextEquals("holders"u8))
                {
                    OnceIn(ref seenHolders, "drop.holders");
                    Expect(ref line, JsonTokenType.StartArray, "drop.holders is not a list");
                    while (Next(ref line) != JsonTokenType.EndArray)
                    {
                        holders.Drop(Int64Here(ref line, "a dropped holder's process"));
                    }
                }
                else
                {
                    throw new FormatProblem($"a journal line's drop has an unknown member '{line.GetString()}'");
                }
            }
        }

        private static void OnceIn(ref bool seen, string member)
        {
            if (seen)
            {
                throw new FormatProblem($"a journal line has {member} twice");
            }

            seen = true;
        }
    }

    /// <summary>The entries of one kind that journal lines put or dropped, by key, over those of the snapshot.</summary>
    private sealed class Overlay<TKey, TValue>(string what)
        where TKey : notnull
    {
        /// <summary>Each key a line touched: its value now, or none once dropped.</summary>
        private readonly Dictionary<TKey, (bool Live, TValue? Value)> touched = [];

        /// <summary>Keys dropped before any line put them: the snapshot must hold each.</summary>
        private readonly System.Collections.Generic.HashSet<TKey> fromSnapshot = [];

        public void Put(TKey key, TValue value) => touched[key] = (true, value);

        public void Drop(TKey key)
        {
            if (touched.TryGetValue(key, out var entry))
            {
                touched[key] = entry.Live ? (false, default) : throw new FormatProblem($"a journal line drops {what} {key}, which is not there");
            }
            else
            {
                touched[key] = (false, default);
                fromSnapshot.Add(key);
            }
        }

        /// <summary>The snapshot's entries with the lines applied: those the lines did not touch, then those they left live.</summary>
        public List<TValue> Over(IReadOnlyList<TValue> snapshot, Func<TValue, TKey> keyOf)
        {
            var result = new List<TValue>(snapshot.Count + touched.Count);
            var found = new System.Collections.Generic.HashSet<TKey>();
            foreach (var entry in snapshot)
            {
                var key = keyOf(entry);
                if (!touched.ContainsKey(key))
                {
                    result.Add(entry);
                }
                else if (fromSnapshot.Contains(key) && !found.Add(key))
                {
                    throw new FormatProblem($"it lists {what} {key} twice");
                }
            }

            if (fromSnapshot.FirstOrDefault(key => !found.Contains(key)) is { } missing && found.Count != fromSnapshot.Count)
            {
                throw new FormatProblem($"a journal line drops {what} {missing}, which is not there");
            }

            foreach (var (live, value) in touched.Values)
            {
                if (live)
                {
                    result.Add(value!);
                }
            }

            return result;
        }
    }

    /// <summary>What is wrong with a format-2 or format-3 file, raised inside the reader and turned into a failure at its edge.</summary>
    private sealed class FormatProblem(string message) : Exception(message);
}
