// The other process of the shared fake's two-process tests (tests/Adapters.Fake.Tests/TwoProcessTests.cs).
// Usage: PortReservation.SharedFakeChild STATE START COUNT
// Opens the machine in STATE as this process, prints "sees N" (the reservations it finds), acquires the
// block START/COUNT and prints "held TOKEN", then waits for its standard input to end and exits without
// releasing anything: the block is left for the others to reclaim. A failure prints "failed MESSAGE", exit 1.
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.Domain;
using static LanguageExt.Prelude;

var answer =
    from machine in SharedFakeWindows.Open(args[0], SharedFakeOptions.Default.WithPortsInUse(_ => []))
    from seen in machine.Process().List(None)
    from _ in Say($"sees {seen.Count}")
    from range in PortRange.Create(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture))
    from block in machine.Transact(me =>
        from socket in me.OpenSocket(Protocol.Tcp)
        from instance in me.Acquire(socket, ReservationRequest.ForBlock(range))
        select instance)
    from __ in Say($"held {block.Token}")
    select unit;

if (answer.IsFail)
{
    Console.WriteLine($"failed {((Error)answer).Message}");
    return 1;
}

_ = Console.In.ReadToEnd();
return 0;

static Fin<Unit> Say(string line)
{
    Console.WriteLine(line);
    Console.Out.Flush();
    return unit;
}
