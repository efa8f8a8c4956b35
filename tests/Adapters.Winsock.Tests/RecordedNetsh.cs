using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>netsh as recorded on Windows machines: the adapter's queries read this text instead of running netsh.exe.</summary>
internal sealed class RecordedNetsh(Func<Protocol, Fin<string>> excluded, Fin<string> dynamicPorts) : INetsh
{
    /// <summary>An English TCP table, a Spanish UDP table and the default dynamic range, as the fixtures hold them.</summary>
    public static RecordedNetsh Machine { get; } = new(
        protocol => Fixture(protocol == Protocol.Tcp ? "english-crlf-trailing-blanks.txt" : "spanish-crlf.txt"),
        Fixture("dynamicport-english-crlf.txt"));

    public int Calls { get; private set; }

    public Fin<string> ExcludedPortRanges(Protocol protocol)
    {
        Calls++;
        return excluded(protocol);
    }

    public Fin<string> DynamicPorts(Protocol protocol)
    {
        Calls++;
        return dynamicPorts;
    }

    public static Fin<string> Fixture(string name) => FinSucc(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Netsh", name)));
}
