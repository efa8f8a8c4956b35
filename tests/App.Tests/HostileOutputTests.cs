using System.Text;

namespace PortReservation.App.Tests;

/// <summary>
/// portres's output against what a hostile shell gives it: a closed or full standard output or
/// error, and control characters in what it repeats back. Each runs portres as its own process under sh, so
/// PORTRES_EXE runs them against the Native AOT build too.
/// </summary>
public sealed class HostileOutputTests : IDisposable
{
    private readonly TempState state = new();

    public void Dispose() => state.Dispose();

    [UnixFact]
    public void Show_with_standard_output_closed_exits_1_with_a_sentence_on_standard_error()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["show"]), string.Empty, ">&-"));

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Equal(
            "portres: the answer could not be written to standard output (standard output is closed); nothing was changed.\n",
            outcome.Stderr);
    }

    [UnixFact]
    public void Run_with_standard_output_closed_exits_with_COMMANDs_code_as_portres_itself_writes_nothing()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["run", "--count", "1", "--", "true"]), string.Empty, ">&-"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(string.Empty, outcome.Stderr);
    }

    [UnixFact]
    public void A_JSON_failure_on_a_full_standard_output_goes_to_standard_error_with_the_failures_exit_code()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["--json", "lookup", "--start", "9", "--count", "1"]), string.Empty, ">/dev/full"));

        Assert.True(outcome.ExitCode == 4, outcome.ToString());
        Assert.StartsWith("portres: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("; 'portres show' lists the reservations", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [UnixFact]
    public void A_usage_error_with_standard_error_full_exits_2_and_prints_nothing_else()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["why", "abc"]), string.Empty, "2>/dev/full"));

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [UnixFact]
    public void Help_on_a_full_standard_output_exits_1()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["--help"]), string.Empty, ">/dev/full"));

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("could not be written to standard output", outcome.Stderr, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Add_on_a_full_standard_output_keeps_the_reservation_and_names_its_token_on_standard_error()
    {
        var outcome = Portres.Run(Portres.InShell(Portres.StartInfo(state, ["add", "--start", "3001", "--count", "1"]), string.Empty, ">/dev/full"));
        var looked = Portres.Run(state, "lookup", "--start", "3001", "--count", "1");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.True(looked.ExitCode == 0, looked.ToString());
        var token = looked.Stdout.Trim();
        Assert.Equal(
            $"portres: the persistent reservation tcp 3001 was made (token {token}), and it stays made, but the answer could not be written "
            + "to standard output (No space left on device); 'portres lookup --protocol tcp --start 3001 --count 1' prints its token.\n",
            outcome.Stderr);
    }

    [UnixFact]
    public void Control_characters_in_a_command_name_are_escaped_on_standard_error()
    {
        var outcome = Portres.Run(state, "run", "--count", "1", "--", "no\u001b]0;pwned\u0007such");

        Assert.True(outcome.ExitCode == 127, outcome.ToString());
        Assert.Contains("no\\x1B]0;pwned\\x07such", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Stderr.TrimEnd('\n'), char.IsControl);
    }

    [Fact]
    public void Control_characters_in_a_state_path_are_escaped_on_standard_error()
    {
        var path = Path.Combine(state.Folder, "a\u001b[2Jb") + Path.DirectorySeparatorChar;

        var outcome = Portres.Run(state, "--state", path, "show");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains("a\\x1B[2Jb", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Stderr.TrimEnd('\n'), char.IsControl);
    }

    [Fact]
    public void Control_characters_in_a_state_files_string_are_escaped_on_standard_error()
    {
        var valid = Encoding.UTF8.GetString(StateBuilder.Encode([], LanguageExt.Prelude.None));
        Assert.Contains("\"firstFitFromBottom\"", valid, StringComparison.Ordinal);
        state.Plant(Encoding.UTF8.GetBytes(valid.Replace("\"firstFitFromBottom\"", "\"\\u001b[2J\\r\"", StringComparison.Ordinal)));

        var outcome = Portres.Run(state, "show");

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        Assert.Contains("unknown wildcardFit '\\x1B[2J\\x0D'", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Stderr.TrimEnd('\n'), char.IsControl);
    }
}
