using System.Text;
using System.Text.Json.Nodes;
using PortReservation.App.Cli;
using PortReservation.Domain;

namespace PortReservation.App.Tests;

/// <summary>When the state file is written, and how: never for a command that changes nothing, compact, and readable by older and newer portres alike.</summary>
public sealed class StateWriteTests : IDisposable
{
    /// <summary>A state file as portres 0.x wrote it (indented), holding a runtime block of process 15689 and two persistent blocks.</summary>
    private const string OlderIndentedFile = """
        {
          "formatVersion": 1,
          "settings": {
            "dynamicStart": 49152,
            "dynamicCount": 16384,
            "wildcardFit": "firstFitFromBottom"
          },
          "tokens": {
            "seed": "11567077490954787472",
            "drawn": "3"
          },
          "nextSocket": 2,
          "reservations": [
            {
              "protocol": "tcp",
              "start": 49152,
              "count": 3,
              "token": "8236788862544341398",
              "kind": "runtime",
              "holderPid": 15689,
              "holderSocket": 1
            },
            {
              "protocol": "tcp",
              "start": 50000,
              "count": 10,
              "token": "12832141640320288258",
              "kind": "persistent",
              "holderPid": null,
              "holderSocket": null
            },
            {
              "protocol": "udp",
              "start": 53000,
              "count": 2,
              "token": "1807547149245429356",
              "kind": "persistent",
              "holderPid": null,
              "holderSocket": null
            }
          ],
          "sockets": [
            {
              "id": 1,
              "pid": 15689,
              "protocol": "tcp",
              "association": null,
              "boundPort": null
            }
          ],
          "holders": [
            {
              "pid": 15689,
              "startTime": "98885"
            }
          ]
        }
        """;

    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    public static TheoryData<string[]> CommandsThatChangeNothing() =>
    [
        ["show"],
        ["show", "--protocol", "udp"],
        ["--json", "show"],
        ["lookup", "--start", "50000", "--count", "10"],
        ["why", "50005"],
        ["why", "8080"],
        ["lookup", "--start", "50000", "--count", "11"],
        ["delete", "--start", "50000", "--count", "11"],
        ["add", "--start", "50005", "--count", "10"],
        ["add", "--start", "8080", "--count", "1"],
        ["--unelevated", "add", "--start", "51000", "--count", "1"],
        ["--unelevated", "delete", "--start", "50000", "--count", "10"],
        ["release", "--token", "12345"],
        ["run", "--start", "50009", "--count", "2", "--", "true"],
        ["run", "--start", "8079", "--count", "2", "--", "true"],
        ["run", "--start", "65535", "--count", "2", "--", "true"],
    ];

