using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;
using PortReservation.Domain;

namespace PortReservation.App.Output;

/// <summary>
/// The one output path of a command: its answer as text for people, or with --json one JSON document on
/// stdout. Failures go to stderr as one sentence (stdout stays empty), or as the JSON error document on
/// stdout. Nothing here throws: when stdout cannot be written, the failure goes to stderr as a sentence
/// instead, and a successful answer that could not be written exits 1 with a sentence on stderr that says
/// so and names the change the command made, which stays made. Sentences on stderr have their control
/// characters escaped (<see cref="Printable"/>).
/// </summary>
/// <param name="stdout">Where answers go.</param>
/// <param name="stderr">Where failures go without --json.</param>
/// <param name="json">Whether to print JSON.</param>
/// <param name="command">The command's name, for the advice in failures.</param>
internal sealed class Presenter(GuardedWriter stdout, GuardedWriter stderr, bool json, string command)
{
    /// <summary>Whether answers are JSON.</summary>
    public bool IsJson => json;

    /// <summary>Reports <paramref name="error"/> and answers its exit code.</summary>
    public int Fail(Error error)
    {
        var report = Failures.Describe(error, command);
        if (json)
        {
            Write(new ErrorJson(new ErrorBodyJson(report.Kind, report.Sentence, report.ExitCode)));
        }

        if (!json || stdout.Failure is not null)
        {
            Warn(report.Sentence);
        }

        return report.ExitCode;
    }

    /// <summary>A warning that does not change the exit code: always one line on stderr.</summary>
    public void Warn(string sentence) => stderr.WriteLine($"portres: {Printable.Escaped(sentence)}");

    /// <summary>
    /// The exit code of an answer just written: success, or, when stdout could not take it, 1 with a sentence on
    /// stderr that says so and names <paramref name="change"/>, what the command made, which stays made.
    /// </summary>
    /// <param name="change">What the command changed, for example "the persistent reservation tcp 3001-3001 was made (token 42)"; none for a command that changed nothing.</param>
    /// <param name="recovery">How to get the answer again, when it can be had.</param>
    public int Answered(string? change = null, string? recovery = null)
    {
        if (stdout.Failure is not { } failure)
        {
            return ExitCodes.Success;
        }

        Warn(change is null
            ? $"the answer could not be written to standard output ({failure}); nothing was changed."
            : $"{change}, and it stays made, but the answer could not be written to standard output ({failure}){(recovery is null ? "" : $"; {recovery}")}.");
        return ExitCodes.Unexpected;
    }

    /// <summary>The token of a block just made (add): as <see cref="Token"/>, and an answer that cannot be written says the block was made, with its token.</summary>
    public int Made(Protocol protocol, PortRange range, ReservationToken token)
    {
        PrintToken(protocol, range, token);
        return Answered(
            $"the persistent reservation {Names.Of(protocol)} {range} was made (token {token})",
            $"'portres lookup --protocol {Names.Of(protocol)} --start {range.Start.Value} --count {range.Count}' prints its token");
    }

    /// <summary>The token of a block (lookup).</summary>
    public int Token(Protocol protocol, PortRange range, ReservationToken token)
    {
        PrintToken(protocol, range, token);
        return Answered();
    }

    private void PrintToken(Protocol protocol, PortRange range, ReservationToken token)
    {
        if (json)
        {
            Write(new TokenJson(Names.Of(protocol), range.Start.Value, range.Count, token.ToString()));
        }
        else
        {
            stdout.WriteLine(token.ToString());
        }
    }

    /// <summary>A deleted block: nothing in text, the block in JSON.</summary>
    public int Deleted(Protocol protocol, PortRange range)
    {
        if (json)
        {
            Write(new DeleteJson(new BlockJson(Names.Of(protocol), range.Start.Value, range.Count)));
        }

        return Answered($"the persistent reservation {Names.Of(protocol)} {range} was deleted");
    }

    /// <summary>A released runtime reservation: nothing in text, its protocol and token in JSON.</summary>
    public int Released(Protocol protocol, ReservationToken token)
    {
        if (json)
        {
            Write(new ReleaseJson(new ReleasedJson(Names.Of(protocol), token.ToString())));
        }

        return Answered($"the runtime reservation {token} was released");
    }

    /// <summary>The reservation table of <paramref name="protocol"/>, or of both protocols.</summary>
    public int Table(Seq<Reservation> reservations, Option<Protocol> protocol)
    {
        if (json)
        {
            Write(new ShowJson(reservations.Map(Entry).ToArray()));
        }
        else
        {
            stdout.Write(NetshTable.Render(reservations, protocol.Match(p => [p], () => new[] { Protocol.Tcp, Protocol.Udp })));
        }

        return Answered();
    }

    /// <summary>One protocol's table exactly as netsh prints it (show --netsh): CRLF lines, no extra columns.</summary>
    public int Netsh(string text)
    {
        stdout.Write(text);
        return Answered();
    }

    /// <summary>What an import made.</summary>
    public int Imported(Protocol protocol, Seq<Reservation> made)
    {
        var persistent = made.Count(r => r is Reservation.Persistent);
        var runtime = made.Count - persistent;
        if (json)
        {
            Write(new ImportJson(Names.Of(protocol), made.Count, persistent, runtime));
        }
        else
        {
            stdout.WriteLine(
                $"Imported {made.Count} {Names.Upper(protocol)} row{(made.Count == 1 ? "" : "s")}: {persistent} administered (persistent), " +
                $"{runtime} held by the simulated system process {ProcessId.SimulatedSystem} (runtime).");
        }

        return Answered($"{made.Count} {Names.Upper(protocol)} row{(made.Count == 1 ? " was" : "s were")} imported", "'portres show' lists them");
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
                    consequence));
        }
        else
        {
            stdout.WriteLine(PortWording.Coverage(explanation));
            stdout.WriteLine(PortWording.DynamicRange(explanation, dynamic));
            stdout.WriteLine(consequence);
        }

        return Answered();
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

    private void Write(IJsonOutput document) => stdout.WriteLine(JsonOutput.Text(document));
}
