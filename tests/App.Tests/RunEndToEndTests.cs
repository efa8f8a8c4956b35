using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PortReservation.App.Tests;

/// <summary>
/// <c>portres run</c> under what a shell throws at it, as a process (also the Native AOT build, through PORTRES_EXE):
/// a SIGKILL of portres while COMMAND runs, every signal a user or a supervisor sends, Ctrl-C to the process group,
/// an empty COMMAND, a block too large to list, and a signal while waiting for another portres's lock.
/// </summary>
public sealed partial class RunEndToEndTests : IDisposable
{
    // Signal numbers on Linux, and the contract's exit codes (spec/cli.md; 126 and 127 as shells answer).
    private const int SIGHUP = 1;
    private const int SIGINT = 2;
    private const int SIGKILL = 9;
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGALRM = 14;
    private const int SIGPIPE = 13;
    private const int SIGTERM = 15;
    private const int InvalidArgument = 2;
    private const int Conflict = 3;
    private const int CommandNotExecutable = 126;
    private const int CommandNotFound = 127;

    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [UnixFact]
    public void A_portres_killed_with_SIGKILL_leaves_its_block_held_while_COMMAND_runs_and_reclaimed_once_COMMAND_ends()
    {
        var up = Path.Combine(state.Folder, "up");
        var running = Portres.Start(state, "run", "--count", "5", "--", "sh", "-c", $"echo $$ > \"{up}.pid\"; touch \"{up}\"; exec sleep 60");
        Portres.AwaitFile(up, running);
        var command = int.Parse(File.ReadAllText(up + ".pid").Trim(), CultureInfo.InvariantCulture);
        var first = Json.Parse(Portres.Run(state, "--json", "show").Stdout).GetProperty("reservations")[0].GetProperty("start").GetInt32();

        Portres.Signal(running.Process.Id, SIGKILL);
        running.Process.WaitForExit();
        var held = Json.Parse(Portres.Run(state, "--json", "show").Stdout).GetProperty("reservations");
        var second = Portres.Run(state, "run", "--count", "5", "--", "sh", "-c", "echo $PORTRES_START");
        var add = Portres.Run(state, "add", "--start", first.ToString(CultureInfo.InvariantCulture), "--count", "5");

        Portres.Signal(command, SIGKILL);
        Portres.Finish(running);
        var after = Json.Parse(Portres.Run(state, "--json", "show").Stdout).GetProperty("reservations");
        var reused = Portres.Run(state, "run", "--start", first.ToString(CultureInfo.InvariantCulture), "--count", "5", "--", "true");

        // While COMMAND runs, the dead portres's block is still its own: no second holder, not even for a moment.
        Assert.Equal(1, held.GetArrayLength());
        Assert.Equal(first, held[0].GetProperty("start").GetInt32());
        Assert.Equal(0, second.ExitCode);
        var secondStart = int.Parse(second.Stdout.Trim(), CultureInfo.InvariantCulture);
        Assert.True(secondStart >= first + 5 || secondStart + 5 <= first, $"the second run got {secondStart}, inside the held block at {first}");
        Assert.Equal(Conflict, add.ExitCode);

        // Once COMMAND has ended too, the next reader reclaims the block.
        Assert.Equal(0, after.GetArrayLength());
        Assert.Equal(0, reused.ExitCode);
    }

    [UnixFact]
    public void The_block_stays_held_by_a_background_child_of_COMMAND_after_portres_and_COMMAND_are_killed()
    {
        var up = Path.Combine(state.Folder, "up");
        var pids = Path.Combine(state.Folder, "pids");
        var running = Portres.Start(state, "run", "--start", "50000", "--count", "5", "--", "sh", "-c",
            $"sleep 60 & echo \"$$ $!\" > \"{pids}\"; touch \"{up}\"; wait");
        Portres.AwaitFile(up, running);
        var both = File.ReadAllText(pids).Trim().Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();

        Portres.Signal(running.Process.Id, SIGKILL);
        running.Process.WaitForExit();
        Portres.Signal(both[0], SIGKILL);
        var whileGrandchildRuns = Portres.Run(state, "add", "--start", "50000", "--count", "5");
        Portres.Signal(both[1], SIGKILL);
        Portres.Finish(running);
        var afterAll = Portres.Run(state, "add", "--start", "50000", "--count", "5");

        Assert.Equal(Conflict, whileGrandchildRuns.ExitCode);
        Assert.Equal(0, afterAll.ExitCode);
    }

