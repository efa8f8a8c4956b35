using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using LanguageExt.Common;
using PortReservation.App.Machine;
using PortReservation.App.Output;
using PortReservation.App.Running;
using PortReservation.App.State;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Cli;

/// <summary>
/// The <c>portres</c> command line (spec/cli.md): its grammar, help and completions, and the action of
/// each command. An action reads its options, opens the adapter, makes one transaction on it and prints
/// the answer; every rule is the domain's, every failure goes through <see cref="Failures"/>.
/// </summary>
internal sealed partial class PortresCli
{
    private const string Description = """
        Reserve blocks of TCP and UDP ports the way Windows does (netsh excludedportrange, the WinSock
        port-reservation IOCTLs), on a simulated Windows whose reservations live in a state file that all
        your portres processes share safely.

        Elevation: the state file is your own store, so portres acts as an elevated administrator by
        default; --unelevated acts as a non-elevated Windows process instead (add and delete then fail
        with access denied, exit 5).

        Exit codes: 0 success, 1 unexpected failure, 2 invalid arguments, 3 conflict with a reservation
        or a port in use, 4 not found, 5 access denied, 6 no free block, 7 the state file cannot be read
        (it is left untouched), 8 replay or selftest found differences from the fake. run exits with
        COMMAND's code (128+N when signal N killed it).

        Environment: PORTRES_STATE names the state file; PORTRES_LOCK_TIMEOUT is how many seconds to
        wait for another portres that holds the state file's lock (default 30).
        """;

    private readonly GuardedWriter stdout;
    private readonly GuardedWriter stderr;
    private readonly HostServices host;
    private readonly Command[] commands;
    private Command? root;
    private readonly Option<string> adapter;
    private readonly Option<string> state;
    private readonly Option<bool> json;
    private readonly Option<bool> unelevated;
    private readonly Option<string> record = RecordOption();
    private readonly Argument<string[]> runCommand;

