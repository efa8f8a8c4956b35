using System.Diagnostics;
using System.Text;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>
/// The state store against what a hostile shell puts at its paths: a FIFO, a device or a folder
/// where the state file goes, a link planted at the lock, a umask of 000, a state at the size limit. Each runs
/// portres as its own process, so PORTRES_EXE runs them against the Native AOT build too.
/// </summary>
public sealed class HostileStoreTests : IDisposable
{
    /// <summary>The limit the contract of the store sets: no state file is larger than 16 MiB.</summary>
    private const int SizeLimit = 16 * 1024 * 1024;

    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [UnixFact]
    public void A_FIFO_as_the_state_file_gives_exit_7_at_once_and_takes_no_lock()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(state.StatePath)!);
        Assert.Equal(0, Portres.Run(new ProcessStartInfo("mkfifo", [state.StatePath]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true }).ExitCode);

        foreach (var command in new[] { new[] { "show" }, ["add", "--start", "3001", "--count", "1"], ["lookup", "--start", "3001", "--count", "1"] })
        {
            var outcome = Portres.Run(state, command);

            Assert.True(outcome.ExitCode == 7, $"{command[0]}: {outcome}");
            Assert.Contains("not a regular file", outcome.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(state.LockPath), $"{command[0]} created {state.LockPath}");
        }
    }

    [UnixFact]
    public void A_device_as_the_state_file_gives_exit_7_and_creates_no_lock_beside_it()
    {
        var outcome = Portres.Run(state, "--state", "/dev/null", "show");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains("/dev/null is a FIFO, socket or device, not a regular file", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists("/dev/null.lock"), "show created /dev/null.lock");
    }

    [Fact]
    public void A_state_path_ending_in_a_separator_gives_exit_7_and_creates_nothing()
    {
        var folder = Path.Combine(state.Folder, "newdir") + Path.DirectorySeparatorChar;

        foreach (var command in new[] { new[] { "show" }, ["add", "--start", "3001", "--count", "1"] })
        {
            var outcome = Portres.Run(state, ["--state", folder, .. command]);

            Assert.True(outcome.ExitCode == 7, $"{command[0]}: {outcome}");
            Assert.Contains("names a folder", outcome.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder), $"{command[0]} created {folder}");
        }
    }

    [Fact]
    public void A_command_that_changes_nothing_on_a_machine_without_a_state_file_creates_nothing()
    {
        var folder = Path.GetDirectoryName(state.StatePath)!;
        string[][] readOnly = [["show"], ["why", "50000"], ["lookup", "--start", "3001", "--count", "1"], ["--json", "show", "--protocol", "udp"]];
        int[] expected = [0, 0, 4, 0];

        for (var i = 0; i < readOnly.Length; i++)
        {
            var outcome = Portres.Run(state, readOnly[i]);

            Assert.True(outcome.ExitCode == expected[i], $"{string.Join(' ', readOnly[i])}: {outcome}");
            Assert.False(Directory.Exists(folder), $"{string.Join(' ', readOnly[i])} created {folder}");
        }

        var added = Portres.Run(state, "add", "--start", "3001", "--count", "1");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(added.Stdout, Portres.Run(state, "lookup", "--start", "3001", "--count", "1").Stdout);
    }

    [UnixFact]
    public void A_symbolic_link_planted_at_the_lock_is_refused_and_its_target_is_not_created()
    {
        Assert.Equal(0, Portres.Run(state, "add", "--start", "3001", "--count", "1").ExitCode);
        var before = state.Bytes();
        var target = Path.Combine(state.Folder, "target");
        File.Delete(state.LockPath);
        File.CreateSymbolicLink(state.LockPath, target);

        var outcome = Portres.Run(state, "add", "--start", "3002", "--count", "1");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains($"{state.LockPath} is a symbolic link", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target), "portres created the lock link's target");
        Assert.Equal(before, state.Bytes());
    }

    [UnixFact]
    public void A_symbolic_link_planted_at_the_state_file_is_refused_and_not_written_through()
    {
        var target = Path.Combine(state.Folder, "elsewhere.json");
        Assert.Equal(0, Portres.Run(state, "--state", target, "add", "--start", "3001", "--count", "1").ExitCode);
        var before = File.ReadAllBytes(target);
        Directory.CreateDirectory(Path.GetDirectoryName(state.StatePath)!);
        File.CreateSymbolicLink(state.StatePath, target);

        var outcome = Portres.Run(state, "add", "--start", "3002", "--count", "1");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains("is a symbolic link, not a regular file", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.NotNull(new FileInfo(state.StatePath).LinkTarget);
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Every_folder_portres_makes_for_its_state_is_0700_under_a_umask_of_000()
    {
        var home = Path.Combine(state.Folder, "x", "deep");
        var start = Portres.StartInfo(state, ["add", "--start", "3001", "--count", "1"]);
        start.Environment.Remove("PORTRES_STATE");
        start.Environment["XDG_STATE_HOME"] = home;
        Portres.InShell(start, "umask 000;", string.Empty);

        var outcome = Portres.Run(start);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var expected = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var folder in new[] { Path.Combine(state.Folder, "x"), home, Path.Combine(home, "portres") })
        {
            Assert.True(File.GetUnixFileMode(folder) == expected, $"{folder} is {File.GetUnixFileMode(folder)}");
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "portres", "state.json")));
    }

    [Fact]
    public void A_change_that_would_take_the_state_past_the_size_limit_is_refused_with_exit_7_and_the_file_is_left_as_it_was()
    {
        var content = AtTheLimit();
        Assert.InRange(content.Length, SizeLimit - 22, SizeLimit);
        state.Plant(content);

        var outcome = Portres.Run(state, "add", "--start", "3001", "--count", "1");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains("more than the 16777216 bytes a portres state file may hold", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(content, state.Bytes());
        Assert.Equal(0, Portres.Run(state, "show", "--protocol", "udp").ExitCode);
    }

    [Fact]
    public void A_state_of_95533_one_port_blocks_takes_one_more_and_stays_readable()
    {
        var blocks = Enumerable.Range(1, 65535).Select(p => (Protocol.Tcp, StateBuilder.Range(p, 1)))
            .Concat(Enumerable.Range(1, 95533 - 65535).Select(p => (Protocol.Udp, StateBuilder.Range(p, 1))));
        state.Plant(StateBuilder.Encode(blocks, None));

        var added = Portres.Run(state, "add", "--protocol", "udp", "--start", "40000", "--count", "1");
        var looked = Portres.Run(state, "lookup", "--protocol", "udp", "--start", "40000", "--count", "1");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(looked.ExitCode == 0, looked.ToString());
        Assert.Equal(added.Stdout, looked.Stdout);
        Assert.True(state.Bytes().Length <= SizeLimit, $"{state.Bytes().Length} bytes");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("9223372036854775807")]
    public void A_next_socket_number_outside_its_range_gives_exit_7_on_read_and_the_file_is_left_as_it_was(string nextSocket)
    {
        var valid = Encoding.UTF8.GetString(StateBuilder.Encode([(Protocol.Tcp, StateBuilder.Range(50000, 10))], None));
        Assert.Contains("\"nextSocket\":1,", valid, StringComparison.Ordinal);
        var content = Encoding.UTF8.GetBytes(valid.Replace("\"nextSocket\":1,", $"\"nextSocket\":{nextSocket},", StringComparison.Ordinal));
        state.Plant(content);
        string[][] commands = OperatingSystem.IsWindows()
            ? [["show"], ["add", "--start", "3001", "--count", "1"]]
            : [["show"], ["add", "--start", "3001", "--count", "1"], ["run", "--count", "1", "--", "true"]];

        foreach (var command in commands)
        {
            var outcome = Portres.Run(state, command);

            Assert.True(outcome.ExitCode == 7, $"{command[0]}: {outcome}");
            Assert.Contains($"the next socket number {nextSocket} is outside 1 to 9223372036854775806", outcome.Stderr, StringComparison.Ordinal);
            Assert.Equal(content, state.Bytes());
        }
    }

    /// <summary>
    /// A format-2 state, exactly as portres writes it, of between 16 MiB - 22 bytes and 16 MiB: open sockets of the
    /// simulated system process (never reclaimed), so that any new reservation (at least 25 bytes) takes it past.
    /// </summary>
    private static byte[] AtTheLimit()
    {
        const long firstId = 1_000_000_000_000_000_000; // 19 digits, as every entry's id and the next socket number
        static string Entry(string id) => $"[{id},4,\"tcp\",null,null],";
        const string head = """{"formatVersion":2,"settings":{"dynamicStart":49152,"dynamicCount":16384,"wildcardFit":"firstFitFromBottom"},"tokens":{"seed":"7","drawn":"0"},"nextSocket":""";
        const string middle = ""","reservations":[],"sockets":[""";
        const string tail = """]],"holders":[[4,"0"]]}""";
        var entry = Entry(firstId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Length;
        var fixedPart = head.Length + 19 + middle.Length + tail.Length - 2; // the last entry's "]," is the tail's
        var entries = (SizeLimit - fixedPart) / entry;
        var gap = SizeLimit - fixedPart - (entries * entry);
        var text = new StringBuilder(SizeLimit + 64).Append(head).Append(firstId + entries).Append(middle);
        var filler = Entry("1").Length - 1; // an entry's length without its id's digits
        if (gap >= filler + 1)
        {
            // One socket with a shorter number fills the gap.
            text.Append(Entry(new string('1', gap - filler)));
        }

        for (var i = 0; i < entries; i++)
        {
            text.Append(Entry((firstId + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        text.Length -= 2;
        text.Append(tail);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
