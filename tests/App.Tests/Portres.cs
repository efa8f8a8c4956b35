using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PortReservation.App.Tests;

/// <summary>
/// Starts the built portres as its own process: <c>dotnet portres.dll</c> from this test's output folder
/// (the App project is a project reference), or the executable named by PORTRES_EXE (a Native AOT build).
/// </summary>
internal static partial class Portres
{
    /// <summary>Long enough for any command on a loaded machine; only a hung process ever reaches it.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(2);

    public static ProcessStartInfo StartInfo(TempState state, IEnumerable<string> args)
    {
        var exe = Environment.GetEnvironmentVariable("PORTRES_EXE") is { Length: > 0 } named
            ? named
            : Path.Combine(AppContext.BaseDirectory, "portres.dll");
        // A runner started in the background hands its children SIGINT ignored, and an ignored signal stays
        // ignored across exec; env resets it so the signal tests see what a terminal user sees.
        List<string> words = OperatingSystem.IsWindows() ? [] : ["env", "--default-signal=INT,TERM"];
        if (exe.EndsWith(".dll", StringComparison.Ordinal))
        {
            words.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        }

        words.Add(exe);
        var start = new ProcessStartInfo(words[0]);
        foreach (var arg in words.Skip(1).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.Environment["PORTRES_STATE"] = state.StatePath;
        start.Environment["PORTRES_LOCK_TIMEOUT"] = "120";
        return start;
    }

    public static Outcome Run(TempState state, params string[] args) => Finish(Start(state, args));

    /// <summary>
    /// <paramref name="start"/> run by sh: <paramref name="before"/> (say "umask 000;") first, then the same
    /// command with <paramref name="redirection"/> (say "&gt;&amp;-" or "&gt;/dev/full") applied to it alone.
    /// </summary>
    public static ProcessStartInfo InShell(ProcessStartInfo start, string before, string redirection)
    {
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "sh");
        start.ArgumentList.Insert(0, $"{before} exec \"$@\" {redirection}");
        start.ArgumentList.Insert(0, "-c");
        start.FileName = "sh";
        return start;
    }

    /// <summary>Runs <paramref name="start"/>, a <see cref="StartInfo"/> the test changed, to its end.</summary>
    public static Outcome Run(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return Finish(new Running(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));
    }

    public static Running Start(TempState state, params string[] args)
    {
        var process = Process.Start(StartInfo(state, args))!;
        process.StandardInput.Close();
        return new Running(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    public static Outcome Finish(Running running)
    {
        using var process = running.Process;
        if (!process.WaitForExit(Hung))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"portres did not end within {Hung}");
        }

        return new Outcome(process.ExitCode, running.Stdout.Result, running.Stderr.Result);
    }

    /// <summary>Sends <paramref name="signal"/> (kill(2)) to <paramref name="pid"/>.</summary>
    public static void Signal(int pid, int signal) => Assert.Equal(0, Kill(pid, signal));

    /// <summary>Waits until <paramref name="path"/> exists: COMMAND writes it when it is up.</summary>
    public static void AwaitFile(string path, Running running)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (running.Process.HasExited || clock.Elapsed > Hung)
            {
                Assert.Fail($"COMMAND never wrote {path}: {Finish(running)}");
            }

            Thread.Sleep(20);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public sealed record Running(Process Process, Task<string> Stdout, Task<string> Stderr);
}
