namespace PortReservation.Domain;

/// <summary>What holds a runtime reservation: the socket that acquired it, in its process.</summary>
/// <param name="Process">The process that acquired the reservation; only it may associate or release.</param>
/// <param name="Socket">The socket it was acquired on; closing it ends the reservation.</param>
public readonly record struct Holder(ProcessId Process, SocketId Socket) : IComparable<Holder>, IComparable
{
    /// <summary>Orders holders by process, then socket.</summary>
    public int CompareTo(Holder other) =>
        Process.CompareTo(other.Process) is var byProcess and not 0 ? byProcess : Socket.CompareTo(other.Socket);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);
}
