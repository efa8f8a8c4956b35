using System.Text;

namespace PortReservation.App.Tests;

/// <summary>import and show --netsh: a Windows machine's table brought into the fake, and written back as netsh prints it.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly TempState state = new();
    private readonly TempState elsewhere = new();

    public void Dispose()
    {
        state.Dispose();
        elsewhere.Dispose();
    }

    [Fact]
    public void A_pasted_English_table_imports_and_why_explains_the_refused_bind()
    {
        var imported = Run(state, "import", "--from-netsh", Fixture("english-crlf-trailing-blanks.txt"));

        Assert.Equal(0, imported.ExitCode);
        Assert.Equal("Imported 6 TCP rows: 2 administered (persistent), 4 held by the simulated system process 4 (runtime).\n", imported.Stdout);

        var refused = Run(state, "why", "49750");
        Assert.Equal(0, refused.ExitCode);
        Assert.Contains("TCP port 49750 is in the runtime reservation 49705-49804", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("held by process 4, which stands for a holder Windows does not name, such as WinNAT or HNS", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("fails with \"access forbidden\" (WSAEACCES on Windows)", refused.Stdout, StringComparison.Ordinal);

        var administered = Json.Parse(Run(state, "--json", "why", "50010").Stdout);
        Assert.Equal("persistent", administered.GetProperty("reservation").GetProperty("kind").GetString());
    }

    [Fact]
    public void Show_netsh_imported_elsewhere_and_shown_again_gives_the_same_bytes()
    {
        Assert.Equal(0, Run(state, "import", "--from-netsh", Fixture("english-crlf-trailing-blanks.txt")).ExitCode);

        var shown = Run(state, "show", "--netsh").Stdout;

        // netsh's English layout (spec): CRLF lines, rows %10u%12u, "     *" after administered rows, the footnote.
        const string expected =
            "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n" +
            "      5357        5357\r\n     49705       49804\r\n     49805       49904\r\n     50000       50059     *\r\n" +
            "     50164       50263\r\n     50264       50363     *\r\n\r\n* - Administered port exclusions.\r\n\r\n";
        Assert.Equal(expected, shown);

        var file = Path.Combine(elsewhere.Folder, "netsh.txt");
        File.WriteAllText(file, shown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Assert.Equal(0, Run(elsewhere, "import", "--from-netsh", file).ExitCode);
        Assert.Equal(shown, Run(elsewhere, "show", "--netsh").Stdout);
    }

    [Fact]
    public void A_translated_table_is_read_by_its_structure_and_protocol_may_be_overridden()
    {
        Assert.Equal(0, Run(state, "import", "--from-netsh", Fixture("chinese-bom-crlf.txt")).ExitCode);
        Assert.Equal(0, Run(state, "import", "--from-netsh", Fixture("chinese-bom-crlf.txt"), "--protocol", "udp").ExitCode);

        var rows = Json.Parse(Run(state, "--json", "show").Stdout).GetProperty("reservations").EnumerateArray()
            .Select(r => $"{r.GetProperty("protocol").GetString()} {r.GetProperty("start").GetInt32()}-{r.GetProperty("end").GetInt32()} {r.GetProperty("kind").GetString()}")
            .ToList();
        Assert.Equal(
            ["tcp 1080-1179 runtime", "tcp 2869-2869 runtime", "tcp 50000-50059 persistent", "udp 1080-1179 runtime", "udp 2869-2869 runtime", "udp 50000-50059 persistent"],
            rows);
    }

    [Theory]
    [InlineData("\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n      5000        5010\r\nno rows here, just words\r\n", 7)]
    [InlineData("\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n      5000        4999\r\n", 6)]
    [InlineData("\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n     65535       65536\r\n", 6)]
    [InlineData("\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n      5000        5010\r\n      5010        5020\r\n", 7)]
    public void Text_that_cannot_be_read_exits_2_naming_the_line_and_leaves_the_state_untouched(string text, int line)
    {
        Assert.Equal(0, Run(state, "add", "--start", "3000", "--count", "2").ExitCode);
        var before = state.Bytes();
        var file = Path.Combine(state.Folder, "bad.txt");
        File.WriteAllText(file, text);

        var refused = Run(state, "import", "--from-netsh", file);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"line {line} ", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, state.Bytes());
    }

    [Fact]
    public void A_row_over_a_reservation_is_a_conflict_that_imports_nothing_unless_replace_empties_the_table_first()
    {
        Assert.Equal(0, Run(state, "add", "--start", "50010", "--count", "5").ExitCode);
        var before = state.Bytes();

        var conflict = Run(state, "import", "--from-netsh", Fixture("english-crlf-trailing-blanks.txt"));

        Assert.Equal(3, conflict.ExitCode);
        Assert.Contains("line 9 (50000 50059) overlaps the persistent reservation 50010-50014", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, state.Bytes());

        var replaced = Run(state, "import", "--from-netsh", Fixture("english-crlf-trailing-blanks.txt"), "--replace");
        Assert.Equal(0, replaced.ExitCode);
        Assert.DoesNotContain("50010", Run(state, "show", "--protocol", "tcp").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Imported_runtime_rows_are_never_reclaimed_as_a_dead_holder()
    {
        // No process 4 on this host: were it a holder like any other, the next transaction would end its rows.
        var host = InProcess.Host(state, processes: new FakeProcessTable((Environment.ProcessId, 1)));
        Assert.Equal(0, InProcess.Run(host, "import", "--from-netsh", Fixture("english-crlf-trailing-blanks.txt")).ExitCode);

        Assert.Equal(0, InProcess.Run(host, "run", "--count", "1", "--", "true").ExitCode);

        Assert.Equal(6, Json.Parse(InProcess.Run(host, "--json", "show").Stdout).GetProperty("reservations").GetArrayLength());
    }

    [Fact]
    public void A_profile_is_the_same_table_for_the_same_seed_and_another_for_another_seed()
    {
        var first = Json.Parse(Run(state, "--json", "import", "--profile", "hyper-v", "--seed", "7").Stdout);
        Assert.Equal(0, Run(elsewhere, "import", "--profile", "hyper-v", "--seed", "7").ExitCode);
        var same = Run(elsewhere, "show", "--netsh").Stdout;

        Assert.Equal(same, Run(state, "show", "--netsh").Stdout);
        Assert.Equal(first.GetProperty("imported").GetInt32(), first.GetProperty("persistent").GetInt32() + first.GetProperty("runtime").GetInt32());
        Assert.Contains("     50000       50059     *\r\n", same, StringComparison.Ordinal);

        Assert.Equal(0, Run(elsewhere, "import", "--profile", "hyper-v", "--seed", "8", "--replace").ExitCode);
        Assert.NotEqual(same, Run(elsewhere, "show", "--netsh").Stdout);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "--profile", "hyper-v", "--from-netsh", "-")]
    [InlineData("import", "--from-netsh", "/nonexistent/netsh.txt")]
    [InlineData("import", "--profile", "vmware")]
    [InlineData("--json", "show", "--netsh")]
    [InlineData("import", "--from-netsh", "/dev/null")]
    public void Import_and_show_netsh_usage_mistakes_exit_2(params string[] args) =>
        Assert.Equal(2, Run(state, args).ExitCode);

    private static Outcome Run(TempState state, params string[] args) => InProcess.Run(state, args);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Netsh", name);
}
