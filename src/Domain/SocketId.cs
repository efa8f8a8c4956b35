namespace PortReservation.Domain;

/// <summary>A socket of the model. The Winsock adapter maps each to a real socket it owns.</summary>
/// <param name="Value">The socket's number, unique in its table.</param>
public readonly record struct SocketId(long Value) : IComparable<SocketId>, IComparable
{
    /// <inheritdoc />
    public int CompareTo(SocketId other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => ValueOrder.Compare(this, obj);

    /// <inheritdoc />
    public override string ToString() => $"socket {Value}";
}
