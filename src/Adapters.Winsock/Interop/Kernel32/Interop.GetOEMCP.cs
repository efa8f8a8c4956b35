using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Kernel32
    {
        // The system's OEM code page: the code page of a new console, in which netsh writes when its output is redirected.
        [SupportedOSPlatform("windows")]
        [LibraryImport(Libraries.Kernel32)]
        internal static partial uint GetOEMCP();
    }
}
