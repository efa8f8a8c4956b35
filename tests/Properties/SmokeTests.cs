using PortReservation.Adapters.Fake;
using PortReservation.Domain;

namespace PortReservation.Properties;

public class SmokeTests
{
    [Fact]
    public void Wildcard_then_bind_draws_from_the_block()
    {
        var machine = new FakeWindows(FakeOptions.Default);
        var p = machine.Process(new ProcessId(10));
        var result =
            from s in p.OpenSocket(Protocol.Tcp)
            from req in ReservationRequest.ForAnyBlock(3)
            from inst in p.Acquire(s, req)
            from s2 in p.OpenSocket(Protocol.Tcp)
            from _ in p.Associate(s2, inst.Token)
            from port in p.Bind(s2, BindTarget.Any)
            select (inst, port);
        var (instance, bound) = result.ThrowIfFail();
        Assert.Equal(49152, instance.Range.Start.Value);
        Assert.Equal(49152, bound.Value);
        var other = machine.Process(new ProcessId(11));
        var refused = from s in other.OpenSocket(Protocol.Tcp)
                      from port in other.Bind(s, BindTarget.To(instance.Range.End))
                      select port;
        Assert.True(refused.IsFail);
        refused.IfFail(e => Assert.Equal(WindowsCodes.WSAEACCES, e.Code));
        Assert.Empty(machine.EndProcess(new ProcessId(11)));
        Assert.Single(machine.EndProcess(new ProcessId(10)));
        Assert.True(machine.State.Reservations.IsEmpty);
    }
}
