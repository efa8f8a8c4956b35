using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;

namespace PortReservation.Properties;

/// <summary>Exact examples at the edges the properties reach only by chance.</summary>
public class ExampleBoundaryTests
{
    [Fact]
    public void A_block_prints_as_start_dash_end_and_a_single_port_as_its_number()
    {
        Assert.Equal("50000-50099", Machine.Range(50000, 100).ToString());
        Assert.Equal("80", Machine.Range(80, 1).ToString());
        Assert.Equal("80-81", Machine.Range(80, 2).ToString());
    }

    [Fact]
    public void A_conflict_names_the_lowest_of_several_overlapping_reservations()
    {
        var admin = Machine.Admin(1);
        var (table, low) = Machine.Empty().CreateOk(Protocol.Tcp, Machine.Range(5000, 10));
        (table, _) = table.CreateOk(Protocol.Tcp, Machine.Range(5010, 10));
        (table, _) = table.CreateOk(Protocol.Tcp, Machine.Range(5020, 10));

        var conflict = Reservations.CreatePersistent(table, admin, Protocol.Tcp, Machine.Range(5005, 20));

        var error = Assert.IsType<ReservationError.Conflict>(conflict.Match(_ => null!, e => e));
        Assert.Equal(low, error.Overlapping.Map(r => r.Token).IfNone(default(ReservationToken)));
    }

    [Fact]
    public void Restore_refuses_a_socket_listed_twice_and_a_socket_numbered_0()
    {
        var table = Machine.Empty();
        var socket = new SocketState(new SocketId(1), Machine.Process(1), Protocol.Tcp, Option<ReservationToken>.None, Option<Port>.None);
        var zero = socket with { Id = new SocketId(0) };

        Fin<ReservationTable> Restore(params SocketState[] sockets) =>
            ReservationTable.Restore(table.Settings, table.Tokens, nextSocket: 2, [], sockets);

        Assert.True(Restore(socket).IsSucc);
        Assert.True(Restore(socket, socket).FailsWith<ReservationError.InvalidParameter, ReservationTable>(WindowsCodes.ERROR_INVALID_PARAMETER));
        Assert.True(Restore(zero).FailsWith<ReservationError.InvalidParameter, ReservationTable>(WindowsCodes.ERROR_INVALID_PARAMETER));
    }
}
