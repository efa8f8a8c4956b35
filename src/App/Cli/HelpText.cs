using System.Collections;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

namespace PortReservation.App.Cli;

/// <summary>
/// The action of <c>--help</c>: writes a command's help exactly as System.CommandLine 2.0.15's
/// <see cref="HelpAction"/> does, at the width it would choose. The library's renderer (an internal HelpBuilder)
/// cost about 3 ms of every help in Native AOT: it reads its headings from localized resources through
/// reflection, and builds its rows with LINQ over iterators, generic virtual calls that make the image load its
/// type loader. This one uses plain loops and English literals (portres runs with invariant globalization, so
/// the library's headings are the English ones too).
/// It covers what portres's commands use: descriptions, the usage line, arguments and options with their help
/// names, completions and defaults, aliases, (REQUIRED), hidden symbols, recursive options, the library's own
/// help and version options (a <see cref="RootCommand"/> has them) and subcommands. It leaves out the
/// "Additional Arguments" section of a command that accepts unmatched tokens, a command's own help option hiding
/// an inherited one, and the library's customizations.
/// HelpTextTests compares it with the library's own <see cref="HelpAction"/> for every command of portres's
/// tree at several widths, so a difference (a new feature used, or a new version of the package) fails there.
/// </summary>
internal sealed class HelpText : SynchronousCommandLineAction
{
    private const string Indent = "  ";

    private int maxWidth = -1;

    /// <summary>
    /// The width at which the help wraps. As <see cref="HelpAction.MaxWidth"/>: unbounded when the output is
    /// redirected or the terminal's width cannot be read, else the terminal's width.
    /// </summary>
    public int MaxWidth
    {
        get
        {
            if (maxWidth < 0)
            {
                try
                {
                    maxWidth = Console.IsOutputRedirected ? int.MaxValue : Console.WindowWidth;
                }
                catch (Exception)
                {
                    // As the library: a width that cannot be read, for whatever reason, is no width.
                    maxWidth = int.MaxValue;
                }
            }

            return maxWidth;
        }
        set => maxWidth = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The help's width must be at least 1.");
    }

