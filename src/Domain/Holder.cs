namespace PortReservation.Domain;

/// <summary>What holds a runtime reservation: the socket that acquired it, in its process.</summary>
/// <param name="Process">The process that acquired the reservation; only it may associate or release.</param>
/// <param name="Socket">The socket it was acquired on; closing it ends the reservation.</param>
public readonly record struct Holder(ProcessId Process, SocketId Socket);
