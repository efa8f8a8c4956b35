using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;
using static PortReservation.Properties.Netsh.NetshText;

namespace PortReservation.Properties.Netsh;

/// <summary>Reading netsh's excluded port ranges as real hosts print them, in several languages, and refusing what netsh never prints.</summary>
public class ExcludedPortRangesParseTests
{
    private static ExcludedPortTable Parsed(string text, Option<Protocol> protocol = default) =>
        ExcludedPortRanges.Parse(text, protocol).Value();

    /// <summary>
    /// The refusal is an invalid parameter (exit 2 in the CLI) whose message names the line by number and
    /// by text: the message is the only place the line can be named, so this one test reads it.
    /// </summary>
    private static void RefusedNaming(Fin<ExcludedPortTable> result, params (int Number, string Text)[] lines)
    {
        var error = result.Error();
        Assert.IsType<ReservationError.InvalidParameter>(error);
        Assert.Equal(87, error.WindowsCode);
        foreach (var (number, text) in lines)
        {
            Assert.Contains($"line {number} ", error.Message, StringComparison.Ordinal);
            Assert.Contains(text.TrimEnd(), error.Message, StringComparison.Ordinal);
        }
    }

    private static ExcludedPortRange[] Expected(params ExcludedPortRange[] rows) => rows;

    private static string Lines(params string[] lines) => string.Join("\r\n", lines);

    [Fact]
    public void English_with_CRLF_and_trailing_blanks_gives_every_row_and_its_star()
    {
        var table = Parsed(Fixture("english-crlf-trailing-blanks.txt"));
        Assert.Equal(Protocol.Tcp, table.Protocol);
        Assert.Equal(
            Expected(Row(5357, 5357), Row(49705, 49804), Row(49805, 49904), Row(50000, 50059, true), Row(50164, 50263), Row(50264, 50363, true)),
            table.Rows);
        Assert.Equal(Some(6), table.LineOf(Row(5357, 5357)));
        Assert.Equal(Some(11), table.LineOf(Row(50264, 50363, true)));
    }

    [Fact]
    public void English_is_written_back_as_netsh_prints_it_without_the_trailing_blanks()
    {
        var text = ExcludedPortRanges.Format(Parsed(Fixture("english-crlf-trailing-blanks.txt")));
        Assert.Equal(
            "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n"
            + "      5357        5357\r\n"
            + "     49705       49804\r\n"
            + "     49805       49904\r\n"
            + "     50000       50059     *\r\n"
            + "     50164       50263\r\n"
            + "     50264       50363     *\r\n"
            + "\r\n* - Administered port exclusions.\r\n\r\n",
            text);
    }

    [Fact]
    public void Chinese_with_a_byte_order_mark_is_read_by_its_structure()
    {
        Assert.StartsWith("\uFEFF", Fixture("chinese-bom-crlf.txt"), StringComparison.Ordinal);
        var table = Parsed(Fixture("chinese-bom-crlf.txt"));
        Assert.Equal(Protocol.Tcp, table.Protocol);
        Assert.Equal(Expected(Row(1080, 1179), Row(2869, 2869), Row(50000, 50059, true)), table.Rows);
    }

    [Fact]
    public void German_names_the_protocol_last_and_quoted_and_ends_lines_in_LF()
    {
        var table = Parsed(Fixture("german-lf.txt"));
        Assert.Equal(Protocol.Tcp, table.Protocol);
        Assert.Equal(Expected(Row(5985, 5985), Row(53286, 53385), Row(53386, 53485, true)), table.Rows);
    }

    [Fact]
    public void Spanish_with_wider_dashes_names_udp()
    {
        var table = Parsed(Fixture("spanish-crlf.txt"));
        Assert.Equal(Protocol.Udp, table.Protocol);
        Assert.Equal(Expected(Row(3702, 3702), Row(50000, 50059, true)), table.Rows);
    }

    [Fact]
    public void Korean_is_read_by_its_structure()
    {
        var table = Parsed(Fixture("korean-crlf.txt"));
        Assert.Equal(Protocol.Tcp, table.Protocol);
        Assert.Equal(Expected(Row(47001, 47001), Row(63000, 63099)), table.Rows);
    }

    [Fact]
    public void An_empty_table_has_no_rows_and_is_written_back_byte_for_byte()
    {
        var table = Parsed(Fixture("empty-udp-crlf.txt"));
        Assert.Equal(Protocol.Udp, table.Protocol);
        Assert.Empty(table.Rows);
        Assert.Equal(FixtureBytes("empty-udp-crlf.txt"), System.Text.Encoding.UTF8.GetBytes(ExcludedPortRanges.Format(ExcludedPortTable.Empty(Protocol.Udp))));
    }

    [Fact]
    public void A_protocol_given_by_the_caller_overrides_the_title()
    {
        Assert.Equal(Protocol.Udp, Parsed(Fixture("german-lf.txt"), Protocol.Udp).Protocol);
        Assert.Equal(Protocol.Tcp, Parsed(Fixture("spanish-crlf.txt"), Protocol.Tcp).Protocol);
    }

