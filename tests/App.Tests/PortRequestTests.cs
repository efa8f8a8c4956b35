using System.Text;
using PortReservation.App.Serving;

namespace PortReservation.App.Tests;

/// <summary>Requests read as portserver reads them: Python's int() of at most 20 bytes.</summary>
public sealed class PortRequestTests
{
    public static TheoryData<string, long?> Requests() => new()
    {
        // What Python's int(bytes) answers for each (None where it raises ValueError).
        { "12\n", 12 },
        { " 12 \n", 12 },
        { "+12\n", 12 },
        { "-12\n", -12 },
        { "1_2\n", 12 },
        { "1__2\n", null },
        { "_12\n", null },
        { "12_\n", null },
        { "12\n\n", 12 },
        { "12\r\n", 12 },
        { "\t12\v\f", 12 },
        { "0012", 12 },
        { "-0", 0 },
        { "0x12", null },
        { "", null },
        { "\n", null },
        { "+\n", null },
        { "12 3", null },
        { "12\0", null },
        { "\u001c12", null },
        { "12\nxyz", null },
        { "12345678901234567\n", 12345678901234567 },
        { "11111111111111111111", long.MaxValue }, // 20 bytes, past a long: no process has it either
        { "111111111111111111111", null }, // 21 bytes: more than portserver takes
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_reads_as_pythons_int_of_at_most_20_bytes(string request, long? expected) =>
        Assert.Equal(expected, PortRequest.Parse(Encoding.Latin1.GetBytes(request)));

    [Fact]
    public void A_request_is_quoted_for_the_log_with_escapes() =>
        Assert.Equal(@"'12\n\x00\\'", PortRequest.Quote("12\n\0\\"u8));
}
