using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Winsock
    {
        // Returns 0 or SOCKET_ERROR; the code is then in WSAGetLastError, hence SetLastError.
        // Called without an overlapped structure: the call blocks until it completes.
        [SupportedOSPlatform("windows")]
        [LibraryImport(Libraries.Ws2_32, SetLastError = true)]
        internal static unsafe partial int WSAIoctl(
            SafeSocketHandle s,
            uint dwIoControlCode,
            void* lpvInBuffer,
            uint cbInBuffer,
            void* lpvOutBuffer,
            uint cbOutBuffer,
            uint* lpcbBytesReturned,
            nint lpOverlapped,
            nint lpCompletionRoutine);
    }
}
