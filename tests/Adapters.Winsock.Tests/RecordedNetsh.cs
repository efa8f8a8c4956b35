using System.Text;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>A netsh that answers recorded text, and remembers what it was asked.</summary>
internal sealed class RecordedNetsh : INetsh
{
    private readonly Dictionary<NetshQuery, Fin<string>> answers = [];
    private readonly List<NetshQuery> runs = [];

    /// <summary>The queries run so far, in order.</summary>
    public IReadOnlyList<NetshQuery> Runs
    {
        get
        {
            lock (runs)
            {
                return [.. runs];
            }
        }
    }

    public static NetshQuery Excluded(Protocol protocol) => new NetshQuery.ExcludedPortRange(protocol);

    public static NetshQuery Dynamic(Protocol protocol) => new NetshQuery.DynamicPort(protocol);

    /// <summary>A capture beside these tests as its bytes decode, byte order mark included.</summary>
    public static string Fixture(string name) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Netsh", name)));

    public RecordedNetsh Answer(NetshQuery query, string text)
    {
        answers[query] = FinSucc(text);
        return this;
    }

    public RecordedNetsh Fail(NetshQuery query, ReservationError error)
    {
        answers[query] = FinFail<string>(error);
        return this;
    }

    /// <summary>Both protocols' tables and the dynamic ranges of Windows' default.</summary>
    public static RecordedNetsh EnglishMachine() =>
        new RecordedNetsh()
            .Answer(Excluded(Protocol.Tcp), Fixture("english-crlf-trailing-blanks.txt"))
            .Answer(Excluded(Protocol.Udp), Fixture("spanish-crlf.txt"))
            .Answer(Dynamic(Protocol.Tcp), Fixture("dynamicport-english-crlf.txt"))
            .Answer(Dynamic(Protocol.Udp), Fixture("dynamicport-english-crlf.txt").Replace("tcp", "udp", StringComparison.Ordinal));

    public Fin<string> Run(NetshQuery query)
    {
        lock (runs)
        {
            runs.Add(query);
        }

        return answers.TryGetValue(query, out var answer)
            ? answer
            : FinFail<string>(new ReservationError.Unexpected($"no recording of `{query.CommandLine}`", 2));
    }
}
