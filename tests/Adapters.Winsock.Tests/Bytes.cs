using System.Runtime.InteropServices;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>The bytes a struct occupies in memory: what a native call reads through its pointer.</summary>
internal static class Bytes
{
    public static byte[] Of<T>(T value)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
