using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>
/// This test process and another one (tests/SharedFakeChild) open the same state file: each sees the other's
/// blocks, is refused them, and gets a block back once the process that held it has ended.
/// </summary>
public sealed class TwoProcessTests : IDisposable
{
    /// <summary>Long enough for a process start on a loaded machine; only a hung child ever reaches it.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(2);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [UnixFact]
    public void A_block_held_by_another_process_is_seen_and_refused_here_and_reclaimed_once_that_process_ends()
    {
        var here = SharedFakeWindows.Open(folder.StatePath, SharedFakeOptions.Default.WithElevation(true).WithPortsInUse(_ => [])).ThrowIfFail();
        here.Process().Create(Protocol.Tcp, Range(50000, 10)).ThrowIfFail();

        using var child = StartChild(folder.StatePath, 50100, 10);
        Assert.Equal("sees 1", ReadLine(child));
        var held = ReadLine(child);
        Assert.StartsWith("held ", held, StringComparison.Ordinal);

        var seen = here.Process().List(Protocol.Tcp).ThrowIfFail();
        var block = Assert.IsType<Reservation.Runtime>(Assert.Single(seen, r => r.Range == Range(50100, 10)));
        Assert.Equal(new ProcessId(child.Id), block.Holder.Process);
        Assert.Equal(held["held ".Length..], block.Token.ToString());
        var refused = here.Transact(me => Acquire(me, Range(50105, 10)));
        var conflict = Assert.IsType<ReservationError.Conflict>(ReservationError.From((Error)refused));
        Assert.Equal(block, conflict.Overlapping.Case);

        child.StandardInput.Close();
        Assert.True(child.WaitForExit(Hung), "the child did not end when its input did");
        Assert.Equal(0, child.ExitCode);

        Assert.Equal([Range(50000, 10)], here.Process().List(Protocol.Tcp).ThrowIfFail().Select(r => r.Range).ToArray());
        var again = here.Transact(me => Acquire(me, Range(50105, 10))).ThrowIfFail();
        Assert.Equal(Range(50105, 10), again.Range);
    }

    [UnixFact]
    public void A_block_held_here_is_refused_to_another_process()
    {
        var here = SharedFakeWindows.Open(folder.StatePath, SharedFakeOptions.Default.WithPortsInUse(_ => [])).ThrowIfFail();
        here.Transact(me => Acquire(me, Range(50100, 10))).ThrowIfFail();

        using var child = StartChild(folder.StatePath, 50109, 1);
        Assert.Equal("sees 1", ReadLine(child));
        var answer = ReadLine(child);
        child.StandardInput.Close();

        Assert.StartsWith("failed ", answer, StringComparison.Ordinal);
        Assert.Contains("50100-50109", answer, StringComparison.Ordinal);
        Assert.True(child.WaitForExit(Hung));
        Assert.Equal(1, child.ExitCode);
    }

    private static Process StartChild(string statePath, int start, int count)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PortReservation.SharedFakeChild.dll"), statePath, $"{start}", $"{count}" })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static string ReadLine(Process child)
    {
        var line = child.StandardOutput.ReadLineAsync();
        if (!line.Wait(Hung))
        {
            child.Kill();
            Assert.Fail("the child said nothing");
        }

        return line.Result ?? throw new InvalidOperationException($"the child ended (exit {(child.WaitForExit(Hung) ? child.ExitCode : -1)}) without a line");
    }

    private static Fin<ReservationInstance> Acquire(Domain.Ports.IReservationPort me, PortRange range) =>
        from socket in me.OpenSocket(Protocol.Tcp)
        from instance in me.Acquire(socket, ReservationRequest.ForBlock(range))
        select instance;

    private static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();
}
