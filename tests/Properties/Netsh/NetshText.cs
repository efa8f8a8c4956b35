using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;

namespace PortReservation.Properties.Netsh;

/// <summary>The netsh captures beside these tests, and generators of tables netsh could print.</summary>
internal static class NetshText
{
    /// <summary>A capture as its bytes decode, byte order mark included (File.ReadAllText would drop it).</summary>
    public static string Fixture(string name) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Netsh", name)));

    public static byte[] FixtureBytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Netsh", name));

    public static ExcludedPortRange Row(int start, int end, bool administered = false) =>
        new(Machine.Range(start, end - start + 1), administered);

    public static ExcludedPortTable Table(Protocol protocol, params ExcludedPortRange[] rows) =>
        ExcludedPortTable.Create(protocol, rows).Value();

    /// <summary>
    /// Rows laid left to right from <paramref name="lowest"/>, each after a gap (often none: netsh keeps
    /// adjacent blocks apart), none past <paramref name="highest"/>; starred or not.
    /// </summary>
    public static Gen<ExcludedPortRange[]> RowsWithin(int lowest, int highest, int maxGap, int maxLength) =>
        (from gap in Gen.Frequency((2, Gen.Choose(0, 2)), (3, Gen.Choose(0, maxGap)))
         from length in Gen.Frequency((3, Gen.Choose(1, Math.Min(8, maxLength))), (1, Gen.Choose(1, maxLength)))
         from administered in Gen.Elements(false, true)
         select (gap, length, administered))
        .ArrayOf()
        .Select(pieces => Lay(pieces, lowest, highest));

    /// <summary>Tables of either protocol anywhere in 1-65535, some reaching its ends.</summary>
    public static Gen<ExcludedPortTable> Tables { get; } =
        from protocol in Gen.Elements(Protocol.Tcp, Protocol.Udp)
        from rows in RowsWithin(1, 65535, 3000, 5000)
        from last in Gen.Frequency((3, Gen.Constant(Option<ExcludedPortRange>.None)), (1, Gen.Elements(false, true).Select(star => Option<ExcludedPortRange>.Some(Row(65500, 65535, star)))))
        select Table(protocol, [.. rows.Where(r => r.Range.End.Value < 65500).Concat(last)]);

    private static ExcludedPortRange[] Lay(IEnumerable<(int Gap, int Length, bool Administered)> pieces, int lowest, int highest)
    {
        var rows = new List<ExcludedPortRange>();
        var next = lowest;
        foreach (var (gap, length, administered) in pieces)
        {
            var start = next + gap;
            var end = start + length - 1;
            if (end > highest)
            {
                break;
            }

            rows.Add(Row(start, end, administered));
            next = end + 1;
        }

        return [.. rows];
    }
}
