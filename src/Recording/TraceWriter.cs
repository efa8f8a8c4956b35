namespace PortReservation.Recording;

/// <summary>
/// Writes a trace as it happens: the header when made, then each call as one line, flushed at once, so a
/// process killed mid-run leaves every call it finished. Numbers the calls from 1 in the order they arrive.
/// Safe to share between threads and between the recorders of several processes.
/// </summary>
public sealed class TraceWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Lock gate = new();
    private readonly Stream destination;
    private readonly bool ownsDestination;
    private readonly List<TraceLine> written = [];
    private long sequence;

    /// <summary>A writer that starts a trace with <paramref name="header"/> on <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the lines go.</param>
    /// <param name="header">The trace's first line.</param>
    /// <param name="ownsDestination">Whether disposing the writer disposes <paramref name="destination"/>.</param>
    public TraceWriter(Stream destination, TraceHeader header, bool ownsDestination = true)
    {
        (this.destination, this.ownsDestination, Header) = (destination, ownsDestination, header);
        WriteLine(TraceFormat.Header(header));
    }

    /// <summary>The header written first.</summary>
    public TraceHeader Header { get; }

    /// <summary>The trace as written so far.</summary>
    public Trace Trace
    {
        get
        {
            lock (gate)
            {
                return new Trace(Header, [.. written]);
            }
        }
    }

    /// <summary>How many calls were written so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return written.Count;
            }
        }
    }

    /// <summary>Writes <paramref name="call"/> as the next line, with the next sequence number; answers the call as written.</summary>
    public TraceCall Append(TraceCall call)
    {
        lock (gate)
        {
            var numbered = call with { Sequence = ++sequence };
            WriteLine(TraceFormat.Call(numbered));
            written.Add(new TraceLine(written.Count + 2, numbered));
            return numbered;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsDestination)
        {
            destination.Dispose();
        }
    }

    private void WriteLine(byte[] line)
    {
        destination.Write(line);
        destination.Write(NewLine);
        destination.Flush();
    }
}
