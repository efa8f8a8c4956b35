namespace PortReservation.Adapters.Winsock;

// The WinSock numbers the declarations use, in the spelling of the Windows SDK headers. The
// Win32 and WinSock error codes live once, in the domain's WindowsCodes.
internal static partial class Interop
{
    internal static partial class Winsock
    {
        // winsock2.h: the return value of a failed WinSock call; the code is in WSAGetLastError.
        internal const int SOCKET_ERROR = -1;

        // ws2def.h
        internal const uint IOC_IN = 0x80000000;
        internal const uint IOC_VENDOR = 0x18000000;

        // mstcpip.h: _WSAIOW(IOC_VENDOR, 100..102)
        internal const uint SIO_ACQUIRE_PORT_RESERVATION = 0x98000064;
        internal const uint SIO_RELEASE_PORT_RESERVATION = 0x98000065;
        internal const uint SIO_ASSOCIATE_PORT_RESERVATION = 0x98000066;

        // mstcpip.h: a valid reservation token is never 0.
        internal const ulong INVALID_PORT_RESERVATION_TOKEN = 0;
    }
}