    [UnixTheory]
    [InlineData(SIGUSR1, "USR1")]
    [InlineData(SIGUSR2, "USR2")]
    [InlineData(SIGALRM, "ALRM")]
    [InlineData(SIGHUP, "HUP")]
    [InlineData(SIGTERM, "TERM")]
    public void A_signal_a_supervisor_sends_to_portres_is_passed_on_to_COMMAND_once_and_portres_waits_for_it(int signal, string name)
    {
        var up = Path.Combine(state.Folder, "up");
        var caught = Path.Combine(state.Folder, "caught");
        var running = Portres.Start(state, "run", "--start", "50000", "--count", "5", "--", "sh", "-c",
            $"trap 'echo {name} >> \"{caught}\"; exit 42' {name}; touch \"{up}\"; for i in $(seq 600); do sleep 0.1; done");
        Portres.AwaitFile(up, running);

        Portres.Signal(running.Process.Id, signal);
        var run = Portres.Finish(running);
        var after = Json.Parse(Portres.Run(state, "--json", "show").Stdout);

        Assert.True(run.ExitCode == 42, run.ToString());
        Assert.Equal($"{name}\n", File.ReadAllText(caught));
        Assert.Equal(0, after.GetProperty("reservations").GetArrayLength());
    }

    [UnixFact]
    public void Ctrl_C_to_the_process_group_reaches_COMMAND_exactly_once()
    {
        var up = Path.Combine(state.Folder, "up");
        var caught = Path.Combine(state.Folder, "caught");
        var done = Path.Combine(state.Folder, "done");

        // setsid: portres leads a process group of its own, as a shell's foreground job does. COMMAND is perl, whose
        // handler runs once per delivery (sh's trap may run once for two signals that arrive close together).
        var start = Portres.StartInfo(state, ["run", "--start", "50000", "--count", "5", "--", "perl", "-e",
            """
            $SIG{INT} = sub { open my $f, ">>", $ARGV[0]; print $f "INT\n"; close $f };
            open my $g, ">", "$ARGV[1].group"; print $g getpgrp(), "\n"; close $g;
            open my $u, ">", $ARGV[1]; close $u;
            for (1 .. 600) { last if -e $ARGV[2]; select(undef, undef, undef, 0.1) }
            exit 7;
            """,
            caught, up, done]);
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "setsid";
        var running = Start(start);
        Portres.AwaitFile(up, running);
        var group = int.Parse(File.ReadAllText(up + ".group").Trim(), CultureInfo.InvariantCulture);
        Assert.NotEqual(GetProcessGroup(0), group);

        Portres.Signal(-group, SIGINT);
        Portres.AwaitFile(caught, running);

        // A second copy, forwarded by portres, would come within milliseconds.
        Thread.Sleep(TimeSpan.FromMilliseconds(500));
        File.WriteAllText(done, string.Empty);
        var run = Portres.Finish(running);

        Assert.Equal("INT\n", File.ReadAllText(caught));
        Assert.True(run.ExitCode == 7, run.ToString());
    }

    [UnixFact]
    public void SIGINT_to_portres_alone_reaches_a_COMMAND_that_left_its_process_group_once()
    {
        var up = Path.Combine(state.Folder, "up");
        var caught = Path.Combine(state.Folder, "caught");
        var running = Portres.Start(state, "run", "--start", "50000", "--count", "5", "--", "setsid", "sh", "-c",
            $"trap 'echo INT >> \"{caught}\"; exit 42' INT; touch \"{up}\"; for i in $(seq 600); do sleep 0.1; done");
        Portres.AwaitFile(up, running);

        Portres.Signal(running.Process.Id, SIGINT);
        var run = Portres.Finish(running);

        Assert.True(run.ExitCode == 42, run.ToString());
        Assert.Equal("INT\n", File.ReadAllText(caught));
    }

