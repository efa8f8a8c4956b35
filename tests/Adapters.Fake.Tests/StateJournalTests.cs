using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>
/// The state file's journal: a change of runtime state is one line appended to the file, a persistent change rewrites
/// it whole, a line whose write was cut short is never read, and a journal as long as its table is folded into a rewrite.
/// </summary>
public sealed class StateJournalTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly SimulatedProcesses processes = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_runtime_change_appends_one_line_and_leaves_what_was_written_before_as_it_was()
    {
        var admin = Open(processes.Start(1001), elevated: true);
        admin.Process().Create(Protocol.Tcp, Range(50000, 10)).ThrowIfFail();
        var created = Bytes();
        var me = Open(processes.Start(1002)).Process();

        var socket = me.OpenSocket(Protocol.Tcp).ThrowIfFail();
        var opened = Bytes();
        var held = me.Acquire(socket, ReservationRequest.ForBlock(Range(50100, 5))).ThrowIfFail();
        var acquired = Bytes();
        var seen = Open(processes.Start(1003)).Table().ThrowIfFail();
        me.Close(socket).ThrowIfFail();
        var closed = Bytes();

        Assert.Single(Lines(created));
        Assert.Equal(created, opened[..created.Length]);
        Assert.Equal(opened, acquired[..opened.Length]);
        Assert.Equal(acquired, closed[..acquired.Length]);
        Assert.Equal([2, 3, 4], [Lines(opened).Count, Lines(acquired).Count, Lines(closed).Count]);
        Assert.Equal(
            [(Range(50000, 10), ReservationKind.Persistent), (Range(50100, 5), ReservationKind.Runtime)],
            seen.Reservations.Map(r => (r.Range, r.Kind)).ToArray());
        Assert.Equal(held.Token, seen.Reservations[1].Token);
        Assert.Equal([Range(50000, 10)], Open(processes.Start(1004)).Table().ThrowIfFail().Reservations.Map(r => r.Range).ToArray());
    }

    [Fact]
    public void A_persistent_change_rewrites_the_file_whole_under_another_generation()
    {
        var admin = Open(processes.Start(1001), elevated: true);
        admin.Transact(me => Acquire(me, Range(50100, 5))).ThrowIfFail();
        admin.Transact(me => Acquire(me, Range(50200, 5))).ThrowIfFail();
        var journaled = Bytes();

        admin.Process().Create(Protocol.Udp, Range(50000, 10)).ThrowIfFail();

        var rewritten = Bytes();
        Assert.True(Lines(journaled).Count > 1);
        Assert.Single(Lines(rewritten));
        Assert.NotEqual(Generation(journaled), Generation(rewritten));
        Assert.Equal(3, Open(processes.Start(1002)).Table().ThrowIfFail().Count);
    }

    [Fact]
    public void A_last_line_cut_short_is_ignored_and_the_next_change_writes_over_it()
    {
        var (first, second) = (processes.Start(1001), processes.Start(1002));
        Open(first).Transact(me => Acquire(me, Range(50100, 5))).ThrowIfFail();
        var written = Bytes();
        // Longer than any line that follows, so that only cutting it off leaves no trace of it.
        File.AppendAllText(folder.StatePath, """{"put":{"reservations":[""" + string.Concat(Enumerable.Repeat("""["tcp",50500,1,"77"],""", 40)));

        var before = Open(processes.Start(1003)).Table().ThrowIfFail();
        Open(second).Transact(me => Acquire(me, Range(50500, 1))).ThrowIfFail();

        Assert.Equal([Range(50100, 5)], before.Reservations.Map(r => r.Range).ToArray());
        var after = Bytes();
        Assert.Equal(written, after[..written.Length]);
        Assert.All(Lines(after), line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.Equal(
            [(Range(50100, 5), first), (Range(50500, 1), second)],
            Open(processes.Start(1004)).Table().ThrowIfFail().Reservations.Map(r => (r.Range, ((Reservation.Runtime)r).Holder.Process)).ToArray());
    }

    [Fact]
    public void A_journal_as_long_as_its_table_plus_4_KiB_is_folded_into_a_rewrite()
    {
        var me = Open(processes.Start(1001));
        var lengths = new List<(int Length, int Lines, int Table)>();
        for (var i = 0; i < 150; i++)
        {
            me.Transact(machine => Acquire(machine, Range(50100 + i, 1))).ThrowIfFail();
            var bytes = Bytes();
            lengths.Add((bytes.Length, Lines(bytes).Count, Lines(bytes)[0].Length + 1));
        }

        // Each line is one acquire of about 200 bytes: the table grows with each, and the journal is folded in now and then.
        Assert.All(lengths, l => Assert.True(l.Length <= (2 * l.Table) + 4096, $"{l.Length} bytes with a table of {l.Table}"));
        Assert.Contains(lengths.Skip(1), l => l.Lines == 1);
        Assert.Contains(lengths, l => l.Lines > 10);
        Assert.Equal(150, Open(processes.Start(1002)).Table().ThrowIfFail().Count);
    }

    public static TheoryData<string, string> DamagedLines => new()
    {
        { "a line that is not JSON", "{\"put\":\n" },
        { "a line with an unknown member", "{\"colour\":1}\n" },
        { "a line that drops a reservation that is not there", "{\"drop\":{\"reservations\":[\"5\"]}}\n" },
        { "a line that drops a socket twice", "{\"drop\":{\"sockets\":[1,1]}}\n" },
        { "a line whose put overlaps a live block", "{\"put\":{\"reservations\":[[\"tcp\",50102,1,\"99\"]]}}\n" },
        { "an empty line", "\n" },
    };

    [Theory]
    [MemberData(nameof(DamagedLines))]
    public void A_damaged_journal_line_is_a_state_file_problem_and_the_file_is_left_as_it_was(string what, string line)
    {
        Open(processes.Start(1001)).Transact(me => Acquire(me, Range(50100, 5))).ThrowIfFail();
        File.AppendAllText(folder.StatePath, line);
        var damaged = Bytes();

        var answer = Open(processes.Start(1002)).Transact(me => Acquire(me, Range(50200, 5)));

        var problem = Assert.IsType<StateFileProblem>((Error)answer);
        Assert.Contains("not a valid portres state file", problem.Problem, StringComparison.Ordinal);
        Assert.True(damaged.AsSpan().SequenceEqual(Bytes()), what);
    }

    [Fact]
    public void An_instance_that_knows_the_file_sees_the_line_another_instance_appended()
    {
        var (first, second) = (processes.Start(1001), processes.Start(1002));
        var one = Open(first);
        var other = Open(second);
        one.Transact(me => Acquire(me, Range(50100, 5))).ThrowIfFail();

        other.Transact(me => Acquire(me, Range(50200, 5))).ThrowIfFail();
        var refused = one.Transact(me => Acquire(me, Range(50202, 1)));

        Assert.IsType<ReservationError.Conflict>(ReservationError.From((Error)refused));
        Assert.Equal([Range(50100, 5), Range(50200, 5)], one.Table().ThrowIfFail().Reservations.Map(r => r.Range).ToArray());
    }

    private byte[] Bytes() => File.ReadAllBytes(folder.StatePath);

    private static List<string> Lines(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n')];
    }

    private static string Generation(byte[] bytes) =>
        JsonDocument.Parse(Lines(bytes)[0]).RootElement.GetProperty("generation").GetString()!;

    private SharedFakeWindows Open(ProcessId process, bool elevated = false) =>
        SharedFakeWindows.Open(
            folder.StatePath,
            SharedFakeOptions.Default.WithProcess(process).WithProcesses(processes).WithPortsInUse(_ => []).WithNewTokenSeed(() => 11).WithElevation(elevated))
        .ThrowIfFail();

    private static Fin<ReservationInstance> Acquire(IReservationPort me, PortRange range) =>
        from socket in me.OpenSocket(Protocol.Tcp)
        from instance in me.Acquire(socket, ReservationRequest.ForBlock(range))
        select instance;

    private static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();
}
