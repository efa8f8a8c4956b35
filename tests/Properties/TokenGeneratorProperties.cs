using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Properties.Support;

namespace PortReservation.Properties;

/// <summary>Tokens: never 0, unique machine-wide, and drawn deterministically from the seed.</summary>
public class TokenGeneratorProperties
{
    private static readonly Gen<ulong> Seeds =
        Gen.Frequency(
            (4, ArbMap.Default.GeneratorFor<ulong>()),
            (1, Gen.Elements(0UL, 1UL, 2UL, ulong.MaxValue, Golden)));

    /// <summary>Draws <paramref name="draws"/> tokens by acquiring and releasing one block, alternating TCP and UDP, with a persistent create every fifth draw.</summary>
    private static List<(Protocol Protocol, ReservationToken Token)> Draw(ulong seed, int draws)
    {
        var table = ReservationTable.Empty(ReservationSettings.Default, seed);
        var (withTcp, tcp) = table.Open(Machine.User(1), Protocol.Tcp);
        var (state, udp) = withTcp.Open(Machine.User(1), Protocol.Udp);
        var tokens = new List<(Protocol, ReservationToken)>();
        for (var i = 0; i < draws; i++)
        {
            var protocol = i % 2 == 0 ? Protocol.Tcp : Protocol.Udp;
            if (i % 5 == 4)
            {
                var (created, token) = state.CreateOk(protocol, Machine.Range(2000 + i, 1));
                tokens.Add((protocol, token));
                state = created;
                continue;
            }

            var socket = protocol == Protocol.Tcp ? tcp : udp;
            var (acquired, instance) = state.AcquireOk(Machine.User(1), socket, ReservationRequest.ForBlock(Machine.Range(3000, 7)));
            tokens.Add((protocol, instance.Token));
            state = Reservations.Release(acquired, Machine.User(1), socket, instance.Token).Value().State;
        }

        return tokens;
    }

    [Property]
    public Property Decision_token_uniqueness_across_protocols_tokens_are_unique_machine_wide_and_never_0() =>
        Prop.ForAll(Seeds.ToArbitrary(), seed =>
        {
            var tokens = Draw(seed, 250);
            return tokens.All(t => t.Token.Value != 0).Label("no token is 0")
                .And((tokens.Select(t => t.Token).Distinct().Count() == tokens.Count).Label("no token repeats, whatever the protocol"));
        });

    [Property]
    public Property Tokens_are_never_reused_within_any_run() =>
        Prop.ForAll(Scenarios.Any, run =>
        {
            var seen = new HashSet<ReservationToken>();
            return run.Trace().All(entry => entry.Outcome.State.Reservations
                    .Filter(r => entry.Before.Find(r.Token).IsNone)
                    .ForAll(r => r.Token.Value != 0 && seen.Add(r.Token)))
                .Label("every new reservation has a token never seen before in the run");
        });

    [Property]
    public Property The_token_generator_is_deterministic_the_same_seed_gives_the_same_tokens_and_tables() =>
        Prop.ForAll(Scenarios.Any, run =>
            (Draw(run.Seed, 30).SequenceEqual(Draw(run.Seed, 30))).Label("the same tokens")
                .And((run.Final == run.Final).Label("the same run ends in equal tables"))
                .And((run with { Seed = run.Seed + 1 }).Final.Reservations.Map(r => r.Token).SequenceEqual(run.Final.Reservations.Map(r => r.Token))
                    == run.Final.Reservations.IsEmpty).Label("another seed names the same reservations differently"));

    [Property]
    public Property Distinct_seeds_give_different_tokens_at_every_draw() =>
        Prop.ForAll(Seeds.Two().Where(p => p.Item1 != p.Item2 && !IsSkipAlias(p.Item1, p.Item2)).ToArbitrary(), seeds =>
        {
            var first = Draw(seeds.Item1, 8).Select(t => t.Token).ToList();
            var second = Draw(seeds.Item2, 8).Select(t => t.Token).ToList();
            return first.Zip(second).All(p => p.Item1 != p.Item2)
                .Label($"{string.Join(",", first)} vs {string.Join(",", second)}");
        });

    /// <summary>
    /// Seed 0 mixes to 0 at its first draw, which is skipped, so its sequence is that of seed golden:
    /// the one pair of seeds a skip makes equal.
    /// </summary>
    private static bool IsSkipAlias(ulong a, ulong b) =>
        (a, b) is (0, Golden) or (Golden, 0);

    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    [Fact]
    public void Seed_0_skips_the_draw_that_mixes_to_0()
    {
        // SplitMix64 maps 0 to 0, so the first draw from seed 0 is the one the generator must skip.
        var table = ReservationTable.Empty(ReservationSettings.Default, 0);
        var (next, token) = table.CreateOk(Protocol.Tcp, Machine.Range(5000, 1));
        var fromSecondDraw = ReservationTable.Empty(ReservationSettings.Default, Golden).CreateOk(Protocol.Tcp, Machine.Range(5000, 1)).Token;
        Assert.NotEqual(0UL, token.Value);
        Assert.Equal(fromSecondDraw, token);
        Assert.Equal(2UL, next.Tokens.Drawn);
    }

    [Property]
    public Property A_generator_will_issue_exactly_the_tokens_of_its_later_draws() =>
        Prop.ForAll(Seeds.ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), (seed, at) =>
        {
            var generators = new List<TokenGenerator> { TokenGenerator.FromSeed(seed) };
            var tokens = new List<ReservationToken>();
            for (var i = 0; i < 40; i++)
            {
                var (token, next) = generators[^1].Draw();
                tokens.Add(token);
                generators.Add(next);
            }

            // The generator after draw number `at` has issued the first `at` tokens and will issue the rest.
            var after = generators[at];
            return tokens.Select((token, i) => after.WillIssue(token) == (i >= at)).All(agrees => agrees)
                .Label($"seed {seed}, after {at} draws");
        });

    [Fact]
    public void The_generator_starts_from_the_seed_with_nothing_drawn() =>
        Assert.Equal(TokenGenerator.FromSeed(42), ReservationTable.Empty(ReservationSettings.Default, 42).Tokens);
}
