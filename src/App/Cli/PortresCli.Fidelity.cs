using System.CommandLine;
using System.Globalization;
using System.Text;
using LanguageExt;
using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Fidelity;
using PortReservation.App.Machine;
using PortReservation.App.Output;
using PortReservation.Domain;
using PortReservation.Recording;

namespace PortReservation.App.Cli;

/// <summary>
/// The fidelity commands: <c>--record FILE</c> on any command, <c>replay FILE</c>, <c>selftest</c>, and the hidden
/// <c>selftest-child</c> that selftest starts as its second process.
/// </summary>
internal sealed partial class PortresCli
{
    private const string SelfTestChild = "selftest-child";

    private static System.CommandLine.Option<string> RecordOption() => new("--record")
    {
        Description = "Write every call the command makes on the adapter, with its answer, to FILE as a trace (JSON lines) that 'portres replay FILE' checks against the fake.",
        HelpName = "FILE",
        Recursive = true,
    };

    private IEnumerable<Command> FidelityCommands()
    {
        yield return Replay();
        yield return SelfTest();
        yield return Child();
    }

    /// <summary><paramref name="act"/> on <paramref name="service"/>, through a recorder when --record names a file.</summary>
    private int Recorded(ParseResult parsed, IReservationService service, Presenter presenter, Func<IReservationService, Presenter, int> act)
    {
        var path = parsed.GetValue(record);
        if (path is null || parsed.CommandResult.Command.Name is "selftest" or SelfTestChild)
        {
            return act(service, presenter);
        }

        var started = RecordingService.Start(path, service, Settings(parsed), host.Self);
        if (started.IsFail)
        {
            return presenter.Fail((Error)started);
        }

        using var recording = (RecordingService)started;
        return act(recording, presenter);
    }

    private Command Replay()
    {
        var file = new Argument<string>("FILE") { Description = "A trace that 'portres --record FILE' or 'portres selftest --record FILE' wrote." };
        var command = new Command("replay", """
            Replay a trace on a fresh fake set up from its header (dynamic range, elevation, the blocks there before) and
            compare the answers call by call: success or failure, the error and its Windows code, the block granted. Prints
            each difference with its line number. Exits 0 when there is none, 8 when there are, 2 when FILE is not a trace.
            """)
        {
            file,
        };
        command.SetAction(r =>
        {
            var presenter = PresenterFor(r, []);
            if (r.GetValue(record) is not null)
            {
                return presenter.Fail(new UsageProblem("replay makes no call on an adapter, so --record has nothing to write; record the command that made the trace"));
            }

            var path = r.GetValue(file)!;
            var replayed =
                from text in ReadTrace(path)
                from trace in Reworded(TraceFormat.Read(text), e => new UsageProblem($"'{path}' is not a trace: {e.Message}"))
                from report in Reworded(FakeReplay.Run(trace), e => new UsageProblem($"'{path}' is not a trace: {e.Message}"))
                select report;
            return replayed.ExitCode(
                report =>
                {
                    if (presenter.IsJson)
                    {
                        stdout.WriteLine(JsonOutput.Text(
                            new ReplayJson(report.Steps.Count, [.. report.Differences.Select(d => new DifferenceJson(d.Line, d.What))])));
                        return report.Agrees ? ExitCodes.Success : ExitCodes.Differences;
                    }

                    foreach (var difference in report.Differences)
                    {
                        stdout.WriteLine(difference.ToString());
                    }

                    stdout.WriteLine(report.Agrees
                        ? $"replay: the fake answers all {report.Steps.Count} calls as the trace does"
                        : $"replay: {Count(report.Differences.Count, "difference")} in {report.Steps.Count} calls");
                    return report.Agrees ? ExitCodes.Success : ExitCodes.Differences;
                },
                presenter.Fail);
        });
        return command;
    }

