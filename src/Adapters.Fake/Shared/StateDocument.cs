namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The state file as JSON: the fake Windows' persistent store and its live runtime reservations.</summary>
/// <param name="FormatVersion">The file format; this portres reads and writes <see cref="StateCodec.FormatVersion"/>.</param>
/// <param name="Settings">The dynamic range and the wildcard policy.</param>
/// <param name="Tokens">Where the next token comes from.</param>
/// <param name="NextSocket">The number the next socket gets.</param>
/// <param name="Reservations">Every live reservation.</param>
/// <param name="Sockets">The sockets of processes that hold runtime reservations.</param>
/// <param name="Holders">Each process with sockets, with its start time, so a recycled pid is not taken for it.</param>
internal sealed record StateDocument(
    int FormatVersion,
    SettingsDocument Settings,
    TokensDocument Tokens,
    long NextSocket,
    IReadOnlyList<ReservationDocument> Reservations,
    IReadOnlyList<SocketDocument> Sockets,
    IReadOnlyList<HolderDocument> Holders);
