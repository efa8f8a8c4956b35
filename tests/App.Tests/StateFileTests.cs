using System.Runtime.Versioning;
using System.Text;
using PortReservation.App.Cli;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>The state file: damaged files are refused and left alone, writes are atomic and private, the lock is exclusive and bounded.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    public static TheoryData<string, byte[]> DamagedFiles()
    {
        var valid = StateBuilder.Encode([(Protocol.Tcp, StateBuilder.Range(50000, 10))], None);
        var text = Encoding.UTF8.GetString(valid);
        var withHolder = Encoding.UTF8.GetString(StateBuilder.Encode(
            [(Protocol.Tcp, StateBuilder.Range(50000, 10))], Some((77L, 1UL, Protocol.Tcp, StateBuilder.Range(50100, 2)))));
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "truncated", valid[..(valid.Length / 2)] },
            { "binary garbage", [0x00, 0xFF, 0x13, 0x37, 0x80, 0x0A] },
            { "JSON array", Encoding.UTF8.GetBytes("[1,2,3]") },
            { "JSON null", Encoding.UTF8.GetBytes("null") },
            { "another program's JSON", Encoding.UTF8.GetBytes("""{"name":"something else","version":3}""") },
            { "a future format", Replace(text, "\"formatVersion\":3", "\"formatVersion\":4") },
            { "format version as text", Replace(text, "\"formatVersion\":3", "\"formatVersion\":\"3\"") },
            { "format version 0", Replace(text, "\"formatVersion\":3", "\"formatVersion\":0") },
            { "format 3 without its generation", Replace(text, "\"generation\":\"0\",", string.Empty) },
            { "format 2 with a generation", Replace(text, "\"formatVersion\":3", "\"formatVersion\":2") },
            { "a journal line that is not JSON", Encoding.UTF8.GetBytes(text + "{\"put\":\n") },
            { "a journal line that drops a block that is not there", Encoding.UTF8.GetBytes(text + "{\"drop\":{\"reservations\":[\"5\"]}}\n") },
            { "a missing field", Replace(text, "\"nextSocket\":1,", string.Empty) },
            { "an unknown field", Replace(text, "\"nextSocket\":1,", "\"nextSocket\":1,\"extra\":true,") },
            { "a field twice", Replace(text, "\"nextSocket\":1,", "\"nextSocket\":1,\"nextSocket\":1,") },
            { "an unknown protocol", Replace(text, "[\"tcp\",50000,", "[\"sctp\",50000,") },
            { "a block past 65535", Replace(text, "[\"tcp\",50000,10,", "[\"tcp\",65530,10,") },
            { "token 0", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, ",\"[0-9]+\"\\]", ",\"0\"]")) },
            { "a token as a number", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, ",\"([0-9]+)\"\\]", ",$1]")) },
            { "a token with a sign", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, ",\"([0-9]+)\"\\]", ",\"+$1\"]")) },
            { "a reservation of five fields", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, ",\"([0-9]+)\"\\]", ",\"$1\",7]")) },
            { "a reservation as an object", Replace(text, "[[\"tcp\",50000,10,", "[{\"protocol\":\"tcp\"},[\"tcp\",50000,10,") },
            { "a runtime block without its socket", Replace(withHolder, "\"sockets\":[[1,77,\"tcp\",null,null]]", "\"sockets\":[]") },
            { "a socket without its holder's start", Replace(withHolder, "\"holders\":[[77,\"1\"]]", "\"holders\":[]") },
            { "null for a list", Replace(text, "\"sockets\":[]", "\"sockets\":null") },
            { "more after the object on its line", Encoding.UTF8.GetBytes(text.TrimEnd('\n') + "{}\n") },
            { "overlapping blocks", Overlapping(text) },
            { "next socket 0", Replace(text, "\"nextSocket\":1,", "\"nextSocket\":0,") },
            { "next socket -1", Replace(text, "\"nextSocket\":1,", "\"nextSocket\":-1,") },
            { "next socket 2^63-1", Replace(text, "\"nextSocket\":1,", "\"nextSocket\":9223372036854775807,") },
            { "format 1 with an unknown protocol", Replace(FormatOneFile, "\"protocol\":\"udp\"", "\"protocol\":\"sctp\"") },
            { "format 1 with an unknown field", Replace(FormatOneFile, "\"nextSocket\":2,", "\"nextSocket\":2,\"extra\":true,") },
            { "format 1, truncated", Encoding.UTF8.GetBytes(FormatOneFile[..(FormatOneFile.Length / 2)]) },
        };
    }

    /// <summary>A state file as portres wrote it in format 1 (compact), with a runtime block of process 15689 and two persistent blocks.</summary>
    internal const string FormatOneFile =
        """{"formatVersion":1,"settings":{"dynamicStart":49152,"dynamicCount":16384,"wildcardFit":"firstFitFromBottom"},"tokens":{"seed":"11567077490954787472","drawn":"3"},"nextSocket":2,"reservations":[{"protocol":"tcp","start":49152,"count":3,"token":"8236788862544341398","kind":"runtime","holderPid":15689,"holderSocket":1},{"protocol":"tcp","start":50000,"count":10,"token":"12832141640320288258","kind":"persistent","holderPid":null,"holderSocket":null},{"protocol":"udp","start":53000,"count":2,"token":"1807547149245429356","kind":"persistent","holderPid":null,"holderSocket":null}],"sockets":[{"id":1,"pid":15689,"protocol":"tcp","association":null,"boundPort":null}],"holders":[{"pid":15689,"startTime":"98885"}]}""";

    /// <summary>The text with <paramref name="old"/> replaced, which it must hold: a damage that misses would test a valid file.</summary>
    private static byte[] Replace(string text, string old, string replacement)
    {
        Assert.Contains(old, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(old, replacement, StringComparison.Ordinal));
    }

    /// <summary>Every command, each as it would touch the state: a read, a write, a runtime block.</summary>
    public static string[][] EveryCommand(string folder) =>
    [
        ["add", "--start", "51000", "--count", "1"],
        ["delete", "--start", "50000", "--count", "10"],
        ["lookup", "--start", "50000", "--count", "10"],
        ["show"],
        ["why", "50001"],
        ["run", "--count", "1", "--", "sh", "-c", $"touch '{Path.Combine(folder, "ran")}'"],
    ];

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void A_damaged_state_file_gives_exit_7_and_stays_byte_identical(string damage, byte[] content)
    {
        state.Plant(content);

        foreach (var command in EveryCommand(state.Folder))
        {
            var text = InProcess.Run(state, command);
            var json = InProcess.Run(state, ["--json", .. command]);

            Assert.True(text.ExitCode == ExitCodes.StateUnreadable, $"{damage}, {command[0]}: {text}");
            Json.PlainFailure(text);
            Assert.Equal(ExitCodes.StateUnreadable, json.ExitCode);
            Assert.Equal("StateUnreadable", Json.ErrorKind(json));
            Assert.Equal(content, state.Bytes());
        }

        Assert.False(File.Exists(Path.Combine(state.Folder, "ran")), "run started COMMAND over a damaged state file");
        Assert.False(File.Exists(state.TempPath));
    }

    [Fact]
    public void A_folder_in_place_of_the_state_file_gives_exit_7_and_is_left_as_it_was()
    {
        Directory.CreateDirectory(state.StatePath);
        File.WriteAllText(Path.Combine(state.StatePath, "inside"), "kept");

        foreach (var command in EveryCommand(state.Folder))
        {
            var text = InProcess.Run(state, command);

            Assert.True(text.ExitCode == ExitCodes.StateUnreadable, $"{command[0]}: {text}");
            Json.PlainFailure(text);
        }

        Assert.Equal(["inside"], Directory.GetFileSystemEntries(state.StatePath).Select(Path.GetFileName));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(state.StatePath, "inside")));
        Assert.False(File.Exists(Path.Combine(state.Folder, "ran")));
    }

    [NotRootFact]
    [UnsupportedOSPlatform("windows")]
    public void An_unreadable_state_file_gives_exit_7_and_keeps_its_mode_and_bytes()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "10");
        var before = state.Bytes();
        File.SetUnixFileMode(state.StatePath, UnixFileMode.None);

        foreach (var command in EveryCommand(state.Folder))
        {
            var text = InProcess.Run(state, command);

            Assert.True(text.ExitCode == ExitCodes.StateUnreadable, $"{command[0]}: {text}");
            Json.PlainFailure(text);
        }

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(state.StatePath));
        File.SetUnixFileMode(state.StatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(before, state.Bytes());
        Assert.False(File.Exists(Path.Combine(state.Folder, "ran")));
    }

    [Fact]
    public void A_lock_held_past_the_bound_gives_exit_7_and_leaves_the_file_alone()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");
        var before = state.Bytes();
        using var held = new FileStream(state.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var add = InProcess.Run(InProcess.Host(state, lockWait: TimeSpan.FromMilliseconds(200)), "add", "--start", "51000", "--count", "1");

        Assert.Equal(ExitCodes.StateUnreadable, add.ExitCode);
        Json.PlainFailure(add);
        Assert.Contains(state.LockPath, add.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void The_lock_is_free_again_after_each_command()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");

        using var taken = new FileStream(state.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        Assert.True(taken.CanWrite);
    }

    [UnixFact]
    public void A_symbolic_link_planted_at_the_temporary_path_is_refused_and_not_followed()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");
        var before = state.Bytes();
        var victim = Path.Combine(state.Folder, "victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(state.TempPath, victim);

        var add = InProcess.Run(state, "add", "--start", "51000", "--count", "1");

        Assert.Equal(ExitCodes.StateUnreadable, add.ExitCode);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void A_temporary_file_left_by_a_killed_writer_is_replaced()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");
        File.WriteAllText(state.TempPath, "half a write");

        var add = InProcess.Run(state, "add", "--start", "51000", "--count", "1");

        Assert.Equal(ExitCodes.Success, add.ExitCode);
        Assert.False(File.Exists(state.TempPath));
        Assert.Equal(2, StateBuilder.Decode(state.Bytes()).Table.Reservations.Count);
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public void The_state_file_and_lock_are_private_and_a_new_folder_is_private_too()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");

        var privateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(privateFile, File.GetUnixFileMode(state.StatePath));
        Assert.Equal(privateFile, File.GetUnixFileMode(state.LockPath));
        Assert.Equal(privateFile | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(state.StatePath)!));
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public void A_rewrite_makes_a_loosened_state_file_private_again()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");
        File.SetUnixFileMode(state.StatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

        InProcess.Run(state, "add", "--start", "51000", "--count", "1");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.StatePath));
    }

    [Fact]
    public void The_file_is_format_3_first_with_its_generation_each_reservation_as_a_list_and_tokens_as_decimal_strings()
    {
        InProcess.Run(state, "add", "--start", "50000", "--count", "1");

        var text = Encoding.UTF8.GetString(state.Bytes());
        Assert.Matches("^\\{\"formatVersion\":3,\"generation\":\"[1-9][0-9]*\",", text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var reservation = json.RootElement.GetProperty("reservations")[0];
        Assert.Equal(4, reservation.GetArrayLength());
        Assert.Equal("tcp", reservation[0].GetString());
        Assert.Equal(50000, reservation[1].GetInt32());
        Assert.Equal(1, reservation[2].GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.String, reservation[3].ValueKind);
        Assert.True(ulong.Parse(reservation[3].GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static byte[] Overlapping(string text)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var reservations = json["reservations"]!.AsArray();
        var copy = reservations[0]!.DeepClone().AsArray();
        copy[1] = 50005;
        copy[3] = "12345";
        reservations.Add(copy);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
