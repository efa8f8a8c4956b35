using System.Buffers.Binary;

namespace PortReservation.Adapters.Winsock;

internal static partial class Interop
{
    internal static partial class Winsock
    {
        // mstcpip.h; also typedef'd as INET_PORT_RESERVATION. 4 bytes.
        internal struct INET_PORT_RANGE
        {
            // Network byte order (big-endian), in the IOCTL buffers and the IP Helper calls alike.
            internal ushort StartPort;

            // Host byte order.
            internal ushort NumberOfPorts;

            internal readonly ushort HostStartPort => NetworkToHost(StartPort);

            internal static INET_PORT_RANGE FromHost(ushort startPort, ushort numberOfPorts) =>
                new() { StartPort = HostToNetwork(startPort), NumberOfPorts = numberOfPorts };

            internal static ushort HostToNetwork(ushort port) =>
                BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(port) : port;

            internal static ushort NetworkToHost(ushort port) => HostToNetwork(port);
        }
    }
}
