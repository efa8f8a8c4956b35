using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.App.Serving;

/// <summary>
/// The work of one <c>serve</c> transaction: for each client in turn a one-port wildcard runtime reservation in
/// the served protocol's table, held by the client's own socket. A port is handed out only when the other
/// protocol's table does not reserve it either and the host lets a program bind it for TCP and UDP (portpicker
/// promises a port free for both). A port that fails those checks stays held until the end of the transaction,
/// so the next wildcard looks past it, and is then let go: it never reaches the state file.
/// </summary>
internal static class PortHandout
{
    private static readonly ReservationRequest OnePort = ReservationRequest.ForAnyBlock(1).ThrowIfFail();

    /// <summary>
    /// A port for each of <paramref name="clients"/>, in order, or none for a client when the dynamic range has no
    /// port left; fails only on an unexpected refusal of the table, and then nothing is kept.
    /// </summary>
    public static Fin<Option<Port>[]> Grant(FakeWindows machine, Protocol protocol, IReadOnlyList<ProcessId> clients, Func<Port, bool> isFreeOnHost)
    {
        var other = protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp;
        var answers = new Option<Port>[clients.Count];
        var passedOver = new List<(IReservationPort Process, SocketId Socket)>();
        for (var i = 0; i < clients.Count; i++)
        {
            var process = machine.Process(clients[i]);
            while (true)
            {
                var opened = process.OpenSocket(protocol);
                if (opened.IsFail)
                {
                    return (Error)opened;
                }

                var socket = (SocketId)opened;
                var held = process.Acquire(socket, OnePort);
                if (held.IsFail)
                {
                    process.Close(socket).IfFail(_ => { });
                    if (ReservationError.From((Error)held) is ReservationError.Exhausted)
                    {
                        break;
                    }

                    return (Error)held;
                }

                var port = ((ReservationInstance)held).Range.Start;
                var reservedForOther = process.Explain(other, port).Map(e => e.IsReserved).IfFail(true);
                if (!reservedForOther && isFreeOnHost(port))
                {
                    answers[i] = Some(port);
                    break;
                }

                passedOver.Add((process, socket));
            }
        }

        foreach (var (process, socket) in passedOver)
        {
            process.Close(socket).IfFail(_ => { });
        }

        return answers;
    }
}