    [UnixFact]
    public void COMMAND_starts_with_SIGPIPE_at_its_default_action_as_a_shell_starts_a_program()
    {
        // The test host (.NET) hands portres SIGPIPE ignored, as .NET hands it to every child; portres must not pass that on.
        var run = Portres.Run(state, "run", "--count", "1", "--", "sh", "-c", "yes | head -1; grep SigIgn /proc/self/status");

        Assert.True(run.ExitCode == 0, run.ToString());
        var ignored = ulong.Parse(run.Stdout.Split('\n')[1]["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0UL, ignored & (1UL << (SIGPIPE - 1)));
        Assert.DoesNotContain("Broken pipe", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_COMMAND_is_an_invalid_argument_with_a_sentence_and_reserves_nothing()
    {
        var text = Portres.Run(state, "run", "--count", "1", "--", "");
        var json = Portres.Run(state, "--json", "run", "--count", "1", "--", "");

        Assert.Equal(InvalidArgument, text.ExitCode);
        Assert.Equal(string.Empty, text.Stdout);
        Assert.Contains("COMMAND is an empty word", text.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected", text.Stderr, StringComparison.Ordinal);
        Assert.Equal(InvalidArgument, json.ExitCode);
        Assert.Equal("InvalidArgument", Json.Parse(json.Stdout).GetProperty("error").GetProperty("kind").GetString());
        Assert.False(File.Exists(state.StatePath));
    }

    [UnixFact]
    public void A_COMMAND_that_is_a_folder_exits_126_and_one_not_found_127_each_with_a_sentence_that_names_it()
    {
        var folder = Portres.Run(state, "run", "--count", "1", "--", state.Folder);
        var missing = Portres.Run(state, "run", "--count", "1", "--", "portres-no-such-command");
        var show = Json.Parse(Portres.Run(state, "--json", "show").Stdout);

        Assert.Equal(CommandNotExecutable, folder.ExitCode);
        Assert.Contains($"COMMAND '{state.Folder}' is a folder, not a program", folder.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Success", folder.Stderr, StringComparison.Ordinal);
        Assert.Equal(CommandNotFound, missing.ExitCode);
        Assert.Contains("COMMAND 'portres-no-such-command' was not found", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, show.GetProperty("reservations").GetArrayLength());
    }

    [Fact]
    public void PORTRES_PORTS_lists_a_block_of_up_to_1024_ports_and_is_absent_for_a_larger_one_which_START_and_COUNT_name()
    {
        // Below 32768, where the host's outgoing connections take no ports.
        const string script = "echo \"${PORTRES_PORTS-absent}|$PORTRES_START|$PORTRES_COUNT\"";
        var listed = Portres.Run(state, "run", "--start", "20000", "--count", "1024", "--", "sh", "-c", script);
        var large = Start(WithEnvironment(
            Portres.StartInfo(state, ["run", "--start", "20000", "--count", "1025", "--", "sh", "-c", script]),
            "PORTRES_PORTS",
            "1,2,3"));
        var unlisted = Portres.Finish(large);

        Assert.Equal(0, listed.ExitCode);
        var fields = listed.Stdout.Trim().Split('|');
        Assert.Equal(string.Join(',', Enumerable.Range(20000, 1024)), fields[0]);
        Assert.Equal(["20000", "1024"], fields[1..]);

        // Absent even when an enclosing run's list is in portres's own environment: a stale list is worse than none.
        Assert.True(unlisted.ExitCode == 0, unlisted.ToString());
        Assert.Equal("absent|20000|1025", unlisted.Stdout.Trim());
    }

    [UnixTheory]
    [InlineData(SIGINT)]
    [InlineData(SIGTERM)]
    public void A_signal_while_run_waits_for_another_portres_lock_ends_it_at_once_with_128_plus_the_signal_and_changes_nothing(int signal)
    {
        Assert.Equal(0, Portres.Run(state, "add", "--start", "50000", "--count", "5").ExitCode);
        var before = state.Bytes();
        var ran = Path.Combine(state.Folder, "ran");
        Portres.Running running;
        using (new FileStream(state.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // Long enough that only a run that stopped waiting can end while the lock is held.
            running = Start(WithEnvironment(
                Portres.StartInfo(state, ["run", "--count", "1", "--", "touch", ran]),
                "PORTRES_LOCK_TIMEOUT",
                "600"));
            AwaitSignalsCaught(running.Process.Id, running);

            Portres.Signal(running.Process.Id, signal);
            Assert.True(running.Process.WaitForExit(TimeSpan.FromMinutes(2)), "portres still waits for the lock after the signal");
        }

        var run = Portres.Finish(running);

        Assert.True(run.ExitCode == 128 + signal, run.ToString());
        Assert.Equal(before, state.Bytes());
        Assert.False(File.Exists(ran));
    }

    /// <summary>Waits until portres catches SIGUSR1, which only run's signal forwarder does, just before it asks for the lock.</summary>
    private static void AwaitSignalsCaught(int pid, Portres.Running running)
    {
        var clock = Stopwatch.StartNew();
        while (!Caught(pid, SIGUSR1))
        {
            if (running.Process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                Assert.Fail($"portres never caught its signals: {Portres.Finish(running)}");
            }

            Thread.Sleep(20);
        }

        // From registering its handlers to waiting for the lock is a few calls; the signal must find it waiting.
        Thread.Sleep(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>Whether process <paramref name="pid"/> has a handler for <paramref name="signal"/> (SigCgt in /proc/PID/status).</summary>
    private static bool Caught(int pid, int signal)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
        return line is not null
            && (ulong.Parse(line["SigCgt:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    private static ProcessStartInfo WithEnvironment(ProcessStartInfo start, string name, string value)
    {
        start.Environment[name] = value;
        return start;
    }

    private static Portres.Running Start(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new Portres.Running(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    [LibraryImport("libc", EntryPoint = "getpgid")]
    private static partial int GetProcessGroup(int pid);
}