    /// <summary>The command line printing to <paramref name="stdout"/> and <paramref name="stderr"/>, on <paramref name="host"/>.</summary>
    public PortresCli(TextWriter stdout, TextWriter stderr, HostServices host)
    {
        (this.stdout, this.stderr, this.host) = (GuardedWriter.Around(stdout), GuardedWriter.Around(stderr), host);

        adapter = new Option<string>("--adapter")
        {
            Description = "Which adapter serves the command: fake (a simulated Windows over the state file) or winsock (Windows itself).",
            HelpName = "fake|winsock",
            Recursive = true,
            DefaultValueFactory = _ => OperatingSystem.IsWindows() ? "winsock" : "fake",
        };
        adapter.AcceptOnlyFromAmong("fake", "winsock");
        state = new Option<string>("--state")
        {
            Description = $"The fake's state file (env {StatePaths.Variable}; else $XDG_STATE_HOME/portres/state.json or ~/.local/state/portres/state.json).",
            HelpName = "PATH",
            Recursive = true,
            DefaultValueFactory = _ => StatePaths.Default(host.GetEnvironmentVariable, OperatingSystem.IsWindows()),
        };
        json = new Option<bool>("--json") { Description = "Print one JSON document on stdout, also for failures.", Recursive = true };
        unelevated = new Option<bool>("--unelevated")
        {
            Description = "Act as a non-elevated Windows process: persistent add and delete fail with access denied (exit 5).",
            Recursive = true,
        };
        runCommand = new Argument<string[]>("COMMAND")
        {
            Description = "The command to run, and its arguments, after '--'.",
            Arity = ArgumentArity.ZeroOrMore,

            // The words as they are. The default conversion makes the array through reflection (Array.CreateInstance),
            // which a Native AOT image pays for on every run.
            CustomParser = r => [.. r.Tokens.Select(t => t.Value)],
        };

        commands =
        [
            Persistent(
                "add",
                "Create a persistent reservation (CreatePersistent{Tcp,Udp}PortReservation) and print its token.",
                consultsPortsInUse: true,
                (reservations, p, range) => reservations.Create(p, range),
                (presenter, p, range, token) => presenter.Made(p, range, token)),
            Persistent(
                "delete",
                "Delete the persistent reservation with exactly this start and count (DeletePersistent{Tcp,Udp}PortReservation).",
                consultsPortsInUse: false,
                (reservations, p, range) => reservations.Delete(p, range),
                (presenter, p, range, _) => presenter.Deleted(p, range)),
            Persistent(
                "lookup",
                "Print the token of the persistent reservation with exactly this start and count (LookupPersistent{Tcp,Udp}PortReservation).",
                consultsPortsInUse: false,
                (reservations, p, range) => reservations.Lookup(p, range),
                (presenter, p, range, token) => presenter.Token(p, range, token)),
            Show(),
            Why(),
            Run(),
            Release(),
            Import(),
            .. FidelityCommands(),
            Serve(),
        ];
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and answers the exit code. Never throws.</summary>
    public int Invoke(IReadOnlyList<string> args)
    {
        ParseResult? parsed = null;
        try
        {
            var root = Root(MayHoldDirective(args));

            // No response files: an argument that starts with '@' is only ever itself.
            parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            var problems = parsed.Errors.Select(e => e.Message).Concat(RunCommandProblems(parsed)).ToList();
            if (problems.Count > 0)
            {
                return PresenterFor(parsed, args).Fail(new UsageProblem(string.Join("; ", problems.Select(Tidy).Distinct())));
            }

            var code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });

            // Help, version and the like print through the parser: an answer of theirs that was lost is a failure too.
            return code == ExitCodes.Success ? PresenterFor(parsed, args).Answered() : code;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return PresenterFor(parsed, args).Fail(Error.New(e.Message));
        }
    }

    /// <summary>
    /// The grammar's root, made on the first command line. System.CommandLine's <see cref="RootCommand"/> adds its
    /// own help and version options, whose constructors read their descriptions from the package's localized
    /// resources: a ResourceManager and the reflection behind it, a tenth of a <c>run</c>'s start even when no help
    /// is shown. A command line with a word in brackets before any '--' (a directive such as <c>[suggest]</c>, for
    /// shell completion) gets a RootCommand, the only command that reads directives; every other one gets a plain
    /// command of the same name with <see cref="StandardOptions"/>, which behave and print as RootCommand's do.
    /// Either way, <see cref="HelpText"/> writes the help.
    /// </summary>
    internal Command Root(bool mayHoldDirective)
    {
        if (root is not null)
        {
            return root;
        }

        // Help and version go last, where a RootCommand's help lists its own.
        Option[] options = mayHoldDirective
            ? [adapter, state, json, unelevated, record]
            : [adapter, state, json, unelevated, record, StandardOptions.Help(), StandardOptions.Version()];
        root = mayHoldDirective ? new RootCommand(Description) : new Command(RootCommand.ExecutableName, Description);
        foreach (var option in root.Options)
        {
            if (option is HelpOption help)
            {
                help.Action = new HelpText();
            }
        }

        foreach (var option in options)
        {
            root.Options.Add(option);
        }

        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        root.SetAction(r => PresenterFor(r, []).Fail(new UsageProblem("portres needs a command: add, delete, lookup, show, why, run, release, import, serve, replay or selftest")));
        return root;
    }

    /// <summary>Whether a word before any '--' is in brackets, as a directive is.</summary>
    private static bool MayHoldDirective(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count && args[i] != "--"; i++)
        {
            if (args[i].StartsWith('['))
            {
                return true;
            }
        }

        return false;
    }

    private Command Persistent<T>(
        string name,
        string description,
        bool consultsPortsInUse,
        Func<IReservationPort, Protocol, PortRange, LanguageExt.Fin<T>> call,
        Func<Presenter, Protocol, PortRange, T, int> print)
    {
        var protocol = ProtocolOption(defaultTcp: true);
        var start = NumberOption("--start", "The first port of the block, 1-65535.", required: true);
        var count = NumberOption("--count", "How many ports the block holds.", required: true);
        var command = new Command(name, description) { protocol, start, count };
        command.SetAction(r => Execute(r, name, (service, presenter) =>
        {
            var p = ProtocolOf(r.GetValue(protocol));
            var answer =
                from range in PortRange.Create(r.GetValue(start), r.GetValue(count))
                from output in service.Transact(consultsPortsInUse ? Some(p) : None, reservations => call(reservations, p, range))
                select (range, output);
            return answer.ExitCode(a => print(presenter, p, a.range, a.output), presenter.Fail);
        }));
        return command;
    }

    private Command Show()
    {
        var protocol = ProtocolOption(defaultTcp: false);
        var netsh = new Option<bool>("--netsh")
        {
            Description = "Print one protocol's table (TCP unless --protocol udp) exactly as 'netsh int ipv4 show excludedportrange' prints it, "
                + "with no extra columns, so that 'portres import --from-netsh' reads it back byte for byte.",
        };
        var command = new Command("show", "List every reservation, sorted by protocol, then start, as netsh's excluded-port table (persistent blocks marked *), with kind, token and holder.")
        {
            protocol,
            netsh,
        };
        command.SetAction(r => Execute(r, "show", (service, presenter) =>
        {
            var only = Optional(r.GetValue(protocol)).Map(ProtocolOf);
            if (!r.GetValue(netsh))
            {
                return service.Transact(None, reservations => reservations.List(only)).ExitCode(list => presenter.Table(list, only), presenter.Fail);
            }

            if (presenter.IsJson)
            {
                return presenter.Fail(new UsageProblem("--netsh prints netsh's text and --json a JSON document; give one of them"));
            }

            // netsh prints one protocol per command, and import reads one table.
            var p = only.IfNone(Protocol.Tcp);
            var text =
                from list in service.Transact(None, reservations => reservations.List(p))
                from table in ExcludedPortTable.Create(p, list.Map(reservation => new ExcludedPortRange(reservation.Range, reservation is Reservation.Persistent)))
                select ExcludedPortRanges.Format(table);
            return text.ExitCode(presenter.Netsh, presenter.Fail);
        }));
        return command;
    }

    private Command Import()
    {
        var fromNetsh = new Option<string>("--from-netsh")
        {
            Description = "A file holding the text of 'netsh int ipv4 show excludedportrange protocol=tcp' (or udp) from a Windows machine, "
                + "in any language; - reads standard input.",
            HelpName = "FILE|-",
        };
        var profile = new Option<string>("--profile")
        {
            Description = "A generated table instead: hyper-v is a Hyper-V/WinNAT-like TCP table of 100-port blocks in the dynamic range and a few singles.",
            HelpName = "hyper-v",
        };
        profile.AcceptOnlyFromAmong("hyper-v");
        var seed = new Option<ulong>("--seed")
        {
            Description = "The profile's seed: the same seed makes the same table (default 1).",
            DefaultValueFactory = _ => 1,
        };
        var protocol = ProtocolOption(defaultTcp: false);
        protocol.Description = "The protocol the rows go into, instead of the one the table's title names.";
        var replace = new Option<bool>("--replace")
        {
            Description = "Empty that protocol's reservations first (runtime ones end, persistent ones are deleted); without it, a row that overlaps a reservation is a conflict (exit 3).",
        };
        var command = new Command("import", """
            Load a Windows machine's reservation table into the fake. Starred (administered) rows become persistent
            reservations; the others become runtime reservations of the simulated system process 4, which stands for
            WinNAT, HNS and the other Windows services that hold them, and never ends. Text that cannot be read
            (exit 2) or a row that overlaps the table (exit 3) imports nothing.
            """)
        {
            fromNetsh,
            profile,
            seed,
            protocol,
            replace,
        };
        command.SetAction(r => Execute(r, "import", (service, presenter) =>
        {
            var file = Optional(r.GetValue(fromNetsh));
            var asked = Optional(r.GetValue(protocol)).Map(ProtocolOf);
            if (file.IsSome == (r.GetValue(profile) is not null))
            {
                return presenter.Fail(new UsageProblem("import needs exactly one source: --from-netsh FILE (- for standard input) or --profile hyper-v"));
            }

            var source = file.Match(
                Some: path => ImportSource.FromNetsh(path, asked, Console.OpenStandardInput),
                None: () => FinSucc(ImportSource.HyperV(r.GetValue(seed), asked)));
            if (source.IsFail)
            {
                return presenter.Fail((Error)source);
            }

            var from = (ImportSource)source;
            var made = service.Import(from.RowsFor, r.GetValue(replace));
            return made.ExitCode(imported => presenter.Imported(from.Protocol, imported), error => presenter.Fail(from.Located(error)));
        }));
        return command;
    }

    private Command Why()
    {
        var protocol = ProtocolOption(defaultTcp: true);
        var port = new Argument<int>("PORT")
        {
            Description = "The port to explain.",
            CustomParser = r => NumberParsing.Parse(r, "PORT"),
        };
        var command = new Command("why", "Explain a port: which reservation covers it (kind, token, holder), whether it is in the dynamic range, and what that means for a program that binds it.")
        {
            protocol,
            port,
        };
        command.SetAction(r => Execute(r, "why", (service, presenter) =>
        {
            var p = ProtocolOf(r.GetValue(protocol));
            var answer =
                from asked in Port.Create(r.GetValue(port))
                from told in service.Transact(Some(p), reservations =>
                    from explanation in reservations.Explain(p, asked)
                    from dynamic in reservations.DynamicPorts()
                    select (explanation, dynamic))
                select told;
            return answer.ExitCode(t => presenter.Explanation(t.explanation, t.dynamic), presenter.Fail);
        }));
        return command;
    }

    private Command Run()
    {
        var protocol = ProtocolOption(defaultTcp: true);
        var start = new Option<int?>("--start")
        {
            Description = "The first port of the block; without it, any free block of the dynamic range (49152-65535).",
            CustomParser = r => NumberParsing.Parse(r, "--start"),
        };
        var count = NumberOption("--count", "How many ports the block holds.", required: true);
        var command = new Command("run", """
            Hold a runtime reservation while COMMAND runs (SIO_ACQUIRE_PORT_RESERVATION). COMMAND finds its block in
            PORTRES_PROTOCOL, PORTRES_START, PORTRES_COUNT, PORTRES_TOKEN and, for a block of at most 1024 ports,
            PORTRES_PORTS (every port, comma-separated; absent for a larger block, which START and COUNT name).
            SIGTERM, SIGHUP, SIGUSR1, SIGUSR2 and SIGALRM are passed on to COMMAND; SIGINT and SIGQUIT (Ctrl-C, Ctrl-\)
            reach COMMAND from the terminal or the process group, and are passed on only when COMMAND has left
            portres's process group. A signal while portres waits for the state file's lock ends it at once (128+N),
            with nothing reserved. The block is released when COMMAND ends; should portres itself be killed, COMMAND
            (and every process that inherited portres's handle from it) keeps the block held until it ends, as on
            Windows a child that inherited the socket's handle does. Exits with COMMAND's code (128+N when signal N
            killed it); 127 when COMMAND is not found, 126 when it cannot be run.
            """)
        {
            protocol,
            start,
            count,
            runCommand,
        };
        command.SetAction(r => Execute(r, "run", (service, presenter) => ReservedRun.Execute(
            service,
            presenter,
            ProtocolOf(r.GetValue(protocol)),
            Optional(r.GetValue(start)),
            r.GetValue(count),
            r.GetValue(runCommand) ?? [])));
        return command;
    }

    private Command Release()
    {
        var protocol = ProtocolOption(defaultTcp: true);
        var token = new Option<ulong>("--token")
        {
            Description = "The token of the runtime reservation, as show prints it.",
            Required = true,
        };
        var command = new Command("release", """
            Release a runtime reservation (SIO_RELEASE_PORT_RESERVATION). As on Windows, only the process that acquired
            it may: a block held by another process's run is refused with access denied (exit 5); stop that run to free
            it. A token that names no runtime reservation is not found (exit 4).
            """)
        {
            protocol,
            token,
        };
        command.SetAction(r => Execute(r, "release", (service, presenter) =>
        {
            var p = ProtocolOf(r.GetValue(protocol));
            var answer =
                from released in ReservationToken.Create(r.GetValue(token))
                from _ in service.Transact(None, reservations =>
                    from socket in reservations.OpenSocket(p)
                    from __ in reservations.Release(socket, released)
                    from ___ in reservations.Close(socket)
                    select unit)
                select released;
            return answer.ExitCode(t => presenter.Released(p, t), presenter.Fail);
        }));
        return command;
    }

    /// <summary>COMMAND must come after '--', so that its options are never taken for portres's own.</summary>
    private IEnumerable<string> RunCommandProblems(ParseResult parsed)
    {
        if (parsed.CommandResult.Command.Name != "run" || parsed.Action is HelpText)
        {
            yield break;
        }

        var tokens = parsed.Tokens;
        var separator = tokens.Select((token, index) => (token, index)).FirstOrDefault(t => t.token.Type == TokenType.DoubleDash);
        var commandTokens = parsed.GetResult(runCommand)?.Tokens ?? [];
        var early = commandTokens.FirstOrDefault(c => separator.token is null || IndexOf(tokens, c) < separator.index);
        if (early is not null)
        {
            yield return $"'{early.Value}' came before '--', but COMMAND and its arguments go after it (portres run --count 10 -- COMMAND ARGS)";
        }
        else if (commandTokens.Count == 0)
        {
            yield return "run needs a COMMAND after '--' (portres run --count 10 -- COMMAND ARGS)";
        }
        else if (commandTokens[0].Value.Length == 0)
        {
            yield return "COMMAND is an empty word (''), which names no program; give the program to run after '--' (portres run --count 10 -- COMMAND ARGS)";
        }
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return -1;
    }

    private int Execute(ParseResult parsed, string command, Func<IReservationService, Presenter, int> act)
    {
        var settings = Settings(parsed);
        var presenter = new Presenter(stdout, stderr, settings.IsJson, command);
        return Composition.Open(settings, host).ExitCode(service => Recorded(parsed, service, presenter, act), presenter.Fail);
    }

    private GlobalSettings Settings(ParseResult parsed) =>
        new(
            parsed.GetValue(adapter) == "winsock" ? AdapterKind.Winsock : AdapterKind.Fake,
            parsed.GetValue(state) ?? StatePaths.Default(host.GetEnvironmentVariable, OperatingSystem.IsWindows()),
            parsed.GetValue(json),
            !parsed.GetValue(unelevated));

    private Presenter PresenterFor(ParseResult? parsed, IReadOnlyList<string> args)
    {
        var command = parsed?.CommandResult.Command is { } c && c != parsed.RootCommandResult.Command ? c.Name : string.Empty;
        return new Presenter(stdout, stderr, JsonAsked(parsed, args), command);
    }

    /// <summary>Whether --json was given, even on a command line that did not parse.</summary>
    private bool JsonAsked(ParseResult? parsed, IReadOnlyList<string> args)
    {
        try
        {
            if (parsed is not null && parsed.GetValue(json))
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
        }

        return args.TakeWhile(a => a != "--").Contains("--json");
    }

    private static Option<string> ProtocolOption(bool defaultTcp)
    {
        var option = new Option<string>("--protocol")
        {
            Description = defaultTcp ? "tcp or udp." : "tcp or udp; both when not given.",
            HelpName = "tcp|udp",
        };
        if (defaultTcp)
        {
            option.DefaultValueFactory = _ => "tcp";
        }

        option.AcceptOnlyFromAmong("tcp", "udp");
        return option;
    }

    private static Option<int> NumberOption(string name, string description, bool required) =>
        new(name)
        {
            Description = description,
            Required = required,
            CustomParser = r => NumberParsing.Parse(r, name),
        };

    private static Protocol ProtocolOf(string? name) => name == "udp" ? Protocol.Udp : Protocol.Tcp;

    /// <summary>A parser's message as part of one sentence: one line, no closing full stop.</summary>
    private static string Tidy(string message) => Whitespace().Replace(message, " ").Trim().TrimEnd('.');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
