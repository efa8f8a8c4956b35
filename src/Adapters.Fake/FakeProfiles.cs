using PortReservation.Domain;
using PortReservation.Domain.Netsh;

namespace PortReservation.Adapters.Fake;

/// <summary>
/// Generated tables of excluded port ranges shaped like those of real Windows hosts, to load into the fake
/// with <see cref="FakeWindows.Import"/> so tests meet the blocks that break binds in the field.
/// </summary>
public static class FakeProfiles
{
    private const int BlockSize = 100;

    /// <summary>A Hyper-V/WinNAT-like TCP table over Windows' default dynamic range, 49152-65535; see <see cref="HyperV(ulong, DynamicPortRange)"/>.</summary>
    public static ExcludedPortTable HyperV(ulong seed) => HyperV(seed, DynamicPortRange.Default);

    /// <summary>
    /// A TCP table like those netsh shows on Hyper-V, WSL or Docker hosts: runs of 2 to 8 consecutive
    /// 100-port blocks inside <paramref name="dynamicPorts"/>, separated by irregular gaps (what WinNAT and
    /// HNS take, unstarred); the single ports 5357, 5985, 5986 and 47001, and 80 (HTTP.sys) in about half
    /// the tables, unstarred; and the administered block 50000-50059 when it lies inside the dynamic range.
    /// Where the dynamic range starts low (at 1024, say), the blocks land there, around the singles.
    /// </summary>
    /// <remarks>
    /// The same seed gives the same table on every run and every .NET version: the numbers come from a
    /// SplitMix64 sequence (the domain's, as tokens use), not from <see cref="System.Random"/>, whose seeded sequence .NET
    /// does not promise to keep. Rows never overlap and lie within 1-65535; a dynamic range too small for
    /// a run of blocks gets fewer runs, or none.
    /// </remarks>
    public static ExcludedPortTable HyperV(ulong seed, DynamicPortRange dynamicPorts)
    {
        var draws = new SplitMix64(seed);
        var withHttpSys = draws.Between(0, 1) == 0;
        int[] singles = withHttpSys ? [80, 5357, 5985, 5986, 47001] : [5357, 5985, 5986, 47001];
        var fixedRows = singles
            .Select(single => new ExcludedPortRange(PortRange.Single(Port.Create(single).ThrowIfFail()), IsAdministered: false))
            .ToList();

        var administered = PortRange.Create(50000, 60).ThrowIfFail();
        if (dynamicPorts.Contains(administered.Start) && dynamicPorts.Contains(administered.End))
        {
            fixedRows.Add(new ExcludedPortRange(administered, IsAdministered: true));
        }

        var blocks = new List<ExcludedPortRange>();
        var (lowest, highest) = (dynamicPorts.Range.Start.Value, dynamicPorts.Range.End.Value);
        var cursor = lowest + draws.Between(0, 1500);
        var runs = draws.Between(2, 6);
        for (var run = 0; run < runs; run++)
        {
            var span = draws.Between(2, 8) * BlockSize;

            // A run steps over the fixed rows in its way, as WinNAT's blocks do around ports already excluded.
            while (fixedRows.FirstOrDefault(row => row.Range.Start.Value <= cursor + span - 1 && cursor <= row.Range.End.Value) is { Range.Count: > 0 } inTheWay)
            {
                cursor = inTheWay.Range.End.Value + 1 + draws.Between(1, 300);
            }

            if (cursor + span - 1 > highest)
            {
                break;
            }

            for (var block = cursor; block < cursor + span; block += BlockSize)
            {
                blocks.Add(new ExcludedPortRange(PortRange.Create(block, BlockSize).ThrowIfFail(), IsAdministered: false));
            }

            cursor += span + draws.Between(20, 1500);
        }

        return ExcludedPortTable.Create(Protocol.Tcp, fixedRows.Concat(blocks)).ThrowIfFail();
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood): a tiny generator whose sequence is fixed by its definition.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        /// <summary>A number from <paramref name="lowest"/> to <paramref name="highest"/> inclusive (the modulo's bias is far below what a profile notices).</summary>
        public int Between(int lowest, int highest) => lowest + (int)(Next() % (ulong)(highest - lowest + 1));

        private ulong Next()
        {
            state = unchecked(state + SplitMix.Golden);
            return SplitMix.Mix(state);
        }
    }
}
