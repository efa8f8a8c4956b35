namespace PortReservation.Adapters.Fake.Shared;

/// <summary>A new content of the state file.</summary>
/// <param name="Content">The bytes of the file.</param>
/// <param name="IsDurable">
/// Whether the content must reach the disk before the command answers (it changes persistent reservations);
/// otherwise the atomic rename alone will do, since a reboot ends the runtime state it changes anyway.
/// </param>
internal sealed record StateReplacement(ReadOnlyMemory<byte> Content, bool IsDurable);
