using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Turns the bytes of a state file into a <see cref="SavedState"/> and back. Reading is strict: a file
/// of another shape, another version, or one the domain finds inconsistent is refused with the reason.
/// Files are written in format 3 (<see cref="CompactFormat"/>, a table and a journal of runtime changes);
/// files of formats 1 and 2, written by earlier portres, are read too and rewritten in format 3 by the first
/// command that changes them.
/// </summary>
internal static class StateCodec
{
    /// <summary>The format this portres writes; it reads this one and formats 1 and 2.</summary>
    public const int FormatVersion = CompactFormat.Version;

    /// <summary>The state of a machine on which nothing was reserved yet.</summary>
    public static SavedState Fresh(ulong tokenSeed) =>
        new(ReservationTable.Empty(ReservationSettings.Default, tokenSeed), ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty);

    /// <summary>The state <paramref name="bytes"/> hold, or a <see cref="StateFileProblem"/> that names <paramref name="path"/>.</summary>
    public static Fin<SavedState> Decode(byte[] bytes, string path) => Read(bytes, path).Map(stored => stored.State);

    /// <summary>The state <paramref name="bytes"/> hold with where the file's parts lie, or a <see cref="StateFileProblem"/> that names <paramref name="path"/>.</summary>
    public static Fin<StoredState> Read(byte[] bytes, string path)
    {
        // A file this portres wrote names its format first: it is read in one pass.
        if (LeadingVersion(bytes) is CompactFormat.Version or CompactFormat.UnjournaledVersion)
        {
            return Refused(CompactFormat.Read(bytes), path);
        }

        var version = ReadVersion(bytes);
        if (version.Problem is { } problem)
        {
            return NotValid(path, problem);
        }

        if (version.Value > FormatVersion)
        {
            return FinFail<StoredState>(new StateFileProblem(
                $"The state file {path} was written by a newer portres (format {version.Value}; this one reads formats 1 to {FormatVersion})",
                "it was left untouched: use that newer portres, or point --state at another file"));
        }

        if (version.Value is CompactFormat.Version or CompactFormat.UnjournaledVersion)
        {
            return Refused(CompactFormat.Read(bytes), path);
        }

        if (version.Value < 1)
        {
            return NotValid(path, $"format {version.Value} is unknown");
        }

        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateDocument);
        }
        catch (JsonException e)
        {
            return NotValid(path, e.Message);
        }

        return document is null
            ? NotValid(path, "it holds null")
            : Refused(FromDocument(document).Map(state => new StoredState(state, new StateLayout(bytes.Length, bytes.Length, Appendable: false))), path);
    }

    /// <summary>The bytes of the state file that holds <paramref name="state"/>, with no journal yet.</summary>
    public static ReadOnlyMemory<byte> Encode(SavedState state) => CompactFormat.Write(state);

    /// <summary>The journal line that records <paramref name="delta"/>, a change of runtime state, with its newline.</summary>
    public static ReadOnlyMemory<byte> EncodeChange(StateDelta delta) => CompactFormat.WriteChange(delta);

    /// <summary>The version of a file whose first member is its formatVersion, as portres writes it; none otherwise.</summary>
    private static int? LeadingVersion(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("formatVersion"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                ? version
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The state, or the reason it is not valid as a <see cref="StateFileProblem"/> naming <paramref name="path"/>.</summary>
    private static Fin<StoredState> Refused(Fin<StoredState> state, string path) =>
        state.IsSucc ? state : NotValid(path, ((Error)state).Message);

    /// <summary>
    /// The top-level formatVersion, read by one pass of the JSON reader over the whole file: every syntax
    /// error is found as a full parse finds it, without building a document of a file that may be megabytes.
    /// </summary>
    private static (int Value, string? Problem) ReadVersion(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            var isObject = false;
            (int Value, string? Problem)? version = null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 0)
                {
                    isObject = true;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && version is null
                    && reader.ValueTextEquals("formatVersion"u8))
                {
                    reader.Read();
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
                        ? (value, null)
                        : (0, "its formatVersion is not a whole number");
                    reader.Skip();
                }
            }

            return !isObject ? (0, "it is not a JSON object")
                : version ?? (0, "it has no formatVersion");
        }
        catch (JsonException e)
        {
            return (0, $"it is not JSON: {e.Message}");
        }
    }

    private static Fin<T> Invalid<T>(string reason) => FinFail<T>(Error.New(reason));

    private static Fin<StoredState> NotValid(string path, string reason) =>
        FinFail<StoredState>(new StateFileProblem(
            $"The state file {path} is not a valid portres state file ({reason.TrimEnd('.')})",
            $"it was left untouched: move it aside (for example to {Path.GetFileName(path)}.bad) to start afresh, or point --state at another file"));

    private static Fin<SavedState> FromDocument(StateDocument d) =>
        from settings in Settings(d.Settings)
        from tokens in Tokens(d.Tokens)
        from reservations in All(d.Reservations, Reservation)
        from sockets in All(d.Sockets, Socket)
        from holders in Holders(d.Holders, sockets)
        from table in ReservationTable.Restore(settings, tokens, d.NextSocket, reservations, sockets)
        select new SavedState(table, holders);

    /// <summary>Every document read, or the first failure; a plain loop, since a file holds tens of thousands.</summary>
    private static Fin<Seq<T>> All<TDocument, T>(IReadOnlyList<TDocument> documents, Func<TDocument, Fin<T>> read)
    {
        var values = new T[documents.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = read(documents[i]);
            if (value.IsFail)
            {
                return FinFail<Seq<T>>((Error)value);
            }

            values[i] = (T)value;
        }

        return FinSucc(toSeq(values));
    }

    private static Fin<ReservationSettings> Settings(SettingsDocument s) =>
        from range in DynamicPortRange.Create(s.DynamicStart, s.DynamicCount)
        from fit in s.WildcardFit switch
        {
            "firstFitFromBottom" => FinSucc<WildcardFit>(WildcardFit.FirstFitFromBottom),
            "firstFitFromTop" => FinSucc<WildcardFit>(WildcardFit.FirstFitFromTop),
            var other => Invalid<WildcardFit>($"unknown wildcardFit '{other}'"),
        }
        select new ReservationSettings(range, fit);

    private static Fin<TokenGenerator> Tokens(TokensDocument t) =>
        from seed in Unsigned(t.Seed, "tokens.seed")
        from drawn in Unsigned(t.Drawn, "tokens.drawn")
        select new TokenGenerator(seed, drawn);

    private static Fin<Reservation> Reservation(ReservationDocument r) =>
        from protocol in ProtocolOf(r.Protocol)
        from range in PortRange.Create(r.Start, r.Count)
        from token in Token(r.Token)
        from reservation in (r.Kind, r.HolderPid, r.HolderSocket) switch
        {
            ("persistent", null, null) => FinSucc<Reservation>(new Reservation.Persistent(protocol, range, token)),
            ("runtime", long pid, long socket) => FinSucc<Reservation>(
                new Reservation.Runtime(protocol, range, token, new Holder(new ProcessId(pid), new SocketId(socket)))),
            ("persistent" or "runtime", _, _) => Invalid<Reservation>($"reservation {token} has a holder that does not fit its kind"),
            _ => Invalid<Reservation>($"reservation {token} has an unknown kind '{r.Kind}'"),
        }
        select reservation;

    private static Fin<SocketState> Socket(SocketDocument s) =>
        from protocol in ProtocolOf(s.Protocol)
        from association in s.Association is null
            ? FinSucc<Option<ReservationToken>>(None)
            : Token(s.Association).Map(Some)
        from bound in s.BoundPort is int port
            ? Port.Create(port).Map(Some)
            : FinSucc<Option<Port>>(None)
        select new SocketState(new SocketId(s.Id), new ProcessId(s.Pid), protocol, association, bound);

    private static Fin<ImmutableSortedDictionary<ProcessId, ProcessStart>> Holders(IReadOnlyList<HolderDocument> holders, Seq<SocketState> sockets)
    {
        var parsed = new List<(ProcessId, ProcessStart)>(holders.Count);
        foreach (var h in holders)
        {
            var start = Unsigned(h.StartTime, $"the start time of process {h.Pid}");
            if (start.IsFail)
            {
                return (Error)start;
            }

            parsed.Add((new ProcessId(h.Pid), new ProcessStart((ulong)start)));
        }

        return Holders(parsed, sockets);
    }

    /// <summary>The start of each process with sockets: exactly those processes, each listed once.</summary>
    public static Fin<ImmutableSortedDictionary<ProcessId, ProcessStart>> Holders(
        IReadOnlyList<(ProcessId Process, ProcessStart Start)> holders, IEnumerable<SocketState> sockets)
    {
        var starts = ByProcess(holders.Select(h => KeyValuePair.Create(h.Process, h.Start)));
        var withSockets = sockets.Select(s => s.Process).ToHashSet();
        return starts.Count != holders.Count ? Invalid<ImmutableSortedDictionary<ProcessId, ProcessStart>>("a holder process is listed twice")
            : withSockets.Any(p => !starts.ContainsKey(p)) ? Invalid<ImmutableSortedDictionary<ProcessId, ProcessStart>>("a socket's process has no start time")
            : starts.Keys.Any(p => !withSockets.Contains(p)) ? Invalid<ImmutableSortedDictionary<ProcessId, ProcessStart>>("a holder process has no socket")
            : FinSucc(starts);
    }

    /// <summary>The starts by process; a process listed twice keeps its last start.</summary>
    private static ImmutableSortedDictionary<ProcessId, ProcessStart> ByProcess(IEnumerable<KeyValuePair<ProcessId, ProcessStart>> starts)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<ProcessId, ProcessStart>();
        foreach (var (process, start) in starts)
        {
            builder[process] = start;
        }

        return builder.ToImmutable();
    }

    private static Fin<Protocol> ProtocolOf(string text) => text switch
    {
        "tcp" => FinSucc<Protocol>(Protocol.Tcp),
        "udp" => FinSucc<Protocol>(Protocol.Udp),
        _ => Invalid<Protocol>($"unknown protocol '{text}'"),
    };

    private static Fin<ReservationToken> Token(string text) =>
        from value in Unsigned(text, "a token")
        from token in ReservationToken.Create(value)
        select token;

    private static Fin<ulong> Unsigned(string text, string what) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? FinSucc<ulong>(value)
            : Invalid<ulong>($"{what} '{text}' is not a whole number");
}
