using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>
/// The socket counter and the token counter at their ends: a restored table whose socket counter is out of range
/// is refused, and no transition moves a counter out of range or wraps it round; it fails as exhausted instead,
/// so every table a transition gives restores again.
/// </summary>
public class CounterLimitProperties
{
    private static readonly Caller Admin = new(new ProcessId(100), true);

    private static Fin<ReservationTable> Restore(long nextSocket, ulong drawn) =>
        ReservationTable.Restore(ReservationSettings.Default, new TokenGenerator(5, drawn), nextSocket, [], []);

    private static Fin<ReservationTable> Rebuilt(ReservationTable table) =>
        ReservationTable.Restore(table.Settings, table.Tokens, table.NextSocket, table.Reservations, table.Sockets);

    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(-1L, 0UL)]
    [InlineData(long.MinValue, 0UL)]
    [InlineData(long.MaxValue, 0UL)]
    public void A_socket_counter_out_of_range_is_refused_on_restore(long nextSocket, ulong drawn) =>
        Assert.IsType<ReservationError.InvalidParameter>((Error)Restore(nextSocket, drawn));

    [Theory]
    [InlineData(1L, 0UL)]
    [InlineData(long.MaxValue - 1, ulong.MaxValue)]
    public void A_counter_at_either_end_of_its_range_is_restored(long nextSocket, ulong drawn) =>
        Assert.True(Restore(nextSocket, drawn).IsSucc);

    [Fact]
    public void Opening_a_socket_when_every_number_is_handed_out_is_exhausted()
    {
        var table = (ReservationTable)Restore(long.MaxValue - 1, 0);

        var opened = Reservations.OpenSocket(table, Admin, Protocol.Tcp);

        var exhausted = Assert.IsType<ReservationError.Exhausted>((Error)opened);
        Assert.Equal(WindowsCodes.WSAENOBUFS, exhausted.Code);
    }

    [Theory]
    [InlineData(ulong.MaxValue - 2)]
    [InlineData(ulong.MaxValue)]
    public void Creating_a_block_when_every_token_is_drawn_is_exhausted(ulong drawn)
    {
        var table = (ReservationTable)Restore(1, drawn);

        var created = Reservations.CreatePersistent(table, Admin, Protocol.Tcp, PortRange.Create(3000, 1).ThrowIfFail());

        Assert.IsType<ReservationError.Exhausted>((Error)created);
    }

    /// <summary>Opens, acquires and creates from counters a few steps from their ends: each step succeeds with a table that restores, or is exhausted.</summary>
    [Property]
    public Property Near_their_ends_the_counters_never_leave_a_table_that_cannot_be_restored() =>
        Prop.ForAll(
            Gen.Choose(0, 4).Zip(Gen.Choose(0, 4)).Zip(Gen.ListOf(Gen.Choose(0, 2)).Select(l => l.ToArray())).ToArbitrary(),
            input =>
            {
                var ((socketsLeft, tokensLeft), steps) = input;
                var table = (ReservationTable)Restore(long.MaxValue - 1 - socketsLeft, ulong.MaxValue - 2 - (ulong)tokensLeft);
                var port = 3000;
                foreach (var step in steps)
                {
                    port++;
                    Fin<ReservationTable> next = step switch
                    {
                        0 => Reservations.OpenSocket(table, Admin, Protocol.Tcp).Map(t => t.State),
                        1 => Reservations.CreatePersistent(table, Admin, Protocol.Tcp, PortRange.Create(port, 1).ThrowIfFail()).Map(t => t.State),
                        _ => Reservations.OpenSocket(table, Admin, Protocol.Udp)
                            .Bind(t => Reservations.Acquire(t.State, Admin, t.Output, ReservationRequest.ForBlock(PortRange.Create(port, 1).ThrowIfFail()))
                            .Map(a => a.State)),
                    };
                    if (next.IsFail)
                    {
                        if ((Error)next is not ReservationError.Exhausted)
                        {
                            return false.Label($"step {step} failed otherwise: {(Error)next}");
                        }

                        continue;
                    }

                    table = (ReservationTable)next;
                    if (Rebuilt(table).IsFail)
                    {
                        return false.Label($"after step {step} the table does not restore: {(Error)Rebuilt(table)}");
                    }
                }

                return true.ToProperty();
            });
}