    /// <summary>Help is shown even when the rest of the line does not parse.</summary>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output, MaxWidth);
        return 0;
    }

    /// <summary>Writes <paramref name="command"/>'s help to <paramref name="output"/>, wrapped at <paramref name="maxWidth"/> (unbounded when not positive); nothing for a hidden command.</summary>
    public static void Write(Command command, TextWriter output, int maxWidth)
    {
        if (command.Hidden)
        {
            return;
        }

        var help = new Sections(output.NewLine, maxWidth <= 0 ? int.MaxValue : maxWidth);
        var lineage = Lineage(command);

        help.Heading("Description:", command.Description);
        help.End();

        help.Heading("Usage:", Usage(command, lineage));
        help.End();

        var arguments = new List<Row>();
        foreach (var owner in lineage)
        {
            foreach (var argument in owner.Arguments)
            {
                if (!argument.Hidden)
                {
                    AddDistinct(arguments, ArgumentRow(argument));
                }
            }
        }

        help.Table("Arguments:", arguments);
        help.Table("Options:", OptionRows(command));

        var subcommands = new List<Row>();
        foreach (var subcommand in command.Subcommands)
        {
            if (!subcommand.Hidden)
            {
                subcommands.Add(CommandRow(subcommand));
            }
        }

        help.Table("Commands:", subcommands);
        output.Write(help.ToString());
    }

    /// <summary>The command and the commands above it, the root first.</summary>
    private static List<Command> Lineage(Command command)
    {
        var lineage = new List<Command>();
        for (Command? c = command; c is not null; c = ParentCommand(c))
        {
            lineage.Insert(0, c);
        }

        return lineage;
    }

    private static Command? ParentCommand(Symbol symbol)
    {
        foreach (var parent in symbol.Parents)
        {
            if (parent is Command command)
            {
                return command;
            }
        }

        return null;
    }

    /// <summary>The names from the root down, each command's arguments, then [command] and [options] when there are any.</summary>
    private static string Usage(Command command, List<Command> lineage)
    {
        var usage = new StringBuilder();
        var hasOptions = false;
        foreach (var c in lineage)
        {
            foreach (var option in c.Options)
            {
                hasOptions |= option is { Recursive: true, Hidden: false };
            }

            AppendWord(usage, c.Name);
            AppendWord(usage, ArgumentsUsage(c.Arguments));
        }

        foreach (var subcommand in command.Subcommands)
        {
            if (!subcommand.Hidden)
            {
                AppendWord(usage, "[command]");
                break;
            }
        }

        foreach (var option in command.Options)
        {
            hasOptions |= !option.Hidden;
        }

        if (hasOptions)
        {
            AppendWord(usage, "[options]");
        }

        return usage.ToString();
    }

    private static void AppendWord(StringBuilder line, string word)
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            return;
        }

        if (line.Length > 0)
        {
            line.Append(' ');
        }

        line.Append(word);
    }

    /// <summary><c>&lt;A&gt; [&lt;B&gt;...]</c>: an optional argument opens a bracket that closes at the end, so later ones nest in it.</summary>
    private static string ArgumentsUsage(IList<Argument> arguments)
    {
        var usage = new StringBuilder();
        var open = 0;
        foreach (var argument in arguments)
        {
            if (argument.Hidden)
            {
                continue;
            }

            if (usage.Length > 0)
            {
                usage.Append(' ');
            }

            if (argument.Arity.MinimumNumberOfValues == 0)
            {
                usage.Append('[');
                open++;
            }

            usage.Append('<').Append(argument.Name).Append('>');
            if (argument.Arity.MaximumNumberOfValues > 1)
            {
                usage.Append("...");
            }
        }

        return usage.Append(']', open).ToString();
    }

    /// <summary>The command's own options (the library's help and version options last), then the recursive ones of the commands above it.</summary>
    private static List<Row> OptionRows(Command command)
    {
        var rows = new List<Row>();
        foreach (var standardLast in (ReadOnlySpan<bool>)[false, true])
        {
            foreach (var option in command.Options)
            {
                if (!option.Hidden && (option is HelpOption or VersionOption) == standardLast)
                {
                    rows.Add(OptionRow(option));
                }
            }
        }

        // The library skips an inherited help option when the command has one of its own; no portres command has.
        for (var parent = ParentCommand(command); parent is not null; parent = ParentCommand(parent))
        {
            foreach (var option in parent.Options)
            {
                if (option is { Recursive: true, Hidden: false })
                {
                    rows.Add(OptionRow(option));
                }
            }
        }

        return rows;
    }

    /// <summary>An option's row: its names, its value, (REQUIRED); its description and default.</summary>
    private static Row OptionRow(Option option)
    {
        var first = Names(option.Name, option.Aliases);
        var label = ValueLabel(option.HelpName, option.ValueType, option.Arity, option.CompletionSources, option, $"<{option.Name.TrimStart('-', '/')}>");
        if (!string.IsNullOrWhiteSpace(label))
        {
            first.Append(' ').Append(label);
        }

        if (option.Required)
        {
            first.Append(" (REQUIRED)");
        }

        var value = ShownDefault(option);
        return new Row(first.ToString(), $"{option.Description} {(value.Length > 0 ? $"[default: {value}]" : string.Empty)}".Trim());
    }

    /// <summary>A subcommand's row: its names and arguments; its description and its arguments' defaults.</summary>
    private static Row CommandRow(Command command)
    {
        var first = Names(command.Name, command.Aliases);
        var shown = new List<Argument>();
        foreach (var argument in command.Arguments)
        {
            if (!argument.Hidden)
            {
                first.Append(' ').Append(ArgumentLabel(argument));
                if (ShowsDefault(argument.HasDefaultValue, argument.ValueType))
                {
                    shown.Add(argument);
                }
            }
        }

        // One default reads "default: V"; several read "NAME: V", joined with ", ".
        var defaults = new StringBuilder();
        for (var i = 0; i < shown.Count; i++)
        {
            var value = ShownDefault(shown[i]);
            defaults.Append(i > 0 ? ", " : string.Empty)
                .Append(value.Length > 0 ? $"{(shown.Count == 1 ? "default" : shown[i].Name)}: {value}" : string.Empty);
        }

        return new Row(first.ToString(), $"{command.Description} {(defaults.Length > 0 ? $"[{defaults}]" : string.Empty)}".Trim());
    }

    /// <summary>
    /// The name and aliases, sorted by prefix (none, -, --, /) then by the rest, ignoring case, one per distinct
    /// rest: <c>-?, -h, --help</c>.
    /// </summary>
    private static StringBuilder Names(string name, ICollection<string> aliases)
    {
        var names = new List<Name>(aliases.Count + 1) { SplitPrefix(name) };
        foreach (var alias in aliases)
        {
            names.Add(SplitPrefix(alias));
        }

        // An insertion sort keeps equal names in their order, as the library's OrderBy does.
        for (var i = 1; i < names.Count; i++)
        {
            for (var j = i; j > 0 && CompareNames(names[j - 1], names[j]) > 0; j--)
            {
                (names[j - 1], names[j]) = (names[j], names[j - 1]);
            }
        }

        var first = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (!SameAliasBefore(names, i))
            {
                first.Append(first.Length > 0 ? ", " : string.Empty).Append(names[i].Prefix).Append(names[i].Alias);
            }
        }

        return first;
    }

    private static bool SameAliasBefore(List<Name> names, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (names[i].Alias == names[index].Alias)
            {
                return true;
            }
        }

        return false;
    }

    private static int CompareNames(Name a, Name b)
    {
        var byPrefix = StringComparer.OrdinalIgnoreCase.Compare(a.Prefix, b.Prefix);
        return byPrefix != 0 ? byPrefix : StringComparer.OrdinalIgnoreCase.Compare(a.Alias, b.Alias);
    }

    private static Name SplitPrefix(string name) => name[0] switch
    {
        '/' => new Name("/", name[1..]),
        '-' when name.Length > 1 && name[1] == '-' => new Name("--", name[2..]),
        '-' => new Name("-", name[1..]),
        _ => new Name(null, name),
    };

    /// <summary>An argument's row in the Arguments section: its label; its description and default.</summary>
    private static Row ArgumentRow(Argument argument)
    {
        var value = ShownDefault(argument);
        return new Row(ArgumentLabel(argument), $"{argument.Description} {(value.Length > 0 ? $"[default: {value}]" : string.Empty)}".Trim());
    }

    private static void AddDistinct(List<Row> rows, Row row)
    {
        foreach (var existing in rows)
        {
            if (existing.First == row.First && existing.Second == row.Second)
            {
                return;
            }
        }

        rows.Add(row);
    }

    /// <summary>An argument's value in its row: its help name, its completions, or its name, in angle brackets.</summary>
    private static string ArgumentLabel(Argument argument) =>
        ValueLabel(argument.HelpName, argument.ValueType, argument.Arity, argument.CompletionSources, argument, withoutCompletions: null) ?? $"<{argument.Name}>";

    /// <summary>
    /// A value's label: its help name; none for a flag; <paramref name="withoutCompletions"/> when nothing completes
    /// it; else its completions joined with '|'.
    /// </summary>
    private static string? ValueLabel(
        string? helpName,
        Type valueType,
        ArgumentArity arity,
        List<Func<CompletionContext, IEnumerable<CompletionItem>>> completionSources,
        Symbol symbol,
        string? withoutCompletions)
    {
        if (!string.IsNullOrWhiteSpace(helpName))
        {
            return $"<{helpName}>";
        }

        if (IsBoolean(valueType) || arity.MaximumNumberOfValues <= 0)
        {
            return null;
        }

        if (completionSources.Count == 0)
        {
            return withoutCompletions;
        }

        var completions = new StringBuilder();
        foreach (var completion in symbol.GetCompletions(CompletionContext.Empty))
        {
            completions.Append(completions.Length > 0 ? "|" : string.Empty).Append(completion.Label);
        }

        return completions.Length > 0 ? $"<{completions}>" : null;
    }

    private static bool IsBoolean(Type valueType) => valueType == typeof(bool) || valueType == typeof(bool?);

    /// <summary>A default is shown when there is one, except a bool's.</summary>
    private static bool ShowsDefault(bool hasDefaultValue, Type valueType) => hasDefaultValue && !IsBoolean(valueType);

    /// <summary>The default shown in brackets, or empty when none is shown.</summary>
    private static string ShownDefault(Option option) =>
        ShowsDefault(option.HasDefaultValue, option.ValueType) ? DefaultText(option.GetDefaultValue()) : string.Empty;

    /// <inheritdoc cref="ShownDefault(Option)"/>
    private static string ShownDefault(Argument argument) =>
        ShowsDefault(argument.HasDefaultValue, argument.ValueType) ? DefaultText(argument.GetDefaultValue()) : string.Empty;

    /// <summary>A default as text: a sequence joined with '|'; blank when it is only white space.</summary>
    private static string DefaultText(object? value)
    {
        string text;
        switch (value)
        {
            case null:
                return string.Empty;
            case string s:
                text = s;
                break;
            case IEnumerable sequence:
                var joined = new StringBuilder();
                var first = true;
                foreach (var item in sequence)
                {
                    joined.Append(first ? string.Empty : "|").Append(item?.ToString());
                    first = false;
                }

                text = joined.ToString();
                break;
            default:
                text = value.ToString() ?? string.Empty;
                break;
        }

        return string.IsNullOrWhiteSpace(text) ? string.Empty : text;
    }

    /// <summary>Text wrapped at <paramref name="width"/>: each line of it, cut after the last white space that fits (or at the width when none does).</summary>
    private static List<string> Wrap(string? text, int width)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return lines;
        }

        foreach (var line in text.Split(["\r\n", "\n"], StringSplitOptions.None))
        {
            if (line.Length <= width)
            {
                lines.Add(line);
                continue;
            }

            for (var i = 0; i < line.Length;)
            {
                if (line.Length - i < width)
                {
                    lines.Add(line[i..]);
                    break;
                }

                var length = -1;
                for (var j = 0; i + j < line.Length && j < width; j++)
                {
                    if (char.IsWhiteSpace(line[i + j]))
                    {
                        length = j + 1;
                    }
                }

                length = length == -1 ? width : length;
                lines.Add(line.Substring(i, length));
                i += length;
            }
        }

        return lines;
    }

    /// <summary>A name or alias, split into its prefix (-, --, / or none) and the rest.</summary>
    private readonly record struct Name(string? Prefix, string Alias);

    /// <summary>A row of a two-column table: the names and the description.</summary>
    private readonly record struct Row(string First, string Second);

    /// <summary>The help being written: headings, indented text and two-column tables, each section followed by an empty line.</summary>
    private sealed class Sections(string newLine, int width)
    {
        private readonly StringBuilder text = new(4096);

        public void Heading(string heading, string? body)
        {
            text.Append(heading).Append(newLine);
            foreach (var line in Wrap(body, width - Indent.Length))
            {
                text.Append(Indent).Append(line).Append(newLine);
            }
        }

        public void End() => text.Append(newLine);

        /// <summary>
        /// The rows in two columns under <paramref name="heading"/>, nothing when there are none. When both do not
        /// fit the width, the first column takes at most half of it, and the second the rest.
        /// </summary>
        public void Table(string heading, List<Row> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            text.Append(heading).Append(newLine);
            var firstWidth = 0;
            var secondWidth = 0;
            foreach (var row in rows)
            {
                firstWidth = Math.Max(firstWidth, row.First.Length);
                secondWidth = Math.Max(secondWidth, row.Second.Length);
            }

            if (firstWidth + secondWidth + Indent.Length + Indent.Length > width)
            {
                var firstMaxWidth = (width / 2) - Indent.Length;
                if (firstWidth > firstMaxWidth)
                {
                    firstWidth = 0;
                    foreach (var row in rows)
                    {
                        foreach (var part in Wrap(row.First, firstMaxWidth))
                        {
                            firstWidth = Math.Max(firstWidth, part.Length);
                        }
                    }
                }

                secondWidth = width - firstWidth - Indent.Length - Indent.Length;
            }

            foreach (var row in rows)
            {
                var firsts = Wrap(row.First, firstWidth);
                var seconds = Wrap(row.Second, secondWidth);
                for (var i = 0; i < firsts.Count || i < seconds.Count; i++)
                {
                    var first = i < firsts.Count ? firsts[i] : string.Empty;
                    var second = i < seconds.Count ? seconds[i] : string.Empty;
                    text.Append(Indent).Append(first);
                    if (!string.IsNullOrWhiteSpace(second))
                    {
                        text.Append(' ', Math.Max(0, firstWidth - first.Length)).Append(Indent).Append(second);
                    }

                    text.Append(newLine);
                }
            }

            End();
        }

        public override string ToString() => text.ToString();
    }
}
