using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock;

/// <summary>
/// Runs netsh.exe (no shell) and answers what it printed. netsh writes in the console's OEM code page;
/// the text is decoded as Latin-1, which keeps every byte, because the parser reads only its ASCII
/// structure (digits, dashes, <c>*</c>, <c>tcp</c>/<c>udp</c>) and never the translated words.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class NetshCommand : INetsh
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public Fin<string> ExcludedPortRanges(Protocol protocol) =>
        Run("int", "ipv4", "show", "excludedportrange", $"protocol={Name(protocol)}");

    /// <inheritdoc />
    public Fin<string> DynamicPorts(Protocol protocol) => Run("int", "ipv4", "show", "dynamicport", Name(protocol));

    private static Fin<string> Run(params string[] arguments)
    {
        var shown = $"netsh {string.Join(' ', arguments)}";
        var start = new ProcessStartInfo("netsh.exe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.Latin1,
            StandardErrorEncoding = Encoding.Latin1,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var netsh = Process.Start(start) ?? throw new InvalidOperationException("netsh.exe did not start");
            var output = netsh.StandardOutput.ReadToEndAsync();
            var errors = netsh.StandardError.ReadToEndAsync();
            if (!netsh.WaitForExit(Timeout))
            {
                netsh.Kill(entireProcessTree: true);
                return Failed(shown, $"it did not finish within {Timeout.TotalSeconds:0} seconds");
            }

            return netsh.ExitCode == 0
                ? FinSucc(output.GetAwaiter().GetResult())
                : Failed(shown, $"it exited with {netsh.ExitCode}: {errors.GetAwaiter().GetResult().Trim()} {output.GetAwaiter().GetResult().Trim()}".TrimEnd());
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return Failed(shown, e.Message.TrimEnd('.'));
        }
    }

    private static Fin<string> Failed(string command, string why) =>
        FinFail<string>(new ReservationError.Unexpected($"`{command}` failed ({why}); run it by hand to see the table", WindowsCodes.NO_ERROR));

    private static string Name(Protocol protocol) => protocol == Protocol.Tcp ? "tcp" : "udp";
}
