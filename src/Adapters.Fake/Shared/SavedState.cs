using System.Collections.Immutable;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>What the state file holds: the reservation table and when each process with sockets started.</summary>
/// <param name="Table">The reservation table.</param>
/// <param name="Holders">The start of every process that has sockets in the table, by process id.</param>
internal sealed record SavedState(ReservationTable Table, ImmutableSortedDictionary<ProcessId, ProcessStart> Holders);
