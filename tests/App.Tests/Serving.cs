using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PortReservation.App.Tests;

/// <summary>A running <c>portres serve</c> for a test, on an address of its own, and the clients that ask it for ports.</summary>
internal sealed class Serving : IDisposable
{
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(2);
    private readonly StringBuilder log = new();
    private readonly Task<string> stdout;

    private Serving(Process process, string address)
    {
        (Process, Address) = (process, address);
        stdout = process.StandardOutput.ReadToEndAsync();
    }

    public Process Process { get; }

    /// <summary>The address as PORTSERVER_ADDRESS names it.</summary>
    public string Address { get; }

    /// <summary>A fresh abstract address: tests run in parallel, each with its own server.</summary>
    public static string NewAddress() => $"@portres-test-{Guid.NewGuid():N}";

    /// <summary>Starts serve with <paramref name="args"/> on the state and waits until it says it serves.</summary>
    public static Serving Start(TempState state, string address, params string[] args)
    {
        var process = Process.Start(Portres.StartInfo(state, ["serve", "--address", address, .. args]))!;
        process.StandardInput.Close();
        var serving = new Serving(process, address);
        serving.AwaitLine("serving");
        return serving;
    }

    /// <summary>What serve logged on stderr so far (every line once it has exited).</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> as one client and answers every byte the server sent back before it closed.</summary>
    public string Ask(byte[] request)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(Address.StartsWith('@') ? "\0" + Address[1..] : Address));
        client.Send(request);
        client.Shutdown(SocketShutdown.Send);
        var answer = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = client.Receive(buffer)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }

    /// <summary>A port for process <paramref name="pid"/>, as portpicker asks (the pid and a newline), or null when none came.</summary>
    public int? PortFor(long pid)
    {
        var answer = Ask(Encoding.ASCII.GetBytes($"{pid}\n"));
        return answer.Length == 0 ? null : int.Parse(answer.TrimEnd('\n'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Signals serve and waits for it: its exit code and its whole log.</summary>
    public (int ExitCode, string Log) Stop(int signal)
    {
        Portres.Signal(Process.Id, signal);
        return Finish();
    }

    public (int ExitCode, string Log) Finish()
    {
        if (!Process.WaitForExit(Hung))
        {
            Process.Kill();
            Assert.Fail($"serve did not end within {Hung}: {Log}");
        }

        Process.WaitForExit();
        _ = stdout.Result;
        return (Process.ExitCode, Log);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    /// <summary>Waits for a line holding <paramref name="text"/> on stderr, then keeps reading the rest into the log.</summary>
    private void AwaitLine(string text)
    {
        var clock = Stopwatch.StartNew();
        var reader = Process.StandardError;
        while (reader.ReadLine() is { } line)
        {
            Append(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                _ = Task.Run(() =>
                {
                    while (reader.ReadLine() is { } more)
                    {
                        Append(more);
                    }
                });
                return;
            }

            if (clock.Elapsed > Hung)
            {
                break;
            }
        }

        Process.WaitForExit();
        Assert.Fail($"serve did not start (exit {Process.ExitCode}): {Log}{stdout.Result}");
    }

    private void Append(string line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
