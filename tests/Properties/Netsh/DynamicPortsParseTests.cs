using PortReservation.Domain;
using PortReservation.Domain.Netsh;
using PortReservation.Properties.Support;
using static PortReservation.Properties.Netsh.NetshText;

namespace PortReservation.Properties.Netsh;

/// <summary>Reading <c>netsh int ipv4 show dynamicport</c> by its structure: the first number is the start, the second the count.</summary>
public class DynamicPortsParseTests
{
    private static string Lines(params string[] lines) => string.Join("\r\n", lines);

    [Fact]
    public void English_gives_Windows_default_range()
    {
        var range = DynamicPorts.Parse(Fixture("dynamicport-english-crlf.txt")).Value();
        Assert.Equal(49152, range.Range.Start.Value);
        Assert.Equal(16384, range.Range.Count);
    }

    [Fact]
    public void German_labels_are_read_by_position()
    {
        var range = DynamicPorts.Parse(Fixture("dynamicport-german-crlf.txt")).Value();
        Assert.Equal(1025, range.Range.Start.Value);
        Assert.Equal(65535, range.Range.End.Value);
    }

    [Fact]
    public void LF_a_byte_order_mark_and_a_full_width_colon_are_accepted()
    {
        var range = DynamicPorts.Parse("\uFEFF\n协议 tcp 动态端口范围\n---------------------------------\n启动端口        ：10000\n端口数          ：5000  \n\n").Value();
        Assert.Equal(10000, range.Range.Start.Value);
        Assert.Equal(5000, range.Range.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 49152\r\n")]
    [InlineData("\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 49152\r\nNumber of Ports : many\r\n")]
    public void A_missing_value_is_refused(string text) =>
        Assert.True(DynamicPorts.Parse(text).FailsWith<ReservationError.InvalidParameter, DynamicPortRange>(87));

    [Theory]
    [InlineData(5, "Number of Ports : 16384")]
    [InlineData(4, "Start Port      : 65536")]
    [InlineData(4, "Start Port      : 0")]
    public void A_value_outside_the_port_space_is_refused_naming_its_line(int line, string text)
    {
        var lines = new[] { "", "Protocol tcp Dynamic Port Range", "---------------------------------", "Start Port      : 60000", "Number of Ports : 16384", "" };
        lines[line - 1] = text;
        var error = DynamicPorts.Parse(Lines(lines)).Error();
        Assert.IsType<ReservationError.InvalidParameter>(error);
        Assert.Equal(87, error.WindowsCode);
        Assert.Contains($"line {line} (\"{text}\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_that_is_not_part_of_the_output_is_refused_naming_it()
    {
        var text = Lines("", "Protocol tcp Dynamic Port Range", "---------------------------------", "Start Port      : 49152", "Number of Ports : 16384", "Done.");
        var error = DynamicPorts.Parse(text).Error();
        Assert.Equal(87, error.WindowsCode);
        Assert.Contains("line 6 (\"Done.\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_third_value_is_refused_naming_it()
    {
        var text = Lines("", "Protocol tcp Dynamic Port Range", "---------------------------------", "Start Port      : 49152", "Number of Ports : 16384", "End Port        : 65535");
        var error = DynamicPorts.Parse(text).Error();
        Assert.Equal(87, error.WindowsCode);
        Assert.Contains("line 6 (\"End Port        : 65535\")", error.Message, StringComparison.Ordinal);
    }
}
