namespace PortReservation.App.Cli;

/// <summary>The global options of a command line, resolved.</summary>
/// <param name="Adapter">Which adapter serves the command.</param>
/// <param name="StatePath">The fake's state file.</param>
/// <param name="IsJson">Whether output is JSON.</param>
/// <param name="IsElevated">Whether the fake treats this process as an elevated administrator.</param>
internal sealed record GlobalSettings(AdapterKind Adapter, string StatePath, bool IsJson, bool IsElevated);
