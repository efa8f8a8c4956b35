using System.Diagnostics;
using System.Globalization;
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
    public static Option<ProcessStart> ParseStat(string stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return None;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int stateField = 0, startField = 19; // fields 3 and 22, counted after the name
        return fields.Length > startField
            && fields[stateField] is not ("Z" or "X" or "x")
            && ulong.TryParse(fields[startField], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? Some(new ProcessStart(ticks))
            : None;
    }

    private static Option<ProcessStart> FromProcStat(ProcessId process)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{process.Value}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
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
