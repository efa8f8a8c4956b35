using LanguageExt;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The state file, open for reading under the lock: its stamp at once, its bytes when they are asked for.</summary>
internal sealed class StoredFile : IDisposable
{
    private readonly Stream stream;
    private readonly string path;

    /// <summary>Reads the stamp of the file at <paramref name="path"/> that <paramref name="stream"/> holds open, which it then owns.</summary>
    public StoredFile(Stream stream, string path)
    {
        (this.stream, this.path) = (stream, path);
        var head = new byte[(int)Math.Min(stream.Length, StateStamp.HeadBytes)];
        stream.ReadExactly(head);
        Stamp = new StateStamp(stream.Length, head);
    }

    /// <summary>The file's length and first bytes.</summary>
    public StateStamp Stamp { get; }

    /// <summary>Every byte of the file, or why they cannot be read.</summary>
    public Fin<byte[]> Bytes()
    {
        try
        {
            var bytes = new byte[Stamp.Length];
            stream.Position = 0;
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<byte[]>(new StateFileProblem(
                $"The state file {path} cannot be read ({e.Message})",
                "it was left untouched: check that it is yours and readable (mode 600), or point --state at another file"));
        }
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();
}

/// <summary>
/// A state file's length and first bytes, which hold its generation: every rewrite gives a file another
/// generation, and a journal only grows, so two files with the same stamp hold the same content (short of a
/// hand edit that keeps both).
/// </summary>
/// <param name="Length">The file's length.</param>
/// <param name="Head">Its first <see cref="HeadBytes"/> bytes (all of them when it is shorter).</param>
internal sealed record StateStamp(long Length, byte[] Head)
{
    /// <summary>How many first bytes a stamp keeps: enough for the format version and the generation.</summary>
    public const int HeadBytes = 64;

    /// <summary>The stamp of a file that holds <paramref name="content"/>.</summary>
    public static StateStamp Of(ReadOnlySpan<byte> content) => new(content.Length, content[..Math.Min(content.Length, HeadBytes)].ToArray());

    /// <summary>The stamp of this file once <paramref name="bytes"/> more are appended at <paramref name="at"/>; none when an append would change its first bytes.</summary>
    public StateStamp? Appended(long at, int bytes) => at >= HeadBytes ? new(at + bytes, Head) : null;

    /// <inheritdoc />
    public bool Equals(StateStamp? other) => other is not null && Length == other.Length && Head.AsSpan().SequenceEqual(other.Head);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Length, Head.Length);
}
