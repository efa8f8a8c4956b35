using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class IpHlpApi
    {
        // StartPort in network byte order. Returns a Win32 code (NO_ERROR on success).
        [SupportedOSPlatform("windows")]
        [LibraryImport(Libraries.IpHlpApi)]
        internal static unsafe partial uint LookupPersistentUdpPortReservation(ushort StartPort, ushort NumberOfPorts, ulong* Token);
    }
}
