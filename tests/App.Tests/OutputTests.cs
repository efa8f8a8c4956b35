using System.Text.Json;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>What show, why, add, lookup and delete print: netsh's table for people, the contract's JSON for programs.</summary>
public sealed class OutputTests : IDisposable
{
    private const long Holder = 4_000_001;
    private readonly TempState state = new();

    public OutputTests() =>
        state.Plant(StateBuilder.Encode(
            [(Protocol.Tcp, StateBuilder.Range(50000, 100)), (Protocol.Udp, StateBuilder.Range(53000, 1)), (Protocol.Tcp, StateBuilder.Range(1000, 5))],
            Some((Holder, 1UL, Protocol.Tcp, StateBuilder.Range(50100, 10)))));

    public void Dispose() => state.Dispose();

    [Fact]
    public void Show_prints_netshs_excluded_port_table_per_protocol()
    {
        var tokens = Tokens();

        var show = Run("show").Stdout;

        var expected =
            "\nProtocol tcp Port Exclusion Ranges\n\nStart Port    End Port\n----------    --------\n" +
            $"      1000        1004     *    persistent  token {tokens[(Protocol.Tcp, 1000)]}\n" +
            $"     50000       50099     *    persistent  token {tokens[(Protocol.Tcp, 50000)]}\n" +
            $"     50100       50109          runtime     token {tokens[(Protocol.Tcp, 50100)]}  pid {Holder}\n" +
            "\n* - Administered port exclusions.\n\n" +
            "\nProtocol udp Port Exclusion Ranges\n\nStart Port    End Port\n----------    --------\n" +
            $"     53000       53000     *    persistent  token {tokens[(Protocol.Udp, 53000)]}\n" +
            "\n* - Administered port exclusions.\n\n";
        Assert.Equal(expected, show);
    }

    [Fact]
    public void Show_of_one_protocol_prints_its_table_only_and_an_empty_table_keeps_its_footnote()
    {
        using var empty = new TempState();

        var udp = Run("show", "--protocol", "udp").Stdout;
        var none = InProcess.Run(empty, "show", "--protocol", "tcp").Stdout;

        Assert.DoesNotContain("Protocol tcp", udp, StringComparison.Ordinal);
        Assert.Contains("Protocol udp Port Exclusion Ranges", udp, StringComparison.Ordinal);
        Assert.Equal(
            "\nProtocol tcp Port Exclusion Ranges\n\nStart Port    End Port\n----------    --------\n\n* - Administered port exclusions.\n\n",
            none);
    }

    [Fact]
    public void Show_json_lists_every_reservation_sorted_by_protocol_then_start()
    {
        var json = Json.Parse(Run("--json", "show").Stdout);

        Assert.Equal(["reservations"], Json.Keys(json));
        var rows = json.GetProperty("reservations").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(["protocol", "start", "count", "end", "kind", "token", "ownerPid"], Json.Keys(r)));
        Assert.Equal(["tcp:1000", "tcp:50000", "tcp:50100", "udp:53000"], rows.Select(r => $"{r.GetProperty("protocol").GetString()}:{r.GetProperty("start").GetInt32()}"));
        var runtime = rows[2];
        Assert.Equal("runtime", runtime.GetProperty("kind").GetString());
        Assert.Equal(Holder, runtime.GetProperty("ownerPid").GetInt64());
        Assert.Equal(50109, runtime.GetProperty("end").GetInt32());
        Assert.Equal(JsonValueKind.String, runtime.GetProperty("token").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("ownerPid").ValueKind);
        Assert.Equal("persistent", rows[1].GetProperty("kind").GetString());
    }

    [Fact]
    public void Why_json_gives_the_covering_reservation_and_the_dynamic_range()
    {
        var covered = Json.Parse(Run("--json", "why", "50010").Stdout);
        var free = Json.Parse(Run("--json", "why", "--protocol", "udp", "50010").Stdout);

        Assert.Equal(["protocol", "port", "reserved", "reservation", "inDynamicRange"], Json.Keys(covered).Take(5));
        Assert.True(covered.GetProperty("reserved").GetBoolean());
        Assert.Equal(50000, covered.GetProperty("reservation").GetProperty("start").GetInt32());
        Assert.Equal("persistent", covered.GetProperty("reservation").GetProperty("kind").GetString());
        Assert.True(covered.GetProperty("inDynamicRange").GetBoolean());
        Assert.False(free.GetProperty("reserved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, free.GetProperty("reservation").ValueKind);
        Assert.Equal("udp", free.GetProperty("protocol").GetString());
    }

    [Fact]
    public void Why_says_in_words_what_covers_the_port_and_what_that_means()
    {
        var persistent = Run("why", "1002").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var free = Run("why", "40000").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, persistent.Length);
        Assert.Contains("persistent reservation 1000-1004", persistent[0], StringComparison.Ordinal);
        Assert.Contains("outside the dynamic range 49152-65535", persistent[1], StringComparison.Ordinal);
        Assert.Contains("automatic port assignment skips it", persistent[2], StringComparison.Ordinal);
        Assert.Contains("is not reserved", free[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Add_lookup_and_delete_json_follow_the_contract()
    {
        var added = Json.Parse(Run("--json", "add", "--protocol", "udp", "--start", "60000", "--count", "7").Stdout);
        var looked = Json.Parse(Run("--json", "lookup", "--protocol", "udp", "--start", "60000", "--count", "7").Stdout);
        var deleted = Json.Parse(Run("--json", "delete", "--protocol", "udp", "--start", "60000", "--count", "7").Stdout);

        Assert.Equal(["protocol", "start", "count", "token"], Json.Keys(added));
        Assert.Equal("udp", added.GetProperty("protocol").GetString());
        Assert.Equal(60000, added.GetProperty("start").GetInt32());
        Assert.Equal(7, added.GetProperty("count").GetInt32());
        Assert.Matches("^[1-9][0-9]*$", added.GetProperty("token").GetString());
        Assert.Equal(added.ToString(), looked.ToString());
        Assert.Equal("""{"deleted":{"protocol":"udp","start":60000,"count":7}}""", deleted.GetRawText());
    }

    private Outcome Run(params string[] args) =>
        InProcess.Run(InProcess.Host(state, processes: new FakeProcessTable((Holder, 1UL))), args);

    private Dictionary<(Protocol, int), string> Tokens() =>
        StateBuilder.Decode(state.Bytes()).Table.Reservations.ToDictionary(r => (r.Protocol, r.Range.Start.Value), r => r.Token.ToString());
}
