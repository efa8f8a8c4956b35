using System.Runtime.InteropServices;

namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Winsock
    {
        // mstcpip.h; the output of SIO_ACQUIRE_PORT_RESERVATION. Explicit offsets pin the native
        // layout (4 bytes of padding before the 8-byte-aligned token) on every architecture.
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        internal struct INET_PORT_RESERVATION_INSTANCE
        {
            [FieldOffset(0)]
            internal INET_PORT_RANGE Reservation;

            [FieldOffset(8)]
            internal INET_PORT_RESERVATION_TOKEN Token;
        }
    }
}
