namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The answer of <c>SIO_ACQUIRE_PORT_RESERVATION</c>: the WinSock code and, when it is
/// <c>NO_ERROR</c>, the reserved block (start port in host order) and its token.
/// </summary>
internal readonly record struct NativeAcquireResult(int Code, ushort StartPort, ushort NumberOfPorts, ulong Token)
{
    /// <summary>A failed acquire: only the code is meaningful.</summary>
    public static NativeAcquireResult Failed(int code) => new(code, 0, 0, 0);
}
