using PortReservation.Adapters.Fake;
using PortReservation.Domain;

// A service reserves a block of ports on a simulated Windows, as it would through Winsock.
var machine = new FakeWindows(FakeOptions.Default);
var service = machine.Process(new ProcessId(1));
var socket = service.OpenSocket(Protocol.Tcp).ThrowIfFail();
var block = service.Acquire(socket, ReservationRequest.ForAnyBlock(10).ThrowIfFail()).ThrowIfFail();
Console.WriteLine($"reserved TCP {block.Range} with token {block.Token}");

// Another process may not bind into it, and asking for the same block conflicts.
var other = machine.Process(new ProcessId(2));
Console.WriteLine($"process 2 binding {block.Range.Start}: {other.Explain(Protocol.Tcp, block.Range.Start).ThrowIfFail().ExplicitBind}");
var second = other.OpenSocket(Protocol.Tcp).ThrowIfFail();
var answer = other.Acquire(second, ReservationRequest.ForBlock(block.Range)).Match(
    Succ: granted => $"granted {granted.Range} twice",
    Fail: error => ReservationError.From(error) switch
    {
        ReservationError.Conflict conflict => $"conflict ({conflict.WindowsCode}): {conflict.Message}",
        var unexpected => $"unexpected: {unexpected.Message}",
    });
Console.WriteLine(answer);

// Closing the socket ends the reservation; then the block is free for anyone.
service.Close(socket).ThrowIfFail();
var again = other.Acquire(second, ReservationRequest.ForBlock(block.Range)).ThrowIfFail();
Console.WriteLine($"after close, process 2 reserved {again.Range}");
return answer.StartsWith("conflict", StringComparison.Ordinal) && again.Range == block.Range ? 0 : 1;
