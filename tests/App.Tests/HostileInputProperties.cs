using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>Any command line at all: never an unexpected failure, never a stack trace, never a change to the state when refused.</summary>
public sealed class HostileInputProperties
{
    private static readonly Gen<string> Words = Gen.OneOf(
        Gen.Elements("add", "delete", "lookup", "show", "why", "run", "--", "--json", "--unelevated", "--adapter", "fake",
            "--protocol", "tcp", "udp", "--start", "--count", "--help", "-h", "true", "@file", "--bogus", "-"),
        Gen.Elements("0", "1", "-1", "50000", "65535", "65536", "16385", "2147483648", "-2147483649", "99999999999999999999", "1e3", "0x10", " 7"),
        Gen.Elements(string.Empty, " ", "\t", "ポート", "🚀", "\u0000", "é", "--start=50000", "--count=-3", "[suggest]"),
        Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Property]
    public Property Any_command_line_is_answered_without_a_crash_and_a_refusal_changes_nothing() =>
        Prop.ForAll(
            Gen.ListOf(Words).Select(words => words.Take(8).ToArray()).ToArbitrary(),
            args =>
            {
                using var state = new TempState();
                var seeded = InProcess.Run(state, "add", "--start", "50000", "--count", "10");
                var before = state.Bytes();
                var listed = InProcess.Run(state, "--json", "show").Stdout;

                var outcome = InProcess.Run(state, args);

                // portres's own refusals (2-7) leave the file byte-identical; a run whose COMMAND failed
                // (126, 127 or COMMAND's code) took its block and gave it back.
                var refused = outcome.ExitCode is >= ExitCodes.InvalidArgument and <= ExitCodes.StateUnreadable;
                var untouched = refused
                    ? before.AsSpan().SequenceEqual(state.Bytes())
                    : outcome.ExitCode == ExitCodes.Success || InProcess.Run(state, "--json", "show").Stdout == listed;
                var noTrace = new[] { outcome.Stdout, outcome.Stderr }.All(text =>
                    !text.Contains("   at ", StringComparison.Ordinal) && !text.Contains("Exception", StringComparison.Ordinal));
                return (seeded.ExitCode == ExitCodes.Success && outcome.ExitCode != ExitCodes.Unexpected && noTrace && untouched)
                    .Label($"portres {string.Join(' ', args.Select(a => $"'{a}'"))} -> {outcome}");
            });
}
