using System.Text;
using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class NetshOutputTests
{
    private static readonly string English = RecordedNetsh.Fixture("english-crlf-trailing-blanks.txt");

    [Theory]
    [InlineData(437)]
    [InlineData(936)]
    [InlineData(65001)]
    public void ASCII_text_reads_the_same_whatever_the_code_page(int oemCodePage) =>
        Assert.Equal(English, NetshOutput.Decode(Encoding.ASCII.GetBytes(English), oemCodePage));

    [Fact]
    public void UTF8_with_or_without_its_byte_order_mark_and_UTF16_with_its_mark_are_read_as_such()
    {
        var korean = RecordedNetsh.Fixture("korean-crlf.txt");

        Assert.Equal(korean, NetshOutput.Decode(Encoding.UTF8.GetBytes(korean), 437));
        Assert.Equal(korean, NetshOutput.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(korean)], 437));
        Assert.Equal(korean, NetshOutput.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(korean)], 437));
    }

    [Theory]
    [InlineData("korean-crlf.txt", 949)]
    [InlineData("chinese-bom-crlf.txt", 936)]
    [InlineData("spanish-crlf.txt", 850)]
    public void Text_in_an_OEM_code_page_is_read_in_that_code_page(string fixture, int oemCodePage)
    {
        var text = RecordedNetsh.Fixture(fixture).TrimStart('\uFEFF');
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(oemCodePage)!.GetBytes(text);

        Assert.Equal(text, NetshOutput.Decode(bytes, oemCodePage));
    }

    [Fact]
    public void In_a_wrong_code_page_the_digits_dashes_stars_and_line_ends_survive()
    {
        var text = RecordedNetsh.Fixture("korean-crlf.txt");
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(949)!.GetBytes(text);

        var misread = NetshOutput.Decode(bytes, 437);

        Assert.Equal(Structure(text), Structure(misread));
    }

    private static string Structure(string text) =>
        new([.. text.Where(c => char.IsAsciiDigit(c) || c is '-' or '*' or '\r' or '\n')]);
}
