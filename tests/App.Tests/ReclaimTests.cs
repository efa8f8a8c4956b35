using PortReservation.App.Cli;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>A runtime block whose holder is gone (its pid is free, or reused by another process) no longer counts, and the next reader removes it.</summary>
public sealed class ReclaimTests : IDisposable
{
    private const long Holder = 4_000_000;
    private const ulong HolderStart = 777;
    private readonly TempState state = new();

    public ReclaimTests() =>
        state.Plant(StateBuilder.Encode(
            [(Protocol.Tcp, StateBuilder.Range(50000, 10))],
            Some((Holder, HolderStart, Protocol.Tcp, StateBuilder.Range(50100, 10)))));

    public void Dispose() => state.Dispose();

    [Fact]
    public void A_live_holder_keeps_its_block_and_reading_rewrites_nothing()
    {
        var before = state.Bytes();

        var show = Show(new FakeProcessTable((Holder, HolderStart)));

        Assert.Contains("runtime     token", show.Stdout, StringComparison.Ordinal);
        Assert.Contains($"pid {Holder}", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void A_holder_that_is_gone_loses_its_block_and_the_state_file_says_so()
    {
        var show = Show(new FakeProcessTable());

        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.DoesNotContain("runtime", show.Stdout, StringComparison.Ordinal);
        var saved = StateBuilder.Decode(state.Bytes());
        Assert.Equal(new[] { ReservationKind.Persistent }, saved.Table.Reservations.Map(r => r.Kind).ToArray());
        Assert.Empty(saved.Table.Sockets);
        Assert.True(saved.Holders.IsEmpty);
    }

    [Fact]
    public void A_pid_reused_by_another_process_is_not_taken_for_the_holder()
    {
        var show = Show(new FakeProcessTable((Holder, HolderStart + 1)));

        Assert.DoesNotContain("runtime", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reclaimed_block_can_be_reserved_again()
    {
        var add = InProcess.Run(
            InProcess.Host(state, processes: new FakeProcessTable()),
            "add", "--start", "50100", "--count", "10");

        Assert.Equal(ExitCodes.Success, add.ExitCode);
    }

    [Fact]
    public void While_the_holder_lives_its_block_conflicts()
    {
        var add = InProcess.Run(
            InProcess.Host(state, processes: new FakeProcessTable((Holder, HolderStart))),
            "add", "--start", "50105", "--count", "10");

        Assert.Equal(ExitCodes.Conflict, add.ExitCode);
    }

    [Fact]
    public void Why_names_the_holder_of_a_runtime_block_and_the_access_forbidden_consequence()
    {
        var why = InProcess.Run(
            InProcess.Host(state, processes: new FakeProcessTable((Holder, HolderStart))),
            "--json", "why", "50105");

        var json = Json.Parse(why.Stdout);
        Assert.True(json.GetProperty("reserved").GetBoolean());
        Assert.Equal("runtime", json.GetProperty("reservation").GetProperty("kind").GetString());
        Assert.Equal(Holder, json.GetProperty("reservation").GetProperty("ownerPid").GetInt64());
        Assert.Contains("WSAEACCES", json.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    private Outcome Show(FakeProcessTable processes) => InProcess.Run(InProcess.Host(state, processes: processes), "show");
}
