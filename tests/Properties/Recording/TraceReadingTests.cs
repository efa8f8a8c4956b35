using LanguageExt.Common;
using PortReservation.Recording;

namespace PortReservation.Properties.Recording;

/// <summary>A text that is not a trace is refused, naming the first line that is wrong and what is wrong with it.</summary>
public class TraceReadingTests
{
    private const string Header =
        """{"format":"portreservation-trace","version":1,"os":"Microsoft Windows 10.0.22631","osBuild":"10.0.22631.0","adapter":"winsock","dynamicPorts":{"start":49152,"count":16384},"elevated":true,"existing":[]}""";

    private const string Open = """{"seq":1,"process":7,"simulated":false,"call":"openSocket","protocol":"tcp","ok":{"socket":316}}""";

    private static TraceProblem Problem(string text)
    {
        var read = TraceFormat.Read(text);
        Assert.True(read.IsFail, "the text was read as a trace");
        return Assert.IsType<TraceProblem>((Error)read);
    }

    [Fact]
    public void A_header_and_a_call_with_a_byte_order_mark_crlf_and_blank_lines_are_a_trace()
    {
        var trace = TraceFormat.Read("\uFEFF" + Header + "\r\n\r\n" + Open + "\r\n").ThrowIfFail();

        var line = Assert.Single(trace.Calls);
        Assert.Equal(3, line.Line);
        Assert.Equal(316, Assert.IsType<TraceAnswer>(line.Call.Outcome).Socket);
        Assert.Equal("winsock", trace.Header.Adapter);
        Assert.Equal(49152, trace.Header.DynamicPorts.Range.Start.Value);
    }

    [Theory]
    [InlineData("", 1, "the text is empty")]
    [InlineData("hello", 1, "it is not JSON")]
    [InlineData("""{"seq":1}""", 1, "a trace's first line is its header")]
    [InlineData("""{"format":"portreservation-trace","version":2}""", 1, "format version 2, and this version of PortReservation reads version 1 only")]
    public void The_first_line_must_be_a_header_of_version_1(string text, int line, string reason)
    {
        var problem = Problem(text);

        Assert.Equal(line, problem.Line);
        Assert.Contains(reason, problem.Message);
        Assert.StartsWith($"line {line} is not a trace line: ", problem.Message);
    }

    [Theory]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"frobnicate","ok":{}}""", "\"call\" is \"frobnicate\"")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"acquire","socket":316,"ok":{}}""", "acquire takes socket, start and count")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"close","socket":316}""", "exactly one of \"ok\"")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"close","socket":316,"error":{"kind":"Oops","code":1}}""", "the error kind \"Oops\"")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"release","socket":316,"token":12,"ok":{}}""", "\"token\" must be a token as a decimal string")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"create","protocol":"tcp","start":65535,"count":2,"ok":{}}""", "the block 65535+2 is not one")]
    [InlineData("""{"seq":2,"process":7,"simulated":false,"call":"openSocket","protocol":"sctp","ok":{}}""", "\"protocol\" is \"sctp\"")]
    public void A_call_line_that_cannot_be_replayed_names_its_line(string call, string reason)
    {
        var problem = Problem(string.Join("\n", Header, Open, call, Open));

        Assert.Equal(3, problem.Line);
        Assert.Contains(reason, problem.Message);
    }
}
