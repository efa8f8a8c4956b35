using System.Globalization;
using System.Text.Json;
using PortReservation.App.Cli;
using Xunit.Abstractions;

namespace PortReservation.App.Tests;

/// <summary>
/// Many portres processes at once over one state file, mixing run, add, delete and show: no two runtime
/// blocks of one protocol ever overlap while held, no runtime block overlaps a persistent block that was
/// surely live at the time, and every acknowledged add and delete is reflected in the final table.
/// PORTRES_STRESS_SCALE multiplies the number of operations for a longer run by hand.
/// </summary>
public sealed class StressTests(ITestOutputHelper output) : IDisposable
{
    private const int Processes = 6;
    private const int OperationsPerProcess = 10;
    private const int Region = 49152;
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [UnixFact]
    public void Concurrent_portres_processes_never_overlap_blocks_and_never_lose_an_acknowledged_change()
    {
        var perProcess = OperationsPerProcess * Scale();
        var records = Path.Combine(state.Folder, "runs");
        Directory.CreateDirectory(records);
        var operations = new List<Operation>[Processes];

        Parallel.For(0, Processes, new ParallelOptions { MaxDegreeOfParallelism = Processes }, worker =>
        {
            var random = new Random(1000 + worker);
            var done = new List<Operation>();
            for (var i = 0; i < perProcess; i++)
            {
                done.Add(Perform(random, worker, i, records));
            }

            operations[worker] = done;
        });

        var all = operations.SelectMany(o => o).ToList();
        var runs = all.Where(o => o.Kind == "run" && o.Exit == ExitCodes.Success).Select(o => RunRecord(o, records)).ToList();
        var overlaps = CountRunOverlaps(runs) + CountPersistentOverlaps(runs, all);
        var final = Json.Parse(Portres.Run(state, "--json", "show").Stdout).GetProperty("reservations").EnumerateArray().ToList();
        var lost = CountLost(all, final);
        var leftRuntime = final.Count(r => r.GetProperty("kind").GetString() != "persistent");
        var unexpected = all.Where(o => o.Exit is not (ExitCodes.Success or ExitCodes.Conflict or ExitCodes.NotFound or ExitCodes.Exhausted)).ToList();

        output.WriteLine(
            $"processes {Processes} at once, operations {all.Count} (run {Count(all, "run")}, add {Count(all, "add")}, delete {Count(all, "delete")}, show {Count(all, "show")}); " +
            $"acknowledged runs {runs.Count}, adds {all.Count(o => o.Kind == "add" && o.Exit == 0)}, deletes {all.Count(o => o.Kind == "delete" && o.Exit == 0)}; " +
            $"overlaps {overlaps}, lost {lost}, runtime blocks left {leftRuntime}");
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Select(o => $"{o.Kind} {string.Join(' ', o.Args)} -> {o.Outcome}")));
        Assert.Equal(0, overlaps);
        Assert.Equal(0, lost);
        Assert.Equal(0, leftRuntime);
    }

    private static int Scale() =>
        int.TryParse(Environment.GetEnvironmentVariable("PORTRES_STRESS_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1;

    private static int Count(List<Operation> all, string kind) => all.Count(o => o.Kind == kind);

    private Operation Perform(Random random, int worker, int index, string records)
    {
        var protocol = random.Next(4) == 0 ? "udp" : "tcp";
        var roll = random.Next(100);
        string kind;
        string[] args;
        if (roll < 40)
        {
            // COMMAND records its block, then the time after it acquired it and the time before it gives it back.
            var record = Path.Combine(records, $"{worker}-{index}");
            var script = "t0=$(date +%s%N); sleep 0.05; printf '%s %s %s %s %s\\n' \"$PORTRES_PROTOCOL\" \"$PORTRES_START\" \"$PORTRES_COUNT\" \"$t0\" \"$(date +%s%N)\" > \"$1\"";
            string[] where = random.Next(2) == 0 ? [] : ["--start", (Region + random.Next(0, 120)).ToString(CultureInfo.InvariantCulture)];
            kind = "run";
            args = ["run", "--protocol", protocol, .. where, "--count", random.Next(1, 9).ToString(CultureInfo.InvariantCulture), "--", "sh", "-c", script, "sh", record];
        }
        else if (roll < 70)
        {
            kind = "add";
            args = ["add", .. PersistentBlock(random, protocol)];
        }
        else if (roll < 90)
        {
            kind = "delete";
            args = ["delete", .. PersistentBlock(random, protocol)];
        }
        else
        {
            kind = "show";
            args = ["--json", "show"];
        }

        var started = Now();
        var outcome = Portres.Run(state, args);
        return new Operation(kind, args, outcome.ExitCode, started, Now(), outcome, $"{worker}-{index}");
    }

    /// <summary>A few fixed blocks that overlap one another, so adds and deletes of one block meet often.</summary>
    private static string[] PersistentBlock(Random random, string protocol)
    {
        var slot = random.Next(8);
        var start = Region + (slot * 15);
        var count = 10 + (slot % 3 * 5);
        return ["--protocol", protocol, "--start", start.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>Nanoseconds since the Unix epoch, on the same clock as date +%s%N.</summary>
    private static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static Held RunRecord(Operation run, string records)
    {
        var path = Path.Combine(records, run.Id);
        Assert.True(File.Exists(path), $"run {string.Join(' ', run.Args)} succeeded but COMMAND left no record: {run.Outcome}");
        var fields = File.ReadAllText(path).Trim().Split(' ');
        Assert.Equal(5, fields.Length);
        var start = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var count = int.Parse(fields[2], CultureInfo.InvariantCulture);
        return new Held(fields[0], start, start + count - 1, long.Parse(fields[3], CultureInfo.InvariantCulture), long.Parse(fields[4], CultureInfo.InvariantCulture));
    }

    private static int CountRunOverlaps(List<Held> runs)
    {
        var overlaps = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            for (var j = i + 1; j < runs.Count; j++)
            {
                if (runs[i].Meets(runs[j]))
                {
                    overlaps++;
                }
            }
        }

        return overlaps;
    }

    /// <summary>
    /// A persistent block is surely live from the moment its add was acknowledged until the first delete of
    /// it started after that; an add whose time overlaps a delete of the same block is left out, since
    /// either may have come first.
    /// </summary>
    private static int CountPersistentOverlaps(List<Held> runs, List<Operation> all)
    {
        var acknowledged = all.Where(o => o.Exit == ExitCodes.Success && o.Kind is "add" or "delete").ToList();
        var live = new List<Held>();
        foreach (var add in acknowledged.Where(o => o.Kind == "add"))
        {
            var deletes = acknowledged.Where(o => o.Kind == "delete" && Key(o) == Key(add)).ToList();
            if (deletes.Any(d => d.Started < add.Ended && d.Ended > add.Started))
            {
                continue;
            }

            var until = deletes.Where(d => d.Started >= add.Ended).Select(d => d.Started).DefaultIfEmpty(long.MaxValue).Min();
            var (protocol, start, count) = Key(add);
            live.Add(new Held(protocol, start, start + count - 1, add.Ended, until));
        }

        return runs.Sum(run => live.Count(run.Meets));
    }

    /// <summary>
    /// Adds and deletes of one block are refused unless it is absent, respectively present, so the
    /// acknowledged ones alternate: the block is in the final table exactly when one more add than
    /// delete was acknowledged. Every difference from that, and every block nobody added, is lost.
    /// </summary>
    private static int CountLost(List<Operation> all, List<JsonElement> final)
    {
        var persistent = final
            .Where(r => r.GetProperty("kind").GetString() == "persistent")
            .Select(r => (r.GetProperty("protocol").GetString()!, r.GetProperty("start").GetInt32(), r.GetProperty("count").GetInt32()))
            .ToList();
        var keys = all.Where(o => o.Kind is "add" or "delete").Select(Key).Concat(persistent).Distinct();
        var lost = 0;
        foreach (var key in keys)
        {
            var balance = all.Count(o => o.Kind == "add" && o.Exit == 0 && Key(o) == key) - all.Count(o => o.Kind == "delete" && o.Exit == 0 && Key(o) == key);
            lost += Math.Abs(balance - persistent.Count(p => p == key));
        }

        return lost;
    }

    private static (string Protocol, int Start, int Count) Key(Operation o) =>
        (o.Args[2], int.Parse(o.Args[4], CultureInfo.InvariantCulture), int.Parse(o.Args[6], CultureInfo.InvariantCulture));

    private sealed record Operation(string Kind, string[] Args, int Exit, long Started, long Ended, Outcome Outcome, string Id);

    /// <summary>A block of ports held from one moment to another (nanoseconds, inclusive).</summary>
    private sealed record Held(string Protocol, int First, int Last, long From, long Until)
    {
        public bool Meets(Held other) =>
            Protocol == other.Protocol && First <= other.Last && other.First <= Last && From <= other.Until && other.From <= Until;
    }
}
