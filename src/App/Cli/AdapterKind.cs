namespace PortReservation.App.Cli;

/// <summary>Which adapter serves a command.</summary>
internal enum AdapterKind
{
    /// <summary>The fake Windows over the user's state file.</summary>
    Fake,

    /// <summary>The real Windows port reservations.</summary>
    Winsock,
}