    [Fact]
    public void A_title_that_names_no_protocol_needs_one_from_the_caller()
    {
        var text = Lines("", "Ausgeschlossene Portbereiche", "", "Startport    Endport", "----------    --------", "      5985        5985", "");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (2, "Ausgeschlossene Portbereiche"));
        Assert.Equal(Protocol.Udp, Parsed(text, Protocol.Udp).Protocol);
    }

    [Fact]
    public void A_line_of_garbage_among_the_rows_is_refused_naming_it()
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------",
            "      5357        5357", "     50000       abc", "", "* - Administered port exclusions.", "");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (7, "     50000       abc"));
    }

    [Fact]
    public void A_third_field_that_is_not_a_star_is_refused_naming_the_line()
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------", "     50000       50059     +");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (6, "     50000       50059     +"));
    }

    [Fact]
    public void A_row_whose_end_is_below_its_start_is_refused_naming_the_line()
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------", "     50100       50000", "");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (6, "     50100       50000"));
    }

    [Theory]
    [InlineData("     65530       65536")]
    [InlineData("         0          10")]
    [InlineData("     50000  99999999999999999999")]
    public void A_port_outside_1_to_65535_is_refused_naming_the_line(string row)
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------", "      5357        5357", row, "");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (7, row));
    }

    [Fact]
    public void Rows_that_overlap_each_other_are_refused_naming_both_lines()
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------",
            "     50000       50099", "     50200       50299", "     50050       50149", "", "* - Administered port exclusions.", "");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (6, "     50000       50099"), (8, "     50050       50149"));
    }

    [Fact]
    public void The_same_row_twice_is_an_overlap()
    {
        var text = Lines("", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------",
            "     50000       50059     *", "     50000       50059     *");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (6, "     50000       50059     *"), (7, "     50000       50059     *"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("The requested operation requires elevation.")]
    [InlineData("Protocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n      5357        5357")]
    public void Text_without_a_table_is_refused(string text) =>
        Assert.True(ExcludedPortRanges.Parse(text, None).FailsWith<ReservationError.InvalidParameter, ExcludedPortTable>(87));

    [Fact]
    public void An_underline_without_heads_above_it_is_refused_naming_it()
    {
        var text = Lines("Protocol tcp Port Exclusion Ranges", "", "----------    --------", "      5357        5357");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (3, "----------    --------"));
    }

    [Fact]
    public void A_line_before_the_title_is_refused_naming_it()
    {
        var text = Lines(@"C:\> netsh int ipv4 show excludedportrange protocol=tcp", "", "Protocol tcp Port Exclusion Ranges", "",
            "Start Port    End Port", "----------    --------", "      5357        5357");
        RefusedNaming(ExcludedPortRanges.Parse(text, None), (1, @"C:\> netsh int ipv4 show excludedportrange protocol=tcp"));
    }

    [Fact]
    public void The_footnote_is_read_in_any_language_but_nothing_may_follow_it()
    {
        var head = new[] { "", "Protocol tcp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------", "      5357        5357", "" };
        Assert.Equal(Expected(Row(5357, 5357)), Parsed(Lines([.. head, "* - Verwaltete Portausschlüsse.", ""])).Rows);
        Assert.Equal(Expected(Row(5357, 5357)), Parsed(Lines(head)).Rows);
        RefusedNaming(
            ExcludedPortRanges.Parse(Lines([.. head, "* - Administered port exclusions.", "", "     50000       50059     *"]), None),
            (10, "     50000       50059     *"));
    }

    [Fact]
    public void Two_tables_in_one_text_are_refused_at_the_second()
    {
        var one = Fixture("english-crlf-trailing-blanks.txt");
        var result = ExcludedPortRanges.Parse(one + Fixture("empty-udp-crlf.txt"), None);
        RefusedNaming(result, (16, "Protocol udp Port Exclusion Ranges"));
    }

    [Fact]
    public void Rows_written_out_of_order_are_read_sorted_by_start()
    {
        var text = Lines("", "Protocol udp Port Exclusion Ranges", "", "Start Port    End Port", "----------    --------",
            "     50100       50199", "      3702        3702", "");
        var table = Parsed(text);
        Assert.Equal(Expected(Row(3702, 3702), Row(50100, 50199)), table.Rows);
        Assert.Equal(Some(7), table.LineOf(Row(3702, 3702)));
    }

    [Fact]
    public void Create_refuses_overlapping_rows_and_default_blocks()
    {
        Assert.True(ExcludedPortTable.Create(Protocol.Tcp, [Row(100, 199), Row(150, 160, true)])
            .FailsWith<ReservationError.InvalidParameter, ExcludedPortTable>(87));
        Assert.True(ExcludedPortTable.Create(Protocol.Tcp, [default(ExcludedPortRange)])
            .FailsWith<ReservationError.InvalidParameter, ExcludedPortTable>(87));
    }
}
