namespace PortReservation.Domain;

/// <summary>The process a call speaks for, as the Windows calls do, and whether it runs elevated.</summary>
/// <param name="Process">The calling process.</param>
/// <param name="IsElevated">Whether it runs as an elevated administrator.</param>
public readonly record struct Caller(ProcessId Process, bool IsElevated);
