namespace PortReservation.Adapters.Winsock;

// Every native number the adapter uses, in the spelling of the Windows SDK headers,
// so that a Windows run can correct one in one edit.
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

    // The Win32 codes of the IP Helper functions (winerror.h) and the WinSock codes of
    // WSAIoctl (winsock2.h) that the spec names.
    internal static partial class Errors
    {
        internal const int NO_ERROR = 0;
        internal const int ERROR_ACCESS_DENIED = 5;
        internal const int ERROR_SHARING_VIOLATION = 32;
        internal const int ERROR_INVALID_PARAMETER = 87;
        internal const int ERROR_NOT_FOUND = 1168;
        internal const int WSA_OPERATION_ABORTED = 995;
        internal const int WSA_IO_PENDING = 997;
        internal const int WSAEINTR = 10004;
        internal const int WSAEACCES = 10013;
        internal const int WSAEFAULT = 10014;
        internal const int WSAEINVAL = 10022;
        internal const int WSAENOTSOCK = 10038;
        internal const int WSAEOPNOTSUPP = 10045;
        internal const int WSAEADDRINUSE = 10048;
        internal const int WSAENOBUFS = 10055;
    }
}
