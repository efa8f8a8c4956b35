using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The production <see cref="INetsh"/>: starts netsh.exe from the system folder with the query's arguments
/// (no shell, no window, standard input closed), reads its standard output as bytes and decodes them with
/// <see cref="NetshOutput"/>, and stops it when it has not finished within the timeout.
/// </summary>
/// <param name="executable">The program to start; netsh.exe of the system folder in production.</param>
/// <param name="timeout">How long netsh may take; it answers in well under a second.</param>
/// <param name="oemCodePage">The code page in which netsh writes when its output is not UTF-8.</param>
internal sealed class NetshProcess(string executable, TimeSpan timeout, int oemCodePage) : INetsh
{
    /// <summary>How long netsh may take before the adapter stops it and reports a timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Win32 ERROR_FILE_NOT_FOUND: the code of a netsh that cannot be started, when Windows gives none.</summary>
    internal const int ErrorFileNotFound = 2;

    /// <summary>Win32 ERROR_INVALID_DATA: the code of output that cannot be read.</summary>
    internal const int ErrorInvalidData = 13;

    /// <summary>Win32 ERROR_TIMEOUT: the code of a query that did not finish in time.</summary>
    internal const int ErrorTimeout = 1460;

    /// <summary>netsh.exe of this Windows (from the system folder, not from PATH), with the system's OEM code page.</summary>
    [SupportedOSPlatform("windows")]
    public static NetshProcess OfThisWindows() =>
        new(Path.Combine(Environment.SystemDirectory, "netsh.exe"), DefaultTimeout, (int)Interop.Kernel32.GetOEMCP());

    /// <inheritdoc />
    public Fin<string> Run(NetshQuery query)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in query.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            return Failed(query, $"could not be started from {executable} ({e.Message})", e.NativeErrorCode);
        }

        if (process is null)
        {
            return Failed(query, $"could not be started from {executable}", ErrorFileNotFound);
        }

        using (process)
        {
            var deadline = Stopwatch.StartNew();
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Close();

            bool finished;
            try
            {
                finished = process.WaitForExit(timeout) && Task.WaitAll([reading, errors], Remaining(deadline));
            }
            catch (AggregateException e)
            {
                Stop(process);
                return Failed(query, $"could not be read ({e.InnerException?.Message ?? e.Message})", ErrorInvalidData);
            }

            if (!finished)
            {
                Stop(process);
                return Failed(query, $"did not finish within {timeout.TotalSeconds:0.###} s and was stopped", ErrorTimeout);
            }

            var text = NetshOutput.Decode(output.GetBuffer().AsSpan(0, (int)output.Length), oemCodePage);
            return process.ExitCode == 0
                ? FinSucc(text)
                : Failed(query, $"exited with code {process.ExitCode}{Said(errors.Result, text)}", process.ExitCode);
        }
    }

    private TimeSpan Remaining(Stopwatch elapsed) =>
        timeout > elapsed.Elapsed ? timeout - elapsed.Elapsed : TimeSpan.Zero;

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
        catch (Win32Exception)
        {
            // It could not be stopped; the timeout is reported all the same.
        }
    }

    /// <summary>What netsh said about its failure: its first non-blank line, from standard error or else standard output.</summary>
    private static string Said(string errors, string output) =>
        (errors + "\n" + output).Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) is { } first
            ? $" saying \"{first}\""
            : string.Empty;

    /// <summary>The failure of <paramref name="query"/>: what happened, and what to do.</summary>
    internal static Fin<string> Failed(NetshQuery query, string what, int code) =>
        FinFail<string>(new ReservationError.Unexpected(
            $"`{query.CommandLine}` {what}; Windows has no call that lists port reservations, so the Winsock adapter reads netsh's output: "
            + "run that command by hand to see the table, and check that netsh works",
            code));
}
