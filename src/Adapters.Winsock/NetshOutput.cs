using System.Text;

namespace PortReservation.Adapters.Winsock;

/// <summary>How the bytes netsh wrote become text.</summary>
/// <remarks>
/// netsh writes in the code page of its console, which for a child whose output is redirected is the
/// system's OEM code page (437, 850, 936, 949, ...), or UTF-8 where the system uses UTF-8 for it. The
/// bytes are read as UTF-8 when they carry its byte order mark or are valid UTF-8 (ASCII included), as
/// UTF-16 when they carry its byte order mark, and otherwise in the OEM code page. Reading in a wrong
/// code page could not spoil a table: the parsers need only digits, dashes, <c>*</c>, <c>:</c> and line
/// ends, which every OEM code page writes as ASCII (the trail bytes of double-byte code pages are never
/// below 0x40), and the adapter names the protocol itself rather than reading it from the title. The code
/// page decides only how a translated line reads when an error quotes it.
/// </remarks>
internal static class NetshOutput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>, read as the remarks say, with <paramref name="oemCodePage"/> for bytes that are not UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, int oemCodePage)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // The code page encodings come from the provider directly, so nothing is registered process-wide.
            var oem = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(oemCodePage) ?? Encoding.Latin1;
            return oem.GetString(bytes);
        }
    }
}
