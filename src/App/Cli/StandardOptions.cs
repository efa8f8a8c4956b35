using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace PortReservation.App.Cli;

/// <summary>
/// The help and version options of a <see cref="RootCommand"/>, with the same names, aliases, descriptions, output
/// and rules, but described in our own words: <see cref="System.CommandLine.Help.HelpOption"/> and
/// <see cref="VersionOption"/> read theirs from System.CommandLine's localized resources when they are made, on
/// every start. The help's text is written by <see cref="HelpText"/>, equal to the library's.
/// </summary>
internal static class StandardOptions
{
    /// <summary><c>--help</c> (<c>-h</c>, <c>-?</c>, <c>/h</c>, <c>/?</c>) on every command: prints the command's help (<see cref="HelpText"/>), whatever else the line holds.</summary>
    public static Option<bool> Help() =>
        new("--help", "-h", "/h", "-?", "/?")
        {
            Description = "Show help and usage information",
            Recursive = true,
            Arity = ArgumentArity.Zero,
            Action = new HelpText(),
        };

    /// <summary><c>--version</c> on the root command alone: prints portres's informational version (<see cref="ProgramVersion"/>, written at build).</summary>
    public static Option<bool> Version()
    {
        var version = new Option<bool>("--version")
        {
            Description = "Show version information",
            Arity = ArgumentArity.Zero,
            Action = new PrintVersion(),
        };
        version.Validators.Add(result =>
        {
            // An Option<bool> has a default (false), so every line gets an implicit result that is no --version.
            if (!result.Implicit
                && result.Parent is CommandResult parent
                && parent.Children.Any(r => r is not OptionResult { Implicit: true } && !(r is OptionResult o && o.Option == version)))
            {
                result.AddError($"{result.IdentifierToken?.Value ?? version.Name} option cannot be combined with other arguments.");
            }
        });
        return version;
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(ProgramVersion.Informational);
            return 0;
        }
    }
}
