namespace PortReservation.Adapters.Winsock;

/// <summary>Which family of IP Helper functions a persistent reservation call goes to.</summary>
internal enum NativeProtocol
{
    /// <summary>The <c>Persistent*TcpPortReservation</c> functions.</summary>
    Tcp,

    /// <summary>The <c>Persistent*UdpPortReservation</c> functions.</summary>
    Udp,
}