    [Theory]
    [MemberData(nameof(CommandsThatChangeNothing))]
    public void A_command_that_changes_nothing_does_not_write_the_state_file(string[] command)
    {
        // Port 8080 is in use on the host: the fake then works on a table that took it in, which the file does not keep.
        var host = InProcess.Host(state, tcpInUse: [Port(8080)]);
        Assert.Equal(ExitCodes.Success, InProcess.Run(host, "add", "--start", "50000", "--count", "10").ExitCode);
        var before = state.Bytes();
        File.SetLastWriteTimeUtc(state.StatePath, LongAgo);

        InProcess.Run(host, command);

        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(state.StatePath));
        Assert.Equal(before, state.Bytes());
        Assert.False(File.Exists(state.TempPath));
    }

    [Fact]
    public void A_command_that_changes_the_state_writes_it()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        File.SetLastWriteTimeUtc(state.StatePath, LongAgo);

        Assert.Equal(ExitCodes.Success, InProcess.Run(state, "delete", "--start", "50000", "--count", "10").ExitCode);

        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(state.StatePath));
        Assert.Empty(StateBuilder.Decode(state.Bytes()).Table.Reservations);
    }

    [Fact]
    public void Reclaiming_a_gone_holders_block_is_a_change_that_is_written()
    {
        state.Plant(Encoding.UTF8.GetBytes(OlderIndentedFile));
        File.SetLastWriteTimeUtc(state.StatePath, LongAgo);

        InProcess.Run(InProcess.Host(state, processes: new FakeProcessTable()), "show");

        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(state.StatePath));
        Assert.DoesNotContain(StateBuilder.Decode(state.Bytes()).Table.Reservations, r => r.Kind == ReservationKind.Runtime);
    }

    [Fact]
    public void A_file_written_indented_by_an_older_portres_is_read_and_left_as_it_was_by_a_read()
    {
        state.Plant(Encoding.UTF8.GetBytes(OlderIndentedFile));
        var holderAlive = InProcess.Host(state, processes: new FakeProcessTable((15689, 98885)));

        var show = InProcess.Run(holderAlive, "--json", "show");

        Assert.Equal(ExitCodes.Success, show.ExitCode);
        var listed = Json.Parse(show.Stdout).GetProperty("reservations").EnumerateArray()
            .Select(r => (r.GetProperty("protocol").GetString(), r.GetProperty("start").GetInt32(), r.GetProperty("kind").GetString(), r.GetProperty("token").GetString()))
            .ToArray();
        Assert.Equal(
            [("tcp", 49152, "runtime", "8236788862544341398"), ("tcp", 50000, "persistent", "12832141640320288258"), ("udp", 53000, "persistent", "1807547149245429356")],
            listed);
        Assert.Equal(OlderIndentedFile, Encoding.UTF8.GetString(state.Bytes()));
    }

    [Fact]
    public void A_file_written_indented_by_an_older_portres_is_rewritten_compact_with_everything_it_held()
    {
        state.Plant(Encoding.UTF8.GetBytes(OlderIndentedFile));
        var holderAlive = InProcess.Host(state, processes: new FakeProcessTable((15689, 98885)));
        var before = StateBuilder.Decode(state.Bytes());

        Assert.Equal(ExitCodes.Success, InProcess.Run(holderAlive, "add", "--start", "51000", "--count", "1").ExitCode);

        var after = StateBuilder.Decode(state.Bytes());
        Assert.Equal(state.Bytes().Length - 1, System.Array.IndexOf(state.Bytes(), (byte)'\n')); // one line: a persistent change rewrites the table whole
        Assert.Equal(before.Table.Reservations.Count + 1, after.Table.Reservations.Count);
        Assert.All(before.Table.Reservations, r => Assert.Contains(r, after.Table.Reservations));
        Assert.Equal(before.Holders, after.Holders);
        Assert.Equal(before.Table.Sockets.ToArray(), after.Table.Sockets.ToArray());
    }

    [Fact]
    public void A_format_1_file_as_portres_wrote_it_compact_is_read_and_rewritten_in_format_3_with_everything_it_held()
    {
        state.Plant(Encoding.UTF8.GetBytes(StateFileTests.FormatOneFile));
        var holderAlive = InProcess.Host(state, processes: new FakeProcessTable((15689, 98885)));
        var before = StateBuilder.Decode(state.Bytes());

        var show = InProcess.Run(holderAlive, "--json", "show");
        Assert.Equal(StateFileTests.FormatOneFile, Encoding.UTF8.GetString(state.Bytes()));
        Assert.Equal(ExitCodes.Success, InProcess.Run(holderAlive, "add", "--start", "51000", "--count", "1").ExitCode);

        var listed = Json.Parse(show.Stdout).GetProperty("reservations").EnumerateArray()
            .Select(r => (r.GetProperty("protocol").GetString(), r.GetProperty("start").GetInt32(), r.GetProperty("kind").GetString(), r.GetProperty("token").GetString()))
            .ToArray();
        Assert.Equal(
            [("tcp", 49152, "runtime", "8236788862544341398"), ("tcp", 50000, "persistent", "12832141640320288258"), ("udp", 53000, "persistent", "1807547149245429356")],
            listed);
        Assert.StartsWith("{\"formatVersion\":3,", Encoding.UTF8.GetString(state.Bytes()), StringComparison.Ordinal);
        var after = StateBuilder.Decode(state.Bytes());
        Assert.Equal(before.Table.Reservations.Count + 1, after.Table.Reservations.Count);
        Assert.All(before.Table.Reservations, r => Assert.Contains(r, after.Table.Reservations));
        Assert.Equal(before.Table.Tokens.Seed, after.Table.Tokens.Seed);
        Assert.Equal(before.Table.Tokens.Drawn + 1, after.Table.Tokens.Drawn);
        Assert.Equal(before.Table.NextSocket, after.Table.NextSocket);
        Assert.Equal(before.Holders, after.Holders);
        Assert.Equal(before.Table.Sockets.ToArray(), after.Table.Sockets.ToArray());
    }

    [UnixFact]
    public void A_state_file_replaced_while_COMMAND_runs_is_read_again_for_the_release_and_not_overwritten_with_the_state_run_knew()
    {
        // COMMAND puts another state in place: one persistent block, none of run's. The release then finds
        // no block of run's to release, warns, and leaves that state as it is.
        var replacement = StateBuilder.Encode([(Protocol.Udp, StateBuilder.Range(60000, 3))], LanguageExt.Option<(long, ulong, Protocol, PortRange)>.None);
        var prepared = Path.Combine(state.Folder, "replacement.json");
        File.WriteAllBytes(prepared, replacement);

        var run = InProcess.Run(state, "run", "--count", "1", "--", "cp", prepared, state.StatePath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("could not be released", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(replacement, state.Bytes());
    }

    [UnixFact]
    public void Run_releases_its_block_and_keeps_what_COMMAND_added_to_the_state_in_between()
    {
        Assert.Equal(ExitCodes.Success, InProcess.Run(state, "add", "--start", "50000", "--count", "10").ExitCode);
        var seen = Path.Combine(state.Folder, "during.json");

        // COMMAND copies the state while run holds its block; the release must start from the file as it is then.
        var run = InProcess.Run(state, "run", "--start", "50100", "--count", "2", "--", "cp", state.StatePath, seen);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var during = StateBuilder.Decode(File.ReadAllBytes(seen));
        Assert.Contains(during.Table.Reservations, r => r.Kind == ReservationKind.Runtime && r.Range.Start.Value == 50100);
        var after = StateBuilder.Decode(state.Bytes());
        Assert.Equal([(50000, ReservationKind.Persistent)], after.Table.Reservations.Select(r => (r.Range.Start.Value, r.Kind)).ToArray());
        Assert.Empty(after.Table.Sockets);
        Assert.Empty(after.Holders);
    }

    [Fact]
    public void A_token_counter_set_back_below_the_live_tokens_is_refused_with_exit_7_and_left_as_it_was()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        InProcess.Run(state, "add", "--start", "52000", "--count", "10");
        InProcess.Run(state, "add", "--protocol", "udp", "--start", "50000", "--count", "10");
        var file = JsonNode.Parse(state.Bytes())!;
        Assert.Equal("3", file["tokens"]!["drawn"]!.GetValue<string>());
        file["tokens"]!["drawn"] = "0";
        var setBack = Encoding.UTF8.GetBytes(file.ToJsonString());
        state.Plant(setBack);

        foreach (var command in StateFileTests.EveryCommand(state.Folder))
        {
            var text = InProcess.Run(state, command);
            var json = InProcess.Run(state, ["--json", .. command]);

            Assert.True(text.ExitCode == ExitCodes.StateUnreadable, $"{command[0]}: {text}");
            Json.PlainFailure(text);
            Assert.Equal("StateUnreadable", Json.ErrorKind(json));
            Assert.Equal(setBack, state.Bytes());
        }

        Assert.False(File.Exists(Path.Combine(state.Folder, "ran")), "run started COMMAND over a state that breaks an invariant");
    }

    private static Port Port(int value) => Domain.Port.Create(value).ThrowIfFail();
}
