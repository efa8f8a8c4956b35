namespace PortReservation.Adapters.Winsock;

/// <summary>
/// The answer of <c>CreatePersistent*PortReservation</c> and <c>LookupPersistent*PortReservation</c>:
/// the Win32 code and, when it is <c>NO_ERROR</c>, the token.
/// </summary>
internal readonly record struct NativeTokenResult(int Code, ulong Token);
