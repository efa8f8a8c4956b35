using System.Text;

namespace PortReservation.App.Output;

/// <summary>
/// Standard output or standard error as portres writes it: a writer that never throws. The first failure
/// (a closed stream, a full disk, /dev/full) is kept in <see cref="Failure"/>, and what is written after it is
/// dropped, so that the command can still end with a sentence on the other stream and a contract exit code.
/// </summary>
internal sealed class GuardedWriter : TextWriter
{
    private readonly Lazy<TextWriter?> inner;

    /// <summary>A writer over the one <paramref name="open"/> gives, opened at the first write; what it throws is a failure, like a write's.</summary>
    public GuardedWriter(Func<TextWriter> open) =>
        inner = new Lazy<TextWriter?>(() => Guard(open), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A writer of a stream that was closed before portres started: every write fails with <paramref name="reason"/>.</summary>
    private GuardedWriter(string reason)
        : this(() => throw new IOException(reason))
    {
    }

    /// <summary>Why the stream could not be written, in words; null while every write has worked (and when nothing was written).</summary>
    public string? Failure { get; private set; }

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>A writer whose first write fails with <paramref name="reason"/>.</summary>
    public static GuardedWriter Failed(string reason) => new(reason);

    /// <summary><paramref name="writer"/> itself when it is guarded, otherwise a guard around it.</summary>
    public static GuardedWriter Around(TextWriter writer) => writer as GuardedWriter ?? new GuardedWriter(() => writer);

    /// <inheritdoc />
    public override void Write(char value) => Use(w => w.Write(value));

    /// <inheritdoc />
    public override void Write(string? value) => Use(w => w.Write(value));

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Use(w => w.Write(buffer, index, count));

    /// <inheritdoc />
    public override void WriteLine(string? value) => Use(w => w.WriteLine(value));

    /// <inheritdoc />
    public override void Flush() => Use(w => w.Flush());

    private void Use(Action<TextWriter> write)
    {
        if (Failure is not null || inner.Value is not { } writer)
        {
            return;
        }

        Guard(() =>
        {
            write(writer);
            return writer;
        });
    }

    private T? Guard<T>(Func<T> act)
        where T : class
    {
        try
        {
            return act();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            Failure ??= e.Message.TrimEnd().TrimEnd('.');
            return null;
        }
    }
}
