using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;
using PortReservation.Domain;

namespace PortReservation.App.Output;

/// <summary>
/// Prints a command's answer: text for people, or with --json one JSON document on stdout. Failures go
/// to stderr as one sentence (stdout stays empty), or as the JSON error document on stdout.
/// </summary>
/// <param name="stdout">Where answers go.</param>
/// <param name="stderr">Where failures go without --json.</param>
/// <param name="json">Whether to print JSON.</param>
/// <param name="command">The command's name, for the advice in failures.</param>
internal sealed class Presenter(TextWriter stdout, TextWriter stderr, bool json, string command)
{
    /// <summary>Whether answers are JSON.</summary>
    public bool IsJson => json;

    /// <summary>Reports <paramref name="error"/> and answers its exit code.</summary>
    public int Fail(Error error)
    {
        var report = Failures.Describe(error, command);
        if (json)
        {
            Write(new ErrorJson(new ErrorBodyJson(report.Kind, report.Sentence, report.ExitCode)), OutputJsonContext.Relaxed.ErrorJson);
        }
        else
        {
            stderr.WriteLine($"portres: {report.Sentence}");
        }

        return report.ExitCode;
    }

    /// <summary>A warning that does not change the exit code: always one line on stderr.</summary>
    public void Warn(string sentence) => stderr.WriteLine($"portres: {sentence}");

    /// <summary>The token of a block (add, lookup).</summary>
    public int Token(Protocol protocol, PortRange range, ReservationToken token)
    {
        if (json)
        {
            Write(new TokenJson(Names.Of(protocol), range.Start.Value, range.Count, token.ToString()), OutputJsonContext.Relaxed.TokenJson);
        }
        else
        {
            stdout.WriteLine(token.ToString());
        }

        return ExitCodes.Success;
    }

    /// <summary>A deleted block: nothing in text, the block in JSON.</summary>
    public int Deleted(Protocol protocol, PortRange range)
    {
        if (json)
        {
            Write(new DeleteJson(new BlockJson(Names.Of(protocol), range.Start.Value, range.Count)), OutputJsonContext.Relaxed.DeleteJson);
        }

        return ExitCodes.Success;
    }

    /// <summary>A released runtime reservation: nothing in text, its protocol and token in JSON.</summary>
    public int Released(Protocol protocol, ReservationToken token)
    {
        if (json)
        {
            Write(new ReleaseJson(new ReleasedJson(Names.Of(protocol), token.ToString())), OutputJsonContext.Relaxed.ReleaseJson);
        }

        return ExitCodes.Success;
    }

    /// <summary>The reservation table of <paramref name="protocol"/>, or of both protocols.</summary>
    public int Table(Seq<Reservation> reservations, Option<Protocol> protocol)
    {
        if (json)
        {
            Write(new ShowJson(reservations.Map(Entry).ToArray()), OutputJsonContext.Relaxed.ShowJson);
        }
        else
        {
            stdout.Write(NetshTable.Render(reservations, protocol.Match(p => [p], () => new[] { Protocol.Tcp, Protocol.Udp })));
        }

        return ExitCodes.Success;
    }

    /// <summary>One protocol's table exactly as netsh prints it (show --netsh): CRLF lines, no extra columns.</summary>
    public int Netsh(string text)
    {
        stdout.Write(text);
        return ExitCodes.Success;
    }

    /// <summary>What an import made.</summary>
    public int Imported(Protocol protocol, Seq<Reservation> made)
    {
        var persistent = made.Count(r => r is Reservation.Persistent);
        var runtime = made.Count - persistent;
        if (json)
        {
            Write(new ImportJson(Names.Of(protocol), made.Count, persistent, runtime), OutputJsonContext.Relaxed.ImportJson);
        }
        else
        {
            stdout.WriteLine(
                $"Imported {made.Count} {Names.Upper(protocol)} row{(made.Count == 1 ? "" : "s")}: {persistent} administered (persistent), " +
                $"{runtime} held by the simulated system process {ProcessId.SimulatedSystem} (runtime).");
        }

        return ExitCodes.Success;
    }

    /// <summary>Why a port can or cannot be bound.</summary>
    public int Explanation(PortExplanation explanation, DynamicPortRange dynamic)
    {
        var consequence = PortWording.Consequence(explanation);
        if (json)
        {
            Write(
                new WhyJson(
                    Names.Of(explanation.Protocol),
                    explanation.Port.Value,
                    explanation.IsReserved,
                    explanation.Covering.Map(Entry).IfNoneUnsafe((ReservationJson?)null),
                    explanation.InDynamicRange,
                    explanation.InUse,
                    dynamic.Range.ToString(),
                    consequence),
                OutputJsonContext.Relaxed.WhyJson);
        }
        else
        {
            stdout.WriteLine(PortWording.Coverage(explanation));
            stdout.WriteLine(PortWording.DynamicRange(explanation, dynamic));
            stdout.WriteLine(consequence);
        }

        return ExitCodes.Success;
    }

    private static ReservationJson Entry(Reservation r) =>
        new(
            Names.Of(r.Protocol),
            r.Range.Start.Value,
            r.Range.Count,
            r.Range.End.Value,
            Names.Of(r.Kind),
            r.Token.ToString(),
            (r as Reservation.Runtime)?.Holder.Process.Value);

    private void Write<T>(T document, JsonTypeInfo<T> type) => stdout.WriteLine(JsonSerializer.Serialize(document, type));
}
