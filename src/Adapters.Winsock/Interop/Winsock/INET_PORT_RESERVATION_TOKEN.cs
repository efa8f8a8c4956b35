namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Winsock
    {
        // mstcpip.h; 8 bytes, opaque. The same value is the ULONG64 Token of the IP Helper calls.
        internal struct INET_PORT_RESERVATION_TOKEN
        {
            internal ulong Token;
        }
    }
}