    private Command SelfTest()
    {
        var exhaust = new System.CommandLine.Option<bool>("--exhaust-dynamic-range")
        {
            Description = "Also reserve the whole dynamic range for a moment and bind port 0 (WSAENOBUFS, unverified). On Windows "
                + "every outgoing connection of every program fails while it lasts: close what matters first.",
        };
        var command = new Command("selftest", """
            Run one fixed scenario of reservation calls on the selected adapter (every rule of the Windows behaviour the
            fake models, each unverified error code included, the whole dynamic range's only with --exhaust-dynamic-range;
            a child process tries this one's block) and print a table:
            each step, the fake's answer (expected), the adapter's (got) and whether they agree. Everything it reserves it
            releases or deletes, also on failure or Ctrl-C. With --record FILE the calls go to a trace to send back.
            Exits 0 when all agree, 8 when some differ. On Windows, run it elevated with --adapter winsock.
            """)
        {
            exhaust,
        };
        command.SetAction(r => Execute(r, "selftest", (service, presenter) =>
        {
            // Caught from the first call on: a Ctrl-C while the state file's lock is awaited still ends in order.
            using var interruption = Interruption.Register();
            var settings = Settings(r);
            var path = r.GetValue(record);
            var started =
                from header in RecordingService.Header(service, settings)
                from stream in path is null ? new MemoryStream() : RecordingService.Create(path)
                select new TraceWriter(stream, header);
            if (started.IsFail)
            {
                return presenter.Fail((Error)started);
            }

            using var trace = (TraceWriter)started;
            var test = new SelfTest(
                service, trace, host.Self, (token, port) => RunChild(settings, token, port), () => interruption.Signal != 0, r.GetValue(exhaust));
            var stopped = test.Run();
            var replayed = FakeReplay.Run(trace.Trace);
            if (replayed.IsFail)
            {
                return presenter.Fail((Error)replayed);
            }

            var report = (ReplayReport)replayed;
            if (presenter.IsJson && stopped.IsNone)
            {
                stdout.WriteLine(JsonOutput.Text(
                    new SelfTestJson(
                        trace.Header.Adapter,
                        trace.Header.Os,
                        report.Agrees,
                        [.. report.Steps.Select((s, i) => new SelfTestStepJson(s.Line, test.Labels[i], s.Expected, s.Got, s.Difference))])));
                return report.Agrees ? ExitCodes.Success : ExitCodes.Differences;
            }

            stdout.Write(SelfTestTable.Render(test.Labels, report));
            if (stopped.IsSome)
            {
                var why = (Error)stopped;
                return why is SelfTestInterrupted
                    ? Interrupted(presenter, 128 + interruption.Signal)
                    : presenter.Fail(why);
            }

            var differing = report.Steps.Count(s => !s.Agrees);
            stdout.WriteLine(differing == 0
                ? $"selftest: all {report.Steps.Count} steps agree with the fake ({trace.Header.Adapter} adapter, {trace.Header.Os})."
                : $"selftest: {differing} of {report.Steps.Count} steps disagree with the fake ({trace.Header.Adapter} adapter, {trace.Header.Os}).");
            if (path is not null)
            {
                stdout.WriteLine($"The trace is in {path}; 'portres replay {path}' checks it again. To send it, attach it to an issue at {ProjectIssues}.");
            }

            return differing == 0 ? ExitCodes.Success : ExitCodes.Differences;
        }));
        return command;
    }

    private const string ProjectIssues = "https://github.com/portreservation/PortReservation/issues";

    private Command Child()
    {
        var token = new System.CommandLine.Option<ulong>("--token") { Required = true };
        var port = new System.CommandLine.Option<int>("--port") { Required = true };
        var command = new Command(SelfTestChild, "The second process of selftest.") { token, port };
        command.Hidden = true;
        command.SetAction(r => Execute(r, SelfTestChild, (service, presenter) =>
        {
            var asked =
                from t in ReservationToken.Create(r.GetValue(token))
                from p in Port.Create(r.GetValue(port))
                select (t, p);
            if (asked.IsFail)
            {
                return presenter.Fail((Error)asked);
            }

            using var buffer = new MemoryStream();
            var header = TraceHeader.ForThisMachine(SelfTestChild, DynamicPortRange.Default, Settings(r).IsElevated, []);
            var (given, bound) = ((ReservationToken, Port))asked;
            using (var trace = new TraceWriter(buffer, header, ownsDestination: false))
            {
                Fidelity.SelfTest.ChildCalls(service, trace, host.Self, given, bound);
            }

            stdout.Write(Encoding.UTF8.GetString(buffer.ToArray()));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Starts this portres as selftest's child on the same adapter and state, and reads the calls it recorded.</summary>
    private Fin<Trace> RunChild(GlobalSettings settings, ulong token, int port)
    {
        List<string> words = [.. host.SelfCommand, "--adapter", settings.Adapter == AdapterKind.Winsock ? "winsock" : "fake", "--state", settings.StatePath];
        if (!settings.IsElevated)
        {
            words.Add("--unelevated");
        }

        words.AddRange([SelfTestChild, "--token", token.ToString(CultureInfo.InvariantCulture), "--port", port.ToString(CultureInfo.InvariantCulture)]);
        var start = new ProcessStartInfo(words[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill(entireProcessTree: true);
                return new SelfTestProblem($"the child process ({string.Join(' ', words)}) did not end within a minute");
            }

            return process.ExitCode == 0
                ? Reworded(TraceFormat.Read(output.Result), e => new SelfTestProblem($"the child process printed no trace: {e.Message}"))
                : new SelfTestProblem($"the child process ({string.Join(' ', words)}) failed with exit {process.ExitCode}: {errors.Result.Trim()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new SelfTestProblem($"the child process ({words[0]}) could not be started: {e.Message}");
        }
    }

    private static Fin<string> ReadTrace(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new UsageProblem($"the trace '{path}' cannot be read: {e.Message}");
        }
    }

    private int Interrupted(Presenter presenter, int code)
    {
        presenter.Warn("the selftest was interrupted; everything it reserved was released or deleted.");
        return code;
    }

    private static Fin<T> Reworded<T>(Fin<T> answer, Func<Error, Error> reword) => answer.IsSucc ? answer : reword((Error)answer);

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
