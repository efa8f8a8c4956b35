using PortReservation.Domain;

namespace PortReservation.Benchmarks;

/// <summary>Tables the benchmarks start from, built through the domain's own transitions.</summary>
internal static class Tables
{
    /// <summary>The process that holds the tables' runtime reservations.</summary>
    public static readonly Caller Owner = new(new ProcessId(1), IsElevated: true);

    /// <summary>The process whose calls are measured.</summary>
    public static readonly Caller Other = new(new ProcessId(2), IsElevated: true);

    /// <summary>A wildcard request for 10 ports.</summary>
    public static readonly ReservationRequest AnyTenPorts = ReservationRequest.ForAnyBlock(10).ThrowIfFail();

    /// <summary>
    /// <paramref name="reservations"/> live 2-port TCP blocks, one every 3 ports from port 1024 (two thirds
    /// persistent, one third runtime held by 100 sockets of process 1), so the table is mixed and the gaps
    /// are too small for a 10-port block.
    /// </summary>
    public static ReservationTable Filled(int reservations)
    {
        var table = ReservationTable.Empty(ReservationSettings.Default, 1);
        var holders = new List<SocketId>();
        for (var i = 0; i < 100; i++)
        {
            var opened = Reservations.OpenSocket(table, Owner, Protocol.Tcp).ThrowIfFail();
            (table, var socket) = (opened.State, opened.Output);
            holders.Add(socket);
        }

        for (var i = 0; i < reservations; i++)
        {
            var range = PortRange.Create(1024 + (i * 3), 2).ThrowIfFail();
            table = i % 3 == 2
                ? Reservations.Acquire(table, Owner, holders[i % holders.Count], ReservationRequest.ForBlock(range)).ThrowIfFail().State
                : Reservations.CreatePersistent(table, Owner, Protocol.Tcp, range).ThrowIfFail().State;
        }

        return table;
    }

    /// <summary>A table whose dynamic range 49152-65535 is fragmented by <paramref name="singles"/> one-port runtime blocks, one every other port.</summary>
    public static ReservationTable Fragmented(int singles)
    {
        var opened = Reservations.OpenSocket(ReservationTable.Empty(ReservationSettings.Default, 1), Owner, Protocol.Tcp).ThrowIfFail();
        var table = opened.State;
        for (var i = 0; i < singles; i++)
        {
            var range = PortRange.Create(49152 + (i * 2), 1).ThrowIfFail();
            table = Reservations.Acquire(table, Owner, opened.Output, ReservationRequest.ForBlock(range)).ThrowIfFail().State;
        }

        return table;
    }

    /// <summary>The table with a fresh TCP socket of <paramref name="caller"/>.</summary>
    public static (ReservationTable Table, SocketId Socket) Open(ReservationTable table, Caller caller)
    {
        var opened = Reservations.OpenSocket(table, caller, Protocol.Tcp).ThrowIfFail();
        return (opened.State, opened.Output);
    }
}
