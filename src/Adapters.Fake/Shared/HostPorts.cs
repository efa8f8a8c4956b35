using System.Globalization;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>
/// Reads which ports a reservation must not hand out on a Linux host: every port a socket holds
/// (/proc/net/tcp and tcp6, or udp and udp6: listening, connected and closing sockets alike, since a bind
/// without SO_REUSEADDR fails on any of them) and the kernel's net.ipv4.ip_local_reserved_ports (kept
/// for the services they were set aside for; the list applies to both protocols). On hosts without
/// /proc no port counts as taken.
/// </summary>
internal static class HostPorts
{
    private const string ReservedPortsPath = "/proc/sys/net/ipv4/ip_local_reserved_ports";

    /// <summary>The taken ports of <paramref name="protocol"/> as /proc shows them now, ascending and each once.</summary>
    public static IReadOnlyCollection<Port> Read(Protocol protocol)
    {
        var (table, table6) = protocol == Protocol.Tcp ? ("/proc/net/tcp", "/proc/net/tcp6") : ("/proc/net/udp", "/proc/net/udp6");
        return Distinct(
            ReservedPorts(ReadOrEmpty(ReservedPortsPath))
                .Concat(SocketTablePorts(ReadOrEmpty(table)))
                .Concat(SocketTablePorts(ReadOrEmpty(table6))));
    }

    /// <summary>
    /// The local ports of a /proc/net/{tcp,tcp6,udp,udp6} table: the header line, then one socket a line
    /// whose second column is <c>ADDRESS:PORT</c> in hexadecimal. Port 0 (not yet bound) is skipped.
    /// </summary>
    public static IEnumerable<int> SocketTablePorts(string table)
    {
        foreach (var line in table.Split('\n'))
        {
            var columns = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 2 || !columns[0].EndsWith(':'))
            {
                continue;
            }

            var local = columns[1];
            var colon = local.LastIndexOf(':');
            if (colon >= 0
                && int.TryParse(local.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port)
                && port != 0)
            {
                yield return port;
            }
        }
    }

    /// <summary>The ports of an ip_local_reserved_ports list such as <c>8080,9000-9100</c> (empty when none are reserved).</summary>
    public static IEnumerable<int> ReservedPorts(string list)
    {
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var (first, last) = dash < 0 ? (item, item) : (item[..dash], item[(dash + 1)..]);
            if (int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                for (var port = Math.Max(from, Port.MinValue); port <= Math.Min(to, Port.MaxValue); port++)
                {
                    yield return port;
                }
            }
        }
    }

    /// <summary>The valid ports among <paramref name="numbers"/>, ascending and each once.</summary>
    internal static Port[] Distinct(IEnumerable<int> numbers)
    {
        // A host holds a few hundred ports at most: sorting them costs less than clearing a mask of all 65,536.
        var valid = numbers.Where(n => n is >= Port.MinValue and <= Port.MaxValue).ToArray();
        Array.Sort(valid);
        var ports = new List<Port>(valid.Length);
        for (var i = 0; i < valid.Length; i++)
        {
            if (i == 0 || valid[i] != valid[i - 1])
            {
                ports.Add(Port.Trusted(valid[i]));
            }
        }

        return [.. ports];
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
