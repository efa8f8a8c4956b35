using System.Net.Sockets;
using System.Text;
using LanguageExt;
using PortReservation.App.Cli;
using static LanguageExt.Prelude;

namespace PortReservation.App.Serving;

/// <summary>
/// Where <c>portres serve</c> listens: a Unix stream socket named as portpicker's clients name it in
/// PORTSERVER_ADDRESS. A leading <c>@</c> stands for the NUL byte that starts a name in Linux's abstract
/// namespace (no file; it goes away with the socket); anything else is a file path. An <c>@</c> elsewhere is
/// part of the name: the clients translate only a leading one.
/// </summary>
internal sealed record PortServerAddress
{
    /// <summary>portserver's own default, which PORTSERVER_ADDRESS names in every portpicker setup.</summary>
    public const string Default = "@unittest-portserver";

    // sun_path holds 108 bytes: a path needs its terminating NUL, an abstract name its leading one.
    private const int SunPathBytes = 108;

    private PortServerAddress(string text, bool isAbstract) => (Text, IsAbstract) = (text, isAbstract);

    /// <summary>The address as the user wrote it (and as PORTSERVER_ADDRESS names it).</summary>
    public string Text { get; }

    /// <summary>Whether the address is in the abstract namespace, where no file stands for it.</summary>
    public bool IsAbstract { get; }

    /// <summary>The file path of a path address.</summary>
    public string FilePath => Text;

    /// <summary>The socket address: the abstract name with its leading NUL, or the path.</summary>
    public UnixDomainSocketEndPoint EndPoint => new(IsAbstract ? "\0" + Text[1..] : Text);

    /// <summary>The address <paramref name="text"/> names, or a usage problem saying why it cannot be one.</summary>
    public static Fin<PortServerAddress> Parse(string text)
    {
        var isAbstract = text.StartsWith('@');
        var name = isAbstract ? text[1..] : text;
        var bytes = Encoding.UTF8.GetByteCount(name);
        return name switch
        {
            "" => Problem(isAbstract
                ? "the address '@' names no socket; give a name after the '@' (for example @unittest-portserver)"
                : "the address is empty; give a socket path, or @NAME for the abstract namespace (the default is @unittest-portserver)"),
            _ when name.Contains('\0') => Problem("the address holds a NUL character, which no socket name may hold"),
            _ when bytes > SunPathBytes - 1 => Problem(
                $"the address '{text}' is {bytes} bytes long, and a Unix socket's name takes at most {SunPathBytes - 1}; choose a shorter one"),
            _ => new PortServerAddress(text, isAbstract),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static Fin<PortServerAddress> Problem(string problem) => FinFail<PortServerAddress>(new UsageProblem(problem));
}
