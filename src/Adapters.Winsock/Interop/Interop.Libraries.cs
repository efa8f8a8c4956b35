namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Libraries
    {
        internal const string Ws2_32 = "ws2_32.dll";
        internal const string IpHlpApi = "iphlpapi.dll";
        internal const string Kernel32 = "kernel32.dll";
    }
}
