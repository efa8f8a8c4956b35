using LanguageExt;
using PortReservation.Domain;

namespace PortReservation.Properties.Support;

/// <summary>What one step did: the table after it (unchanged on failure) and its error, if it failed.</summary>
internal sealed record Outcome(ReservationTable State, Option<ReservationError> Error)
{
    public static Outcome Of<T>(ReservationTable before, Fin<Transition<T>> result) =>
        result.Match(
            Succ: t => new Outcome(t.State, Option<ReservationError>.None),
            Fail: e => new Outcome(before, ReservationError.From(e)));

    public static Outcome Skipped(ReservationTable before) => new(before, Option<ReservationError>.None);
}

/// <summary>
/// One operation of a generated run. Sockets and reservations are named by a pick that indexes the
/// live ones when the step runs, so every sequence stays meaningful, also after shrinking. A step with
/// nothing to pick from does nothing.
/// </summary>
internal abstract record Step
{
    public abstract Outcome Apply(ReservationTable table);

    protected static Option<T> Pick<T>(Seq<T> items, int pick) =>
        items.IsEmpty ? Option<T>.None : items[pick % items.Count];

    /// <summary>A process other than <paramref name="process"/>, among the three that runs use.</summary>
    protected static ProcessId Other(ProcessId process) => new((process.Value % 3) + 1);
}

internal sealed record OpenStep(int Process, Protocol Protocol) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Outcome.Of(table, Reservations.OpenSocket(table, Machine.User(Process), Protocol));
}

/// <summary>Acquire on a socket, by its own process or, when <paramref name="Stranger"/>, by another one.</summary>
internal sealed record AcquireStep(int SocketPick, ReservationRequest Request, bool Stranger) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Pick(table.Sockets, SocketPick).Match(
            Some: s => Outcome.Of(table, Reservations.Acquire(
                table, new Caller(Stranger ? Other(s.Process) : s.Process, false), s.Id, Request)),
            None: () => Outcome.Skipped(table));
}

internal sealed record AssociateStep(int SocketPick, int ReservationPick, bool Elevated) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        (from s in Pick(table.Sockets, SocketPick)
         from r in Pick(table.Reservations, ReservationPick)
         select Outcome.Of(table, Reservations.Associate(table, new Caller(s.Process, Elevated), s.Id, r.Token)))
        .IfNone(() => Outcome.Skipped(table));
}

/// <summary>Bind a socket to <paramref name="Port"/>, or automatically when there is none.</summary>
internal sealed record BindStep(int SocketPick, Option<Port> Port) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Pick(table.Sockets, SocketPick).Match(
            Some: s => Outcome.Of(table, Reservations.Bind(
                table, new Caller(s.Process, false), s.Id, Port.Match(BindTarget.To, () => BindTarget.Any))),
            None: () => Outcome.Skipped(table));
}

internal sealed record ReleaseStep(int SocketPick, int ReservationPick) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        (from s in Pick(table.Sockets, SocketPick)
         from r in Pick(table.Reservations, ReservationPick)
         select Outcome.Of(table, Reservations.Release(table, new Caller(s.Process, false), s.Id, r.Token)))
        .IfNone(() => Outcome.Skipped(table));
}

internal sealed record CloseStep(int SocketPick) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Pick(table.Sockets, SocketPick).Match(
            Some: s => Outcome.Of(table, Reservations.CloseSocket(table, new Caller(s.Process, false), s.Id)),
            None: () => Outcome.Skipped(table));
}

internal sealed record EndProcessStep(int Process) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        new(Reservations.EndProcess(table, Machine.Process(Process)).State, Option<ReservationError>.None);
}

internal sealed record CreatePersistentStep(Protocol Protocol, PortRange Range, bool Elevated) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Outcome.Of(table, Reservations.CreatePersistent(table, new Caller(Machine.Process(1), Elevated), Protocol, Range));
}

/// <summary>Delete the persistent block with the picked reservation's protocol and range (a runtime pick is not found).</summary>
internal sealed record DeletePersistentStep(int ReservationPick, bool Elevated) : Step
{
    public override Outcome Apply(ReservationTable table) =>
        Pick(table.Reservations, ReservationPick).Match(
            Some: r => Outcome.Of(table, Reservations.DeletePersistent(
                table, new Caller(Machine.Process(1), Elevated), r.Protocol, r.Range)),
            None: () => Outcome.Skipped(table));
}
