using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Reads which ports a reservation must not hand out on a Linux host: every port a socket holds
/// (/proc/net/tcp and tcp6, or udp and udp6: listening, connected and closing sockets alike, since a bind
/// without SO_REUSEADDR fails on any of them) and the kernel's net.ipv4.ip_local_reserved_ports (kept
/// for the services they were set aside for; the list applies to both protocols). Elsewhere, and where
/// /proc cannot be read, no port counts as taken.
/// </summary>
/// <remarks>
/// This runs at the start of every acquiring transaction, so the files are read as /proc/PID/stat is
/// (<see cref="HostProcessTable"/>): open, read into a stack buffer and close, parsed as bytes, with no stream, reader or
/// string per line. What remains is the kernel's: each read of tcp or tcp6 walks its whole established-socket hash
/// table, and a file takes two reads (the second only finds the end).
/// </remarks>
internal static class HostPorts
{
    private const string ReservedPortsPath = "/proc/sys/net/ipv4/ip_local_reserved_ports";

    /// <summary>What <see cref="ReadRecords"/> does with one record (a line, or an item of a list).</summary>
    internal delegate void RecordParser(ReadOnlySpan<byte> record, List<int> ports);

    /// <summary>The taken ports of <paramref name="protocol"/> as /proc shows them now, ascending and each once.</summary>
    public static IReadOnlyCollection<Port> Read(Protocol protocol)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var (table, table6) = protocol == Protocol.Tcp ? ("/proc/net/tcp", "/proc/net/tcp6") : ("/proc/net/udp", "/proc/net/udp6");
        var taken = new List<int>();
        ReadFile(ReservedPortsPath, (byte)',', AddReservedPorts, taken);
        ReadFile(table, (byte)'\n', AddSocketTablePort, taken);
        ReadFile(table6, (byte)'\n', AddSocketTablePort, taken);
        return Distinct(taken);
    }

    /// <summary>
    /// The local port of a line of a /proc/net/{tcp,tcp6,udp,udp6} table, if it is a socket's: after the header,
    /// one socket a line, <c>N: ADDRESS:PORT ...</c> with the port in hexadecimal. Port 0 (not yet bound) is skipped.
    /// </summary>
    public static void AddSocketTablePort(ReadOnlySpan<byte> line, List<int> ports)
    {
        line = line.TrimStart((byte)' ');
        var slot = line.IndexOf((byte)' ');
        if (slot < 2 || line[slot - 1] != (byte)':')
        {
            return; // the header, or a blank line
        }

        var local = line[slot..].TrimStart((byte)' ');
        var end = local.IndexOf((byte)' ');
        local = end < 0 ? local : local[..end];
        var colon = local.LastIndexOf((byte)':');
        if (colon >= 0 && TryParseHex(local[(colon + 1)..], out var port) && port != 0)
        {
            ports.Add(port);
        }
    }

    /// <summary>The ports of an item of an ip_local_reserved_ports list such as <c>8080,9000-9100</c>: one port or a range.</summary>
    public static void AddReservedPorts(ReadOnlySpan<byte> item, List<int> ports)
    {
        item = item.Trim(" \t\n"u8);
        var dash = item.IndexOf((byte)'-');
        var first = dash < 0 ? item : item[..dash];
        var last = dash < 0 ? item : item[(dash + 1)..];
        if (TryParseDecimal(first, out var from) && TryParseDecimal(last, out var to))
        {
            for (var port = Math.Max(from, Port.MinValue); port <= Math.Min(to, Port.MaxValue); port++)
            {
                ports.Add(port);
            }
        }
    }

    /// <summary>Every record of <paramref name="content"/>, split at <paramref name="separator"/>; the last needs none.</summary>
    public static void ParseRecords(ReadOnlySpan<byte> content, byte separator, RecordParser parse, List<int> ports)
    {
        foreach (var range in content.Split(separator))
        {
            parse(content[range], ports);
        }
    }

    /// <summary>
    /// The records of what <paramref name="descriptor"/> reads to its end, parsed as they arrive: a record cut at the
    /// end of a read is carried over to the next. A record longer than the buffer is skipped (no /proc line is).
    /// </summary>
    public static unsafe void ReadRecords(int descriptor, byte separator, RecordParser parse, List<int> ports)
    {
        Span<byte> buffer = stackalloc byte[8192];
        var kept = 0;
        while (true)
        {
            nint read;
            fixed (byte* free = buffer[kept..])
            {
                read = Libc.Read(descriptor, free, buffer.Length - kept);
            }

            if (read <= 0)
            {
                ParseRecords(buffer[..kept], separator, parse, ports);
                return;
            }

            var filled = kept + (int)read;
            var complete = buffer[..filled].LastIndexOf(separator) + 1;
            if (complete == 0 && filled == buffer.Length)
            {
                kept = 0;
                continue;
            }

            ParseRecords(buffer[..Math.Max(0, complete - 1)], separator, parse, ports);
            buffer[complete..filled].CopyTo(buffer);
            kept = filled - complete;
        }
    }

    /// <summary>The valid ports among <paramref name="numbers"/>, ascending and each once.</summary>
    internal static Port[] Distinct(List<int> numbers)
    {
        // A host holds a few hundred ports at most: sorting them costs less than clearing a mask of all 65,536.
        numbers.Sort();
        var ports = new List<Port>(numbers.Count);
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] is >= Port.MinValue and <= Port.MaxValue && (ports.Count == 0 || ports[^1].Value != numbers[i]))
            {
                ports.Add(Port.Trusted(numbers[i]));
            }
        }

        return [.. ports];
    }

    private static void ReadFile(string path, byte separator, RecordParser parse, List<int> ports)
    {
        var descriptor = Libc.Open(path, Libc.ReadOnly | Libc.CloseOnExec);
        if (descriptor < 0)
        {
            return; // no such file, or not ours to read: nothing taken
        }

        try
        {
            ReadRecords(descriptor, separator, parse, ports);
        }
        finally
        {
            _ = Libc.Close(descriptor);
        }
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out int value) =>
        System.Buffers.Text.Utf8Parser.TryParse(digits, out value, out var used, 'X') && used == digits.Length && digits.Length > 0;

    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
