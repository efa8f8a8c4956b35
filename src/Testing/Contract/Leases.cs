using LanguageExt;
using PortReservation.Domain;
using PortReservation.Domain.Ports;

namespace PortReservation.Testing.Contract;

/// <summary>
/// The sockets and persistent blocks one contract test opened or created, undone when disposed whether
/// the test passed or not: on a real machine a leaked persistent block outlives the test run.
/// </summary>
public sealed class Leases : IDisposable
{
    private readonly List<(IReservationPort Port, SocketId Socket)> sockets = [];
    private readonly List<(IReservationPort Port, Protocol Protocol, PortRange Range)> persistent = [];

    /// <summary>Opens a socket through <paramref name="port"/>, closed on dispose.</summary>
    public SocketId Open(IReservationPort port, Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(port);
        var socket = ContractAssert.Succeeds(port.OpenSocket(protocol), $"open a {protocol} socket");
        sockets.Add((port, socket));
        return socket;
    }

    /// <summary>Opens a socket and asks for <paramref name="request"/> on it; the socket (and with it the block) goes on dispose.</summary>
    public (SocketId Socket, Fin<ReservationInstance> Result) TryAcquire(IReservationPort port, Protocol protocol, ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(port);
        var socket = Open(port, protocol);
        return (socket, port.Acquire(socket, request));
    }

    /// <summary>Opens a socket and acquires <paramref name="request"/> on it, failing the test if that fails.</summary>
    public (SocketId Socket, ReservationInstance Instance) Acquire(IReservationPort port, Protocol protocol, ReservationRequest request)
    {
        var (socket, result) = TryAcquire(port, protocol, request);
        return (socket, ContractAssert.Succeeds(result, $"acquire {protocol} {request}"));
    }

    /// <summary>Opens a socket and acquires a wildcard block of <paramref name="count"/> ports on it.</summary>
    public (SocketId Socket, ReservationInstance Instance) AcquireAny(IReservationPort port, Protocol protocol, int count) =>
        Acquire(port, protocol, ReservationRequest.ForAnyBlock(count).ThrowIfFail());

    /// <summary>Creates a persistent block through <paramref name="port"/>; a created block is deleted on dispose.</summary>
    public Fin<ReservationToken> TryCreate(IReservationPort port, Protocol protocol, PortRange range)
    {
        ArgumentNullException.ThrowIfNull(port);
        var result = port.Create(protocol, range);
        if (result.IsSucc)
        {
            persistent.Add((port, protocol, range));
        }

        return result;
    }

    /// <summary>Creates a persistent block, failing the test if that fails; it is deleted on dispose.</summary>
    public ReservationToken Create(IReservationPort port, Protocol protocol, PortRange range) =>
        ContractAssert.Succeeds(TryCreate(port, protocol, range), $"create persistent {protocol} {range}");

    /// <summary>Closes every socket (newest first) and deletes every persistent block this test made; answers already undone are ignored.</summary>
    public void Dispose()
    {
        for (var i = sockets.Count - 1; i >= 0; i--)
        {
            _ = sockets[i].Port.Close(sockets[i].Socket);
        }

        foreach (var (port, protocol, range) in persistent)
        {
            _ = port.Delete(protocol, range);
        }

        sockets.Clear();
        persistent.Clear();
    }
}
