using System.Globalization;
using System.Text;
using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.App.Output;

/// <summary>
/// The reservation table as <c>netsh int ipv4 show excludedportrange</c> prints it, so Windows users read
/// it at a glance: per protocol a title, the column heads, one row per block (start right-aligned in 10
/// columns, 4 spaces, end right-aligned in 8, and <c>     *</c> after persistent blocks), then the
/// footnote. Each row goes on with the block's kind, token and, for runtime blocks, the holding process.
/// </summary>
internal static class NetshTable
{
    /// <summary>The tables of <paramref name="protocols"/>, each with the reservations of its protocol.</summary>
    public static string Render(Seq<Reservation> reservations, IEnumerable<Protocol> protocols)
    {
        var text = new StringBuilder();
        foreach (var protocol in protocols)
        {
            text.Append('\n')
                .Append(CultureInfo.InvariantCulture, $"Protocol {Names.Of(protocol)} Port Exclusion Ranges\n")
                .Append('\n')
                .Append("Start Port    End Port\n")
                .Append("----------    --------\n");
            foreach (var r in reservations.Filter(r => r.Protocol == protocol))
            {
                text.Append(Row(r)).Append('\n');
            }

            text.Append('\n')
                .Append("* - Administered port exclusions.\n")
                .Append('\n');
        }

        return text.ToString();
    }

    private static string Row(Reservation r)
    {
        var (mark, owner) = r switch
        {
            Reservation.Runtime runtime => ("      ", $"  pid {runtime.Holder.Process}"),
            _ => ("     *", string.Empty),
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{r.Range.Start.Value,10}    {r.Range.End.Value,8}{mark}    {Names.Of(r.Kind),-10}  token {r.Token}{owner}");
    }
}
