using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;
using static PortReservation.Properties.Netsh.NetshText;

namespace PortReservation.Properties.Netsh;

/// <summary>The Hyper-V-like profile: the shape the issue describes, the same table for the same seed, other tables for other seeds.</summary>
public class HyperVProfileTests
{
    private static Arbitrary<ulong> Seeds { get; } = ArbMap.Default.GeneratorFor<ulong>().ToArbitrary();

    /// <summary>Dynamic ranges from low (starting at 1024) to the default and narrow ones near the top.</summary>
    private static Arbitrary<(ulong Seed, DynamicPortRange Dynamic)> SeedsAndRanges { get; } =
        (from seed in ArbMap.Default.GeneratorFor<ulong>()
         from start in Gen.Frequency((1, Gen.Constant(1024)), (1, Gen.Constant(49152)), (2, Gen.Choose(1024, 65000)))
         from count in Gen.Choose(1, 65536 - start)
         select (seed, DynamicPortRange.Create(start, count).Value())).ToArbitrary();

    private static List<List<ExcludedPortRange>> RunsOfBlocks(ExcludedPortTable table)
    {
        var runs = new List<List<ExcludedPortRange>>();
        foreach (var block in table.Rows.Where(r => r.Range.Count == 100))
        {
            if (runs.Count > 0 && runs[^1][^1].Range.End.Value + 1 == block.Range.Start.Value)
            {
                runs[^1].Add(block);
            }
            else
            {
                runs.Add([block]);
            }
        }

        return runs;
    }

    [Fact]
    public void The_same_seed_gives_the_same_table_byte_for_byte()
    {
        foreach (var seed in new ulong[] { 0, 1, 42, ulong.MaxValue })
        {
            Assert.Equal(ExcludedPortRanges.Format(FakeProfiles.HyperV(seed)), ExcludedPortRanges.Format(FakeProfiles.HyperV(seed)));
            Assert.Equal(FakeProfiles.HyperV(seed), FakeProfiles.HyperV(seed, DynamicPortRange.Create(49152, 16384).Value()));
        }
    }

    [Fact]
    public void Other_seeds_give_other_tables()
    {
        var texts = Enumerable.Range(1, 20).Select(seed => ExcludedPortRanges.Format(FakeProfiles.HyperV((ulong)seed))).ToList();
        Assert.Equal(20, texts.Distinct().Count());
    }

    [Property]
    public Property On_the_default_range_the_table_looks_like_a_Hyper_V_host() =>
        Prop.ForAll(Seeds, seed =>
        {
            var table = FakeProfiles.HyperV(seed);
            var runs = RunsOfBlocks(table);
            var singles = table.Rows.Where(r => r.Range.Count == 1 && !r.IsAdministered).Select(r => r.Range.Start.Value).ToList();
            return (table.Protocol == Protocol.Tcp).Label("a TCP table")
                .And(new[] { 5357, 5985, 5986, 47001 }.All(singles.Contains).Label("the singles 5357, 5985, 5986 and 47001"))
                .And(singles.All(p => p is 80 or 5357 or 5985 or 5986 or 47001).Label("no other singles than those and 80"))
                .And(table.Rows.Contains(Row(50000, 50059, administered: true)).Label("the administered 50000-50059"))
                .And(table.Rows.Where(r => r.IsAdministered).Count() == 1)
                .And((runs.Count >= 1).Label("some 100-port blocks"))
                .And(runs.All(run => run.Count is >= 2 and <= 8).Label("runs of 2 to 8 consecutive blocks"))
                .And(runs.SelectMany(run => run).All(b => !b.IsAdministered && b.Range.Start.Value >= 49152 && b.Range.End.Value <= 65535)
                    .Label("unstarred blocks inside the dynamic range"))
                .Classify(singles.Contains(80), "with HTTP.sys on 80");
        });

    [Property]
    public Property Over_any_dynamic_range_the_blocks_stay_inside_it_and_no_rows_overlap() =>
        Prop.ForAll(SeedsAndRanges, pair =>
        {
            var (seed, dynamic) = pair;
            var table = FakeProfiles.HyperV(seed, dynamic);
            var rows = table.Rows.ToList();
            var blocks = rows.Where(r => r.Range.Count == 100).ToList();
            var administeredFits = dynamic.Range.Start.Value <= 50000 && dynamic.Range.End.Value >= 50059;
            return rows.Zip(rows.Skip(1)).All(p => p.Item1.Range.End.Value < p.Item2.Range.Start.Value).Label("sorted, none overlapping")
                .And(blocks.All(b => b.Range.Start.Value >= dynamic.Range.Start.Value && b.Range.End.Value <= dynamic.Range.End.Value)
                    .Label("blocks inside the dynamic range"))
                .And((rows.Contains(Row(50000, 50059, administered: true)) == administeredFits).Label("50000-50059 * exactly when it lies in the range"))
                .And(RunsOfBlocks(table).All(run => run.Count is >= 2 and <= 8).Label("runs of 2 to 8"))
                .Classify(blocks.Count == 0, "no room for blocks");
        });

    [Fact]
    public void With_the_dynamic_range_moved_to_start_at_1024_the_blocks_land_down_there()
    {
        var low = DynamicPortRange.Create(1024, 64512).Value();
        foreach (var seed in new ulong[] { 1, 2, 3, 99 })
        {
            var blocks = FakeProfiles.HyperV(seed, low).Rows.Where(r => r.Range.Count == 100).ToList();
            Assert.NotEmpty(blocks);
            Assert.InRange(blocks[0].Range.Start.Value, 1024, 49151);
        }
    }

    [Fact]
    public void A_profile_imports_into_the_fake_row_for_row()
    {
        var profile = FakeProfiles.HyperV(7);
        var machine = new FakeWindows(FakeOptions.Default);
        Assert.Equal(profile.Rows.Count, machine.Import(profile, replace: false).Value().Count);
        Assert.Equal(profile, ExcludedPortTable.Of(machine.State, Protocol.Tcp));
    }
}
