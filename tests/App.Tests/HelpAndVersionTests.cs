using System.Reflection;
using PortReservation.App.Cli;

namespace PortReservation.App.Tests;

/// <summary>
/// The help and version options every System.CommandLine root has: -h, -?, /h, /? and --help on every command,
/// --version on the root alone, and [suggest] for shell completion.
/// </summary>
public sealed class HelpAndVersionTests : IDisposable
{
    private const string HelpRow = "-?, -h, --help";
    private const string HelpDescription = "Show help and usage information";

    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("/h")]
    [InlineData("/?")]
    public void Every_help_alias_prints_the_help_of_the_command_it_follows(string alias)
    {
        var help = InProcess.Run(state, "release", alias);

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.StartsWith("Description:\n  Release a runtime reservation (SIO_RELEASE_PORT_RESERVATION).", help.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nUsage:\n  \S+ release \[options\]\n", help.Stdout);
        Assert.Equal(string.Empty, help.Stderr);
    }

    [Fact]
    public void The_root_help_lists_help_and_version_after_the_global_options()
    {
        var help = InProcess.Run(state, "--help");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        var options = OptionRows(help.Stdout);
        Assert.Equal(["--adapter", "--state", "--json", "--unelevated", "--record", HelpRow, "--version"], options.Select(FirstColumn));
        Assert.Contains(options, row => row.StartsWith(HelpRow, StringComparison.Ordinal) && row.EndsWith(HelpDescription, StringComparison.Ordinal));
        Assert.Contains(options, row => row.StartsWith("--version", StringComparison.Ordinal) && row.EndsWith("Show version information", StringComparison.Ordinal));
    }

    [Fact]
    public void A_command_help_lists_its_own_options_then_the_global_ones_and_help_but_not_version()
    {
        var help = InProcess.Run(state, "why", "-h");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Equal(["--protocol", "--adapter", "--state", "--json", "--unelevated", "--record", HelpRow], OptionRows(help.Stdout).Select(FirstColumn));
    }

    [Fact]
    public void Help_wins_over_missing_options_and_is_never_taken_for_COMMAND()
    {
        var help = InProcess.Run(state, "run", "--help", "--", "true");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Contains("PORTRES_PORTS", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, help.Stderr);
    }

    [Fact]
    public void Version_prints_the_informational_version()
    {
        var version = InProcess.Run(state, "--version");

        Assert.Equal(ExitCodes.Success, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]+)?\n$", version.Stdout);
        Assert.Equal(string.Empty, version.Stderr);

        // The version the build stamped on portres's assembly, the one 'dotnet tool list' and the package show.
        var stamped = typeof(PortresCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(stamped + "\n", version.Stdout);
    }

    [Theory]
    [InlineData("--version", "show")]
    [InlineData("--json", "--version")]
    [InlineData("--version", "--adapter", "fake")]
    public void Version_with_anything_else_is_invalid(params string[] args)
    {
        var outcome = InProcess.Run(state, args);

        Assert.Equal(ExitCodes.InvalidArgument, outcome.ExitCode);
        Assert.Contains("--version option cannot be combined with other arguments", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_option_without_a_command_asks_for_a_command()
    {
        var outcome = InProcess.Run(state, "--json");

        Assert.Equal(ExitCodes.InvalidArgument, outcome.ExitCode);
        Assert.Contains("portres needs a command", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--version", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggest_directive_completes_commands_and_options()
    {
        var commands = InProcess.Run(state, "[suggest]", "rel");
        var options = InProcess.Run(state, "[suggest]", "--");

        Assert.Equal(ExitCodes.Success, commands.ExitCode);
        Assert.Equal(["release"], Lines(commands.Stdout));
        Assert.Equal(ExitCodes.Success, options.ExitCode);
        Assert.Superset(new HashSet<string> { "--adapter", "--help", "--json", "--record", "--state", "--unelevated", "--version" }, Lines(options.Stdout).ToHashSet());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> OptionRows(string help) =>
        help.Split("Options:\n")[1].Split("\n\n")[0].Split('\n').Select(row => row.Trim()).ToList();

    /// <summary>The aliases of a help row, without the argument's name.</summary>
    private static string FirstColumn(string row) => row.Split("  ")[0].Split(" <")[0].Split(" (")[0];
}
