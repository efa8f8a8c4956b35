using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;

namespace PortReservation.Properties.Netsh;

/// <summary>netsh's text and the table are two forms of one value: written and read back, nothing changes.</summary>
public class RoundTripProperties
{
    private static Arbitrary<ExcludedPortTable> Tables { get; } = NetshText.Tables.ToArbitrary();

    [Property]
    public Property A_table_written_as_netsh_text_and_read_back_is_the_same_table() =>
        Prop.ForAll(Tables, table =>
        {
            var read = ExcludedPortRanges.Parse(ExcludedPortRanges.Format(table), None);
            return read.Match(
                    Succ: back => back.Protocol == table.Protocol && back.Rows.SequenceEqual(table.Rows),
                    Fail: _ => false)
                .Label($"read back: {read.Describe()}")
                .Classify(table.Rows.Count == 0, "empty")
                .Classify(table.Rows.Exists(r => r.IsAdministered) && table.Rows.Exists(r => !r.IsAdministered), "both kinds");
        });

    [Property]
    public Property Writing_what_was_read_from_written_text_gives_the_same_bytes() =>
        Prop.ForAll(Tables, table =>
        {
            var text = ExcludedPortRanges.Format(table);
            var again = ExcludedPortRanges.Parse(text, None).Map(ExcludedPortRanges.Format);
            return again.Match(Succ: written => written == text, Fail: _ => false).Label(again.Describe());
        });

    [Property]
    public Property Every_row_is_one_line_of_start_in_10_columns_end_in_the_next_12_and_a_star_when_administered() =>
        Prop.ForAll(Tables, table =>
        {
            var lines = ExcludedPortRanges.Format(table).Split("\r\n");
            var rowLines = lines.Skip(5).Take(table.Rows.Count).ToList();
            return table.Rows.Zip(rowLines).All(pair =>
                    pair.Item2 == pair.Item1.Range.Start.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(10)
                        + pair.Item1.Range.End.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(12)
                        + (pair.Item1.IsAdministered ? "     *" : ""))
                .Label("rows")
                .And((lines.Length == table.Rows.Count + 9 && lines[^2] == "" && lines[^1] == "" && lines[5 + table.Rows.Count] == "" && lines[6 + table.Rows.Count] == "* - Administered port exclusions.")
                    .Label("the footnote follows the rows after a blank line"));
        });

    [Property]
    public Property LF_line_ends_trailing_blanks_and_a_byte_order_mark_do_not_change_what_is_read() =>
        Prop.ForAll(Tables.Zip(Gen.Elements(" ", "  \t", "     ").ToArbitrary()), pair =>
        {
            var (table, blanks) = pair;
            var loose = "\uFEFF" + string.Join("\n", ExcludedPortRanges.Format(table).Split("\r\n").Select(line => line + blanks));
            var read = ExcludedPortRanges.Parse(loose, None);
            return read.Match(Succ: back => back == table, Fail: _ => false).Label(read.Describe());
        });

    [Property]
    public Property A_row_replaced_by_anything_but_two_numbers_and_a_star_is_refused_naming_its_line() =>
        Prop.ForAll(
            NetshText.Tables.Where(t => t.Rows.Count > 0)
                .SelectMany(t => Gen.Choose(0, t.Rows.Count - 1), (table, index) => (table, index))
                .Zip(Gen.Elements("     5357        5357     **", "5357 - 5360", "     50000", "  1 2 3", "abc", "     50000       50059     * x"))
                .ToArbitrary(),
            pair =>
            {
                var ((table, index), garbage) = pair;
                var lines = ExcludedPortRanges.Format(table).Split("\r\n");
                lines[5 + index] = garbage;
                var error = ExcludedPortRanges.Parse(string.Join("\r\n", lines), None).Error();
                return (error is ReservationError.InvalidParameter { WindowsCode: 87 }
                        && error.Message.Contains($"line {6 + index} (\"{garbage}\")", StringComparison.Ordinal))
                    .Label(error.Message);
            });
}
