using System.Diagnostics;
using System.Text;
using LanguageExt;
using PortReservation.Domain;
using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>The real netsh runner, with a shell script standing in for netsh.exe.</summary>
public sealed class NetshProcessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("portres-netsh-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Queries_carry_netshs_arguments_and_the_command_a_user_types()
    {
        Assert.Equal(["int", "ipv4", "show", "excludedportrange", "protocol=tcp"], new NetshQuery.ExcludedPortRange(Protocol.Tcp).Arguments);
        Assert.Equal("netsh int ipv4 show excludedportrange protocol=udp", new NetshQuery.ExcludedPortRange(Protocol.Udp).CommandLine);
        Assert.Equal("netsh int ipv4 show dynamicport tcp", new NetshQuery.DynamicPort(Protocol.Tcp).CommandLine);
        Assert.Equal("netsh int ipv4 show dynamicport udp", new NetshQuery.DynamicPort(Protocol.Udp).CommandLine);
    }

    [UnixFact]
    public void The_arguments_reach_the_program_one_by_one_without_a_shell()
    {
        var netsh = Netsh("printf '%s|' \"$@\"");

        var text = netsh.Run(new NetshQuery.ExcludedPortRange(Protocol.Udp));

        Assert.Equal("int|ipv4|show|excludedportrange|protocol=udp|", Success(text));
    }

    [UnixFact]
    public void Standard_output_in_the_OEM_code_page_is_read_in_it()
    {
        var korean = RecordedNetsh.Fixture("korean-crlf.txt");
        var bytes = Path.Combine(folder, "korean.bin");
        File.WriteAllBytes(bytes, CodePagesEncodingProvider.Instance.GetEncoding(949)!.GetBytes(korean));
        var netsh = Netsh($"cat '{bytes}'", oemCodePage: 949);

        Assert.Equal(korean, Success(netsh.Run(new NetshQuery.ExcludedPortRange(Protocol.Tcp))));
    }

    [UnixFact]
    public void A_failing_netsh_is_Unexpected_with_its_exit_code_what_it_said_and_the_command_to_run_by_hand()
    {
        var netsh = Netsh("echo 'The following command was not found: int ipv4 show bogus.'; exit 1");

        var error = Assert.IsType<ReservationError.Unexpected>(Failure(netsh.Run(new NetshQuery.DynamicPort(Protocol.Tcp))));

        Assert.Equal(1, error.Code);
        Assert.Contains("`netsh int ipv4 show dynamicport tcp` exited with code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("The following command was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("run that command by hand", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_netsh_that_hangs_is_stopped_at_the_timeout_and_is_Unexpected_with_ERROR_TIMEOUT()
    {
        var netsh = Netsh("sleep 30", timeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = Assert.IsType<ReservationError.Unexpected>(Failure(netsh.Run(new NetshQuery.ExcludedPortRange(Protocol.Tcp))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(1460, error.Code);
        Assert.Contains("did not finish within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_netsh_that_cannot_be_started_is_Unexpected_naming_the_program_and_the_command()
    {
        var missing = Path.Combine(folder, "no-such-netsh.exe");
        var netsh = new NetshProcess(missing, NetshProcess.DefaultTimeout, 437);

        var error = Assert.IsType<ReservationError.Unexpected>(Failure(netsh.Run(new NetshQuery.ExcludedPortRange(Protocol.Tcp))));

        Assert.Contains($"could not be started from {missing}", error.Message, StringComparison.Ordinal);
        Assert.Contains("netsh int ipv4 show excludedportrange protocol=tcp", error.Message, StringComparison.Ordinal);
    }

    private NetshProcess Netsh(string script, TimeSpan? timeout = null, int oemCodePage = 437)
    {
        var path = Path.Combine(folder, $"netsh-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"#!/bin/sh\n{script}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new NetshProcess(path, timeout ?? NetshProcess.DefaultTimeout, oemCodePage);
    }

    private static T Success<T>(Fin<T> result) =>
        result.Match(Succ: value => value, Fail: error => throw new Xunit.Sdk.XunitException($"expected success, got {error}"));

    private static LanguageExt.Common.Error Failure<T>(Fin<T> result) =>
        result.Match(Succ: value => throw new Xunit.Sdk.XunitException($"expected a failure, got {value}"), Fail: error => error);
}
