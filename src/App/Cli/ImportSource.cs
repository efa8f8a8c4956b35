using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Output;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using static LanguageExt.Prelude;

namespace PortReservation.App.Cli;

/// <summary>
/// Where an import's rows come from: netsh's text, read and parsed before the transaction, or a profile,
/// generated inside it for the table's dynamic range.
/// </summary>
/// <param name="Protocol">The protocol the rows go into.</param>
/// <param name="RowsFor">The rows to import into a table.</param>
/// <param name="Parsed">The parsed text, when the rows came from text: it knows each row's line.</param>
internal sealed record ImportSource(Protocol Protocol, Func<ReservationTable, Fin<ExcludedPortTable>> RowsFor, Option<ExcludedPortTable> Parsed)
{
    /// <summary>netsh's text is a few kilobytes; a larger input is not netsh's output.</summary>
    public const int MaxTextBytes = 1 << 20;

    /// <summary>The rows of netsh's text in <paramref name="path"/> (- for <paramref name="stdin"/>), into <paramref name="protocol"/> or the one its title names.</summary>
    public static Fin<ImportSource> FromNetsh(string path, Option<Protocol> protocol, Func<Stream> stdin) =>
        from text in Read(path, stdin)
        from table in ExcludedPortRanges.Parse(text, protocol)
        select new ImportSource(table.Protocol, _ => table, Some(table));

    /// <summary>The Hyper-V-like profile of <paramref name="seed"/> for the table's dynamic range, into <paramref name="protocol"/> (TCP when not given).</summary>
    public static ImportSource HyperV(ulong seed, Option<Protocol> protocol)
    {
        var into = protocol.IfNone(Protocol.Tcp);
        return new ImportSource(
            into,
            table => FakeProfiles.HyperV(seed, table.Settings.DynamicPorts) is var rows && rows.Protocol == into
                ? rows
                : ExcludedPortTable.Create(into, rows.Rows),
            None);
    }

    /// <summary>A conflict named by the row's line of text; other errors as they are.</summary>
    public Error Located(Error error) =>
        error is ReservationError.Conflict conflict
            ? new ImportConflict(
                $"{Row(conflict.Requested)} overlaps the {conflict.Overlapping.Map(r => $"{Names.Of(r.Kind)} reservation {r.Range} (token {r.Token})").IfNone("reservation")} already in the {Names.Upper(Protocol)} table")
            : error;

    private string Row(PortRange requested) =>
        Parsed.Bind(table => table.Rows.Find(row => row.Range == requested).Bind(table.LineOf)) is { IsSome: true } line
            ? $"line {line.IfNone(0)} ({requested.Start} {requested.End})"
            : $"the row {requested.Start} {requested.End}";

    private static Fin<string> Read(string path, Func<Stream> stdin)
    {
        try
        {
            using var stream = path == "-" ? stdin() : File.OpenRead(path);
            using var bounded = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                bounded.Write(buffer, 0, read);
                if (bounded.Length > MaxTextBytes)
                {
                    return FinFail<string>(new UsageProblem($"{Name(path)} holds more than {MaxTextBytes / 1024} KiB, which is not netsh's table"));
                }
            }

            // netsh's text in a file saved on Windows may be UTF-8 with a BOM or UTF-16; the reader finds out from the BOM.
            bounded.Position = 0;
            using var reader = new StreamReader(bounded, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return FinFail<string>(new UsageProblem($"{Name(path)} cannot be read ({e.Message.TrimEnd('.')})"));
        }
    }

    private static string Name(string path) => path == "-" ? "standard input" : $"'{path}'";
}
