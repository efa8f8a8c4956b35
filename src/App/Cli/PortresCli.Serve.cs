using System.CommandLine;
using System.Runtime.InteropServices;
using PortReservation.App.Machine;
using PortReservation.App.Output;
using PortReservation.App.Serving;

namespace PortReservation.App.Cli;

/// <summary><c>portres serve</c>: the portserver-compatible daemon (spec/cli.md).</summary>
internal sealed partial class PortresCli
{
    private Command Serve()
    {
        var address = new Option<string>("--address")
        {
            Description = "The Unix socket to listen on, as PORTSERVER_ADDRESS names it: a path, or @NAME in the abstract namespace.",
            HelpName = "ADDR",
            DefaultValueFactory = _ => PortServerAddress.Default,
        };
        var protocol = ProtocolOption(defaultTcp: true);
        protocol.Description = "The table the ports are reserved in (tcp or udp); a port is handed out only when neither table reserves it.";
        var verbose = new Option<bool>("--verbose") { Description = "Log one line per request on stderr: the pid and its port, or why it got none." };
        var command = new Command("serve", """
            Serve ports to Python's portpicker (and its ports to other languages) as Debian's portserver does: a client
            writes its pid and a newline to the socket named by PORTSERVER_ADDRESS, and gets back a port and a newline.
            Each port is a one-port runtime reservation from the dynamic range, held for that pid (with its start time)
            until the process ends, and free on this host for TCP and UDP; 'portres show' lists them with their pids.
            Blocks that add or import made are never handed out. A request that is not a pid, a pid of 0, 1 or 4, or one
            no process has gets no port, and the connection closes, as with portserver. Runs in the foreground until
            SIGINT or SIGTERM (exit 0; a path address's socket file is removed, the ports stay reserved until their
            processes end). Another server on the address: exit 3. Linux only.
            """)
        {
            address,
            protocol,
            verbose,
        };
        command.SetAction(r =>
        {
            var settings = Settings(r);
            var presenter = new Presenter(stdout, stderr, settings.IsJson, "serve");
            if (!OperatingSystem.IsLinux())
            {
                return presenter.Fail(new UsageProblem($"serve runs on Linux only, and this is {RuntimeInformation.OSDescription}"));
            }

            if (settings.Adapter != AdapterKind.Fake)
            {
                return presenter.Fail(new UsageProblem("serve hands out ports from the simulated table in the state file; use --adapter fake"));
            }

            var server =
                from listenOn in PortServerAddress.Parse(r.GetValue(address) ?? PortServerAddress.Default)
                from machine in Composition.SharedFake(settings, host)
                from _ in machine.Table() // a state file that cannot be read stops serve before it listens
                from listening in PortServer.Listen(
                    machine, host.Processes, ProtocolOf(r.GetValue(protocol)), HostBindProbe.IsFree, listenOn, stderr, r.GetValue(verbose))
                select listening;
            return server.ExitCode(Serve, presenter.Fail);
        });
        return command;
    }

    /// <summary>Runs <paramref name="server"/> until SIGINT or SIGTERM.</summary>
    private static int Serve(PortServer server)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        server.Run(stop.Token);
        return ExitCodes.Success;
    }
}
