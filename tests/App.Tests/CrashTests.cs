using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PortReservation.App.Cli;
using Xunit.Abstractions;

namespace PortReservation.App.Tests;

/// <summary>
/// portres killed with SIGKILL at random moments, in the middle of its reads and writes: afterwards the
/// state file always parses, holds every reservation known to have been made, and the runtime block of a
/// killed run is reclaimed by the next command. PORTRES_STRESS_SCALE multiplies the number of kills.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int SIGKILL = 9;
    private const int Kills = 40;
    private const int FirstPort = 20000;
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [UnixFact]
    public void SIGKILL_at_any_moment_never_damages_the_state_nor_loses_a_reservation_and_a_killed_holder_is_reclaimed()
    {
        var random = new Random(7);
        var known = new HashSet<int>();
        var next = 0;

        // How long one add takes here: the kills are spread over that span, where the writes happen.
        var span = TimeSpan.Zero;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(ExitCodes.Success, Portres.Run(state, Add(next)).ExitCode);
            span = TimeSpan.FromTicks(Math.Max(span.Ticks, clock.Elapsed.Ticks));
            known.Add(next++);
        }

        var total = Kills * Scale();
        int interrupted = 0, halfWritten = 0, reclaimed = 0, killedAddsKept = 0;
        for (var i = 0; i < total; i++)
        {
            var roll = random.Next(3);
            var key = roll switch
            {
                0 => next++,
                1 when known.Count > 0 => known.ElementAt(random.Next(known.Count)),
                _ => -1,
            };
            string[] args = key < 0 ? ["run", "--count", "3", "--", "sleep", "0.3"]
                : roll == 0 ? Add(key)
                : ["delete", .. Block(key)];

            var running = Portres.Start(state, args);
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * span.TotalMilliseconds * 1.2));
            var pid = running.Process.Id;
            var killed = !running.Process.HasExited;
            if (killed)
            {
                interrupted++;
                Portres.Signal(pid, SIGKILL);
            }

            running.Process.WaitForExit();

            // A killed run's COMMAND keeps its block held until it ends; it holds the output pipes until then.
            Task.WaitAll(running.Stdout, running.Stderr);
            running.Process.Dispose();
            halfWritten += File.Exists(state.TempPath) ? 1 : 0;

            var show = Portres.Run(state, "--json", "show");
            Assert.True(show.ExitCode == ExitCodes.Success, $"after kill {i + 1} ({string.Join(' ', args)}): {show}");
            var reservations = Json.Parse(show.Stdout).GetProperty("reservations").EnumerateArray().ToList();
            var present = reservations.Where(r => r.GetProperty("kind").GetString() == "persistent").Select(Slot).ToHashSet();
            var missing = known.Except(present).Where(k => k != key).ToList();
            Assert.True(missing.Count == 0, $"after kill {i + 1} ({string.Join(' ', args)}) the blocks of slots {string.Join(", ", missing)} are gone: {show.Stdout}");
            Assert.DoesNotContain(reservations, r => r.GetProperty("ownerPid").ValueKind == JsonValueKind.Number && r.GetProperty("ownerPid").GetInt32() == pid);
            reclaimed += key < 0 && killed ? 1 : 0;

            // What a killed add or delete did is unknown until seen; from then on it must last.
            if (key >= 0)
            {
                killedAddsKept += roll == 0 && present.Contains(key) ? 1 : 0;
                if (present.Contains(key))
                {
                    known.Add(key);
                }
                else
                {
                    known.Remove(key);
                }
            }

            if (i % 5 == 4)
            {
                Assert.Equal(ExitCodes.Success, Portres.Run(state, Add(next)).ExitCode);
                known.Add(next++);
            }
        }

        var last = Portres.Run(state, Add(next));
        output.WriteLine(
            $"kills {total} (of a running portres {interrupted}), temp files left half-written {halfWritten}, killed adds found kept {killedAddsKept}, " +
            $"killed runs reclaimed {reclaimed}, reservations known at the end {known.Count}, state unreadable 0, lost 0");
        Assert.Equal(ExitCodes.Success, last.ExitCode);
        Assert.False(File.Exists(state.TempPath));
    }

    private static int Scale() =>
        int.TryParse(Environment.GetEnvironmentVariable("PORTRES_STRESS_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1;

    private static string[] Add(int slot) => ["add", .. Block(slot)];

    private static string[] Block(int slot) =>
        ["--start", (FirstPort + (slot * 4)).ToString(CultureInfo.InvariantCulture), "--count", "3"];

    private static int Slot(JsonElement reservation) => (reservation.GetProperty("start").GetInt32() - FirstPort) / 4;
}
