using System.Diagnostics;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// The host's processes. On Linux the start is field 22 of /proc/PID/stat (clock ticks since boot):
/// an exact number, where <see cref="Process.StartTime"/> is derived from the wall clock and may differ
/// by a little from one reading to the next. Elsewhere <see cref="Process.StartTime"/> serves.
/// </summary>
internal sealed class HostProcessTable : IProcessTable
{
    /// <summary>The one table of the host.</summary>
    public static HostProcessTable Instance { get; } = new();

    /// <inheritdoc />
    public Option<ProcessStart> StartOf(ProcessId process) =>
        process.Value is <= 0 or > int.MaxValue ? None
        : OperatingSystem.IsLinux() ? FromProcStat(process)
        : FromProcessObject(process);

    /// <summary>The start in a /proc/PID/stat line, or none for a process that has exited (zombie or dead).</summary>
    public static Option<ProcessStart> ParseStat(ReadOnlySpan<byte> stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        var close = stat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return None;
        }

        // Fields 3 (the state) to 22 (the start, in clock ticks since boot), counted after the name; read in place,
        // as this runs for every holder on every transaction.
        var rest = stat[(close + 1)..].TrimEnd((byte)'\n');
        const int stateField = 0, startField = 19;
        for (var field = 0; ; field++)
        {
            rest = rest.TrimStart((byte)' ');
            var end = rest.IndexOf((byte)' ');
            var value = end < 0 ? rest : rest[..end];
            if (value.IsEmpty)
            {
                return None;
            }

            if (field == stateField && value is [(byte)'Z' or (byte)'X' or (byte)'x'])
            {
                return None;
            }

            if (field == startField)
            {
                return System.Buffers.Text.Utf8Parser.TryParse(value, out ulong ticks, out var used) && used == value.Length
                    ? Some(new ProcessStart(ticks))
                    : None;
            }

            rest = rest[value.Length..];
        }
    }

    /// <remarks>
    /// open, read and close, nothing more: this runs for every holder on every transaction (and for every request of
    /// <c>portres serve</c>), where File.ReadAllText's stat, advisory lock and stream and reader buffers were most of the cost.
    /// </remarks>
    private static unsafe Option<ProcessStart> FromProcStat(ProcessId process)
    {
        var descriptor = Libc.Open($"/proc/{process.Value}/stat", Libc.ReadOnly | Libc.CloseOnExec);
        if (descriptor < 0)
        {
            return None; // no such process (or not ours to read)
        }

        try
        {
            // The line is a few hundred bytes; the start (field 22) comes well within the first kilobyte.
            Span<byte> line = stackalloc byte[1024];
            nint length;
            fixed (byte* bytes = line)
            {
                length = Libc.Read(descriptor, bytes, line.Length);
            }

            return length <= 0 ? None : ParseStat(line[..(int)length]);
        }
        finally
        {
            _ = Libc.Close(descriptor);
        }
    }

    private static Option<ProcessStart> FromProcessObject(ProcessId process)
    {
        try
        {
            using var p = Process.GetProcessById((int)process.Value);
            return p.HasExited ? None : Some(new ProcessStart((ulong)p.StartTime.ToUniversalTime().Ticks));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return None;
        }
    }
}
