using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.App.Cli;
using PortReservation.App.Host;
using PortReservation.App.Machine;
using PortReservation.App.Output;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Running;

/// <summary>
/// <c>portres run</c>: acquires a runtime reservation for this process, starts COMMAND with the block in
/// its environment, passes signals on to it, waits for it, releases the block and answers COMMAND's exit
/// code (128+signal when a signal killed it). COMMAND inherits this process's holder handle, so the block
/// stays held while COMMAND runs even when portres itself is killed, as on Windows a child that inherited
/// the socket's handle keeps the reservation.
/// </summary>
internal static class ReservedRun
{
    /// <summary>
    /// The largest block whose ports are listed one by one in PORTRES_PORTS: 1024 ports take at most 6 KiB, far below
    /// Linux's 128 KiB bound on one environment string, which a block of about 20,000 ports passes.
    /// </summary>
    public const int MaxListedPorts = 1024;

    private const int NoSuchFile = 2;

    /// <summary>Runs <paramref name="command"/> while this process holds a block of <paramref name="count"/> ports.</summary>
    public static int Execute(
        IReservationService service, Presenter presenter, Protocol protocol, Option<int> start, int count, IReadOnlyList<string> command)
    {
        var request = start.Match(
            Some: first => PortRange.Create(first, count).Map(ReservationRequest.ForBlock),
            None: () => ReservationRequest.ForAnyBlock(count));

        if (request.IsFail)
        {
            return presenter.Fail((Error)request);
        }

        var asked = (ReservationRequest)request;
        using var signals = SignalForwarder.Register();
        var handle = service.HoldForChildren();
        if (handle.IsFail)
        {
            return presenter.Fail(Error.New(
                $"portres cannot make the handle that keeps the block held for COMMAND should portres end first ({((Error)handle).Message.TrimEnd('.')}); nothing was reserved"));
        }

        using var inherited = ((Option<IDisposable>)handle).IfNoneUnsafe((IDisposable?)null);
        var acquired = service.Transact(
            Some(protocol),
            process =>
                from socket in process.OpenSocket(protocol)
                from instance in process.Acquire(socket, asked)
                select (Socket: socket, Instance: instance),
            signals.Stopping);

        if (acquired.IsFail && signals.Received.Case is int stopped)
        {
            // Asked to stop while waiting for another portres's lock: nothing was reserved, and portres ends as the signal would have ended it.
            return 128 + stopped;
        }

        return acquired.ExitCode(
            held =>
            {
                try
                {
                    return RunCommand(presenter, signals, command, Environment(protocol, held.Instance));
                }
                finally
                {
                    service.Transact(None, process => process.Close(held.Socket)).IfFail(e => presenter.Warn(
                        $"the reservation {held.Instance.Range} could not be released ({e.Message.TrimEnd('.')}); it ends by itself now that this process exits."));
                }
            },
            presenter.Fail);
    }

    /// <summary>
    /// The variables COMMAND finds its block in. PORTRES_PORTS lists the ports of a block of at most
    /// <see cref="MaxListedPorts"/> and is absent for a larger one (START and COUNT always name it), also when
    /// portres's own environment has one from an enclosing run.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Environment(Protocol protocol, ReservationInstance instance) =>
        new Dictionary<string, string?>
        {
            ["PORTRES_PROTOCOL"] = Names.Of(protocol),
            ["PORTRES_START"] = instance.Range.Start.ToString(),
            ["PORTRES_COUNT"] = instance.Range.Count.ToString(CultureInfo.InvariantCulture),
            ["PORTRES_TOKEN"] = instance.Token.ToString(),
            ["PORTRES_PORTS"] = instance.Range.Count <= MaxListedPorts ? Listed(instance.Range) : null,
        };

    /// <summary>Every port of <paramref name="range"/>, comma-separated, written straight from the numbers.</summary>
    private static string Listed(PortRange range)
    {
        var text = new StringBuilder(range.Count * 6);
        for (var port = range.Start.Value; port <= range.End.Value; port++)
        {
            if (port != range.Start.Value)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{port}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Starts COMMAND with SIGPIPE's default action, as a shell starts a program: the .NET runtime ignores SIGPIPE in
    /// portres, and an ignored signal stays ignored across exec, so 'yes | head -1' in COMMAND would complain of a
    /// broken pipe instead of ending quietly. No other thread of portres writes to a pipe while the default is in place.
    /// </summary>
    private static Process? StartWithDefaultSigpipe(ProcessStartInfo start)
    {
        if (OperatingSystem.IsWindows())
        {
            return Process.Start(start);
        }

        var portres = Libc.SetSignalAction(Libc.SIGPIPE, Libc.DefaultAction);
        try
        {
            return Process.Start(start);
        }
        finally
        {
            _ = Libc.SetSignalAction(Libc.SIGPIPE, portres);
        }
    }

    private static int RunCommand(
        Presenter presenter, SignalForwarder signals, IReadOnlyList<string> command, IReadOnlyDictionary<string, string?> environment)
    {
        if (signals.Received.Case is int early)
        {
            // A signal before COMMAND started: it is not started at all, and portres ends as it would have.
            return 128 + early;
        }

        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process? child;
        try
        {
            child = StartWithDefaultSigpipe(start);
        }
        catch (Win32Exception) when (command[0].Contains('/', StringComparison.Ordinal) && Directory.Exists(command[0]))
        {
            // .NET refuses a folder itself, with no errno to name.
            return presenter.Fail(new CommandNotStarted($"COMMAND '{command[0]}' is a folder, not a program", ExitCodes.CommandNotExecutable));
        }
        catch (Win32Exception e)
        {
            // The system's own words for the errno, without .NET's preamble about the working directory.
            var reason = new Win32Exception(e.NativeErrorCode).Message;
            return presenter.Fail(e.NativeErrorCode == NoSuchFile
                ? new CommandNotStarted($"COMMAND '{command[0]}' was not found ({reason})", ExitCodes.CommandNotFound)
                : new CommandNotStarted($"COMMAND '{command[0]}' could not be started ({reason})", ExitCodes.CommandNotExecutable));
        }

        if (child is null)
        {
            return presenter.Fail(new CommandNotStarted($"COMMAND '{command[0]}' could not be started", ExitCodes.CommandNotExecutable));
        }

        using (child)
        {
            signals.ForwardTo(child.Id);
            child.WaitForExit();
            signals.StopForwarding();
            return child.ExitCode;
        }
    }
}
