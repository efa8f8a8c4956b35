using PortReservation.Adapters.Fake;
using PortReservation.App.Cli;
using PortReservation.App.Machine;
using PortReservation.Domain;

namespace PortReservation.App.Tests;

/// <summary>What a command printed and answered.</summary>
public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Runs portres's command layer in this process, over a temporary state file and a host the test controls.</summary>
internal static class InProcess
{
    public const ulong Seed = 42;

    public static HostServices Host(
        TempState state,
        IReadOnlyCollection<Port>? tcpInUse = null,
        IReadOnlyCollection<Port>? udpInUse = null,
        IProcessTable? processes = null,
        long? self = null,
        TimeSpan? lockWait = null) =>
        new(
            name => name == "PORTRES_STATE" ? state.StatePath : null,
            processes ?? SharedFakeOptions.Default.Processes,
            protocol => (protocol == Protocol.Tcp ? tcpInUse : udpInUse) ?? [],
            new ProcessId(self ?? Environment.ProcessId),
            () => Seed,
            lockWait ?? TimeSpan.FromSeconds(30));

    public static Outcome Run(TempState state, params string[] args) => Run(Host(state), args);

    public static Outcome Run(HostServices host, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = new PortresCli(stdout, stderr, host).Invoke(args);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
