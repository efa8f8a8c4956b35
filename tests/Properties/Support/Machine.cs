using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Properties.Support;

/// <summary>Short hands for building tables in tests: callers by number, and transitions that must succeed.</summary>
internal static class Machine
{
    public static ProcessId Process(int number) => new(number);

    public static Caller User(int process) => new(Process(process), IsElevated: false);

    public static Caller Admin(int process) => new(Process(process), IsElevated: true);

    public static ReservationTable Empty(ulong seed = 1) => ReservationTable.Empty(ReservationSettings.Default, seed);

    public static ReservationTable Empty(DynamicPortRange dynamic, WildcardFit fit, ulong seed = 1) =>
        ReservationTable.Empty(new ReservationSettings(dynamic, fit), seed);

    public static PortRange Range(int start, int count) => PortRange.Create(start, count).Value();

    public static Port PortOf(int value) => Port.Create(value).Value();

    /// <summary>What Explain says of a valid port (only a default port fails).</summary>
    public static PortExplanation Explain(ReservationTable table, Protocol protocol, Port port, ProcessId asker) =>
        Reservations.Explain(table, protocol, port, asker).ThrowIfFail();

    public static (ReservationTable Table, SocketId Socket) Open(this ReservationTable table, Caller caller, Protocol protocol)
    {
        var (next, socket) = Reservations.OpenSocket(table, caller, protocol).Value();
        return (next, socket);
    }

    public static (ReservationTable Table, ReservationInstance Instance) AcquireOk(
        this ReservationTable table, Caller caller, SocketId socket, ReservationRequest request)
    {
        var (next, instance) = Reservations.Acquire(table, caller, socket, request).Value();
        return (next, instance);
    }

    /// <summary>Opens a socket for <paramref name="caller"/> and acquires <paramref name="range"/> on it.</summary>
    public static (ReservationTable Table, SocketId Socket, ReservationInstance Instance) Hold(
        this ReservationTable table, Caller caller, Protocol protocol, PortRange range)
    {
        var (opened, socket) = table.Open(caller, protocol);
        var (next, instance) = opened.AcquireOk(caller, socket, ReservationRequest.ForBlock(range));
        return (next, socket, instance);
    }

    public static (ReservationTable Table, ReservationToken Token) CreateOk(
        this ReservationTable table, Protocol protocol, PortRange range)
    {
        var (next, token) = Reservations.CreatePersistent(table, Admin(99), protocol, range).Value();
        return (next, token);
    }

    public static Fin<Port> BindFresh(this ReservationTable table, Caller caller, Protocol protocol, BindTarget target)
    {
        var (opened, socket) = table.Open(caller, protocol);
        return Reservations.Bind(opened, caller, socket, target).Map(t => t.Output);
    }
}
