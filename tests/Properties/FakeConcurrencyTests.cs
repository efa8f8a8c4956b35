using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using PortReservation.Testing;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>
/// Many simulated processes calling one <see cref="FakeWindows"/> at once, on real threads released
/// together: the fake must behave as if the calls came one after another.
/// </summary>
public sealed class FakeConcurrencyTests
{
    private const int Threads = 8;
    private const int CallsPerThread = 50;
    private static readonly DynamicPortRange SmallRange = DynamicPortRange.Create(50000, 256).ThrowIfFail();

    [Property]
    public Property Racing_wildcard_acquires_never_overlap_and_fill_the_range_exactly()
    {
        var cases = DomainGenerators.Protocols.Zip(Gen.Choose(1, 8));
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (protocol, count) = c;
            var machine = new FakeWindows(FakeOptions.Default.WithDynamicPorts(SmallRange));
            var request = ReservationRequest.ForAnyBlock(count).ThrowIfFail();

            var outcomes = RaceOn(machine, (port, _) =>
            {
                var answers = new List<Fin<(SocketId Socket, ReservationInstance Instance)>>();
                for (var i = 0; i < CallsPerThread; i++)
                {
                    var socket = port.OpenSocket(protocol).ThrowIfFail();
                    answers.Add(port.Acquire(socket, request).Map(instance => (socket, instance)));
                }

                return answers;
            });

            var granted = outcomes.SelectMany(o => o.Result.Where(a => a.IsSucc).Select(a => (o.Pid, Grant: a.ThrowIfFail()))).ToList();
            var refused = outcomes.SelectMany(o => o.Result.Where(a => a.IsFail).Select(a => a.Match(_ => null!, ReservationError.From))).ToList();

            Assert.All(refused, e => Assert.True(
                e is ReservationError.Exhausted { Code: UnverifiedCodes.WildcardExhausted },
                $"expected exhausted, got {e.GetType().Name} {e.WindowsCode}"));
            Assert.Equal(SmallRange.Range.Count / count, granted.Count);
            Assert.Equal((Threads * CallsPerThread) - granted.Count, refused.Count);
            Assert.All(granted, g => Assert.True(SmallRange.Contains(g.Grant.Instance.Range.Start) && SmallRange.Contains(g.Grant.Instance.Range.End)));
            AssertDisjoint(granted.Select(g => g.Grant.Instance.Range));

            var expected = granted
                .Select(g => (Reservation)new Reservation.Runtime(protocol, g.Grant.Instance.Range, g.Grant.Instance.Token, new Holder(new ProcessId(g.Pid), g.Grant.Socket)))
                .OrderBy(r => r.Range)
                .ToList();
            Assert.Equal(expected, machine.State.Reservations.ToList());
        });
    }

    [Property]
    public Property Racing_acquires_releases_closes_and_binds_leave_exactly_what_each_thread_still_holds()
    {
        return Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var machine = new FakeWindows(FakeOptions.Default.WithDynamicPorts(SmallRange));

            var outcomes = RaceOn(machine, (port, pid) => Churn(port, new ProcessId(pid), pid % 2 == 0 ? Protocol.Tcp : Protocol.Udp, new Random(seed + pid)));

            var held = outcomes.SelectMany(o => o.Result.Held).ToList();
            var bound = outcomes.SelectMany(o => o.Result.Bound).ToList();
            Assert.Equal(
                held.OrderBy(r => r.Protocol).ThenBy(r => r.Range).ToList(),
                machine.State.Reservations.ToList());
            AssertDisjoint(held.Where(r => r.Protocol == Protocol.Tcp).Select(r => r.Range));
            AssertDisjoint(held.Where(r => r.Protocol == Protocol.Udp).Select(r => r.Range));

            var sockets = machine.State.Sockets.ToDictionary(s => s.Id);
            Assert.All(bound, b => Assert.Equal(Some(b.Port), sockets[b.Socket].BoundPort));
            Assert.Equal(bound.Count, bound.Select(b => (b.Protocol, b.Port)).Distinct().Count());
        });
    }

    /// <summary>
    /// One thread's random mix of calls, keeping its own account of what it still holds: blocks not yet
    /// released or closed, and sockets it bound into them.
    /// </summary>
    private static (List<Reservation.Runtime> Held, List<(Protocol Protocol, SocketId Socket, Port Port)> Bound) Churn(
        IReservationPort port, ProcessId pid, Protocol protocol, Random random)
    {
        var held = new List<Reservation.Runtime>();
        var bound = new List<(Protocol, SocketId, Port)>();
        for (var i = 0; i < CallsPerThread; i++)
        {
            switch (random.Next(4))
            {
                case 0 or 1:
                    var socket = port.OpenSocket(protocol).ThrowIfFail();
                    var request = ReservationRequest.ForAnyBlock(random.Next(1, 5)).ThrowIfFail();
                    port.Acquire(socket, request).Match(
                        Succ: instance => held.Add(new Reservation.Runtime(protocol, instance.Range, instance.Token, new Holder(pid, socket))),
                        Fail: error => AssertExhausted(error, UnverifiedCodes.WildcardExhausted));
                    break;
                case 2 when held.Count > 0:
                    var ending = held[random.Next(held.Count)];
                    var holder = ending.Holder.Socket;
                    _ = (random.Next(2) == 0 ? port.Release(holder, ending.Token) : port.Close(holder)).ThrowIfFail();
                    held.Remove(ending);
                    break;
                case 3 when held.Count > 0:
                    var into = held[random.Next(held.Count)];
                    var user = port.OpenSocket(protocol).ThrowIfFail();
                    port.Associate(user, into.Token).ThrowIfFail();
                    port.Bind(user, BindTarget.Any).Match(
                        Succ: p =>
                        {
                            Assert.True(into.Range.Contains(p), $"{p} lies outside {into.Range}");
                            bound.Add((protocol, user, p));
                        },
                        Fail: error => AssertExhausted(error, UnverifiedCodes.ReservationExhausted));
                    break;
            }
        }

        return (held, bound);
    }

    private static void AssertExhausted(LanguageExt.Common.Error error, int code)
    {
        var e = ReservationError.From(error);
        Assert.True(e is ReservationError.Exhausted && e.WindowsCode == code, $"expected exhausted {code}, got {e.GetType().Name} {e.WindowsCode}");
    }

    /// <summary>Runs <paramref name="work"/> for processes 1..8 on eight threads released at the same moment.</summary>
    private static List<(int Pid, T Result)> RaceOn<T>(FakeWindows machine, Func<IReservationPort, int, T> work)
    {
        using var start = new Barrier(Threads);
        var results = new (int Pid, T Result)[Threads];
        var failures = new Exception?[Threads];
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            var pid = i + 1;
            try
            {
                var port = machine.Process(new ProcessId(pid));
                start.SignalAndWait();
                results[i] = (pid, work(port, pid));
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var failure = failures.FirstOrDefault(f => f is not null);
        return failure is null ? [.. results] : throw new InvalidOperationException("a racing thread failed", failure);
    }

    private static void AssertDisjoint(IEnumerable<PortRange> blocks)
    {
        var sorted = blocks.OrderBy(b => b.Start).ToList();
        Assert.All(sorted.Zip(sorted.Skip(1)), pair => Assert.False(pair.Item1.Overlaps(pair.Item2), $"{pair.Item1} and {pair.Item2} overlap"));
    }
}
