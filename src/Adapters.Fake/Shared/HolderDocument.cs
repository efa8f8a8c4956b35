namespace PortReservation.Adapters.Fake.Shared;

/// <summary>A process that holds sockets, and when it started.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">Its start time as the host measures it, a decimal string.</param>
internal sealed record HolderDocument(long Pid, string StartTime);
