using System.Diagnostics;

namespace PortReservation.App.Tests;

/// <summary>
/// Debian's python3-portpicker under /usr/bin/python3: the real client of a port server. A test that needs it fails,
/// never passes, when it is missing (.ci/run installs it).
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Starts a portpicker client running <paramref name="script"/> with PORTSERVER_ADDRESS set to <paramref name="address"/>.</summary>
    public static Process Start(string address, string script)
    {
        Assert.True(
            File.Exists(Interpreter) && Run(Interpreter, "-c", "import portpicker") == 0,
            $"these tests need Python's portpicker under {Interpreter}: apt-get install -y python3-portpicker");
        var start = new ProcessStartInfo(Interpreter)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PORTSERVER_ADDRESS"] = address;
        return Process.Start(start)!;
    }

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
