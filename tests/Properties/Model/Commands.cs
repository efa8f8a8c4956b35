using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using LanguageExt;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.Properties.Model;

/// <summary>
/// One command of a script: <see cref="Run"/> takes the model's step, <see cref="Check"/> sends the same
/// command to the fake and compares its answer, and the whole table, with the model's.
/// </summary>
internal abstract class Command : Operation<FakeRig, ReferenceModel>
{
    public sealed override ReferenceModel Run(ReferenceModel model) => Step(model);

    public sealed override Property Check(FakeRig actual, ReferenceModel model)
    {
        var answer = Perform(actual, model);
        var table = actual.Table(None);
        var expectedTable = model.Table(null);
        return (answer == model.Last).Label($"{this}: the fake answered '{answer}', the model '{model.Last}'")
            .And((table == expectedTable).Label($"after {this}: the fake holds '{table}', the model '{expectedTable}'"));
    }

    /// <summary>A shrunk script may refer to a socket or reservation whose command was shrunk away; such a command is dropped.</summary>
    public override bool Pre(ReferenceModel model) => true;

    protected abstract ReferenceModel Step(ReferenceModel model);

    protected abstract Answer Perform(FakeRig rig, ReferenceModel model);

    protected static Answer Of<T>(Fin<T> result, Func<T, string> value) =>
        result.Match(Succ: v => Answer.Ok(value(v)), Fail: e => Answer.Fail(ReservationError.From(e)));

    protected static bool KnowsSocket(ReferenceModel model, int handle) => handle >= 1 && handle < model.NextSocket;

    protected static bool KnowsBlock(ReferenceModel model, int id) => id >= 1 && id < model.NextBlock;

    protected static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();
}

internal sealed class OpenSocketCommand(int pid, Protocol protocol) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.OpenSocket(pid, protocol);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).OpenSocket(protocol), socket => rig.Opened(model.NewSocket, socket));

    public override string ToString() => $"p{pid}: open a {protocol} socket";
}

/// <summary>Acquire on a socket: the block <c>start+count</c>, or any <c>count</c> ports when start is 0.</summary>
internal sealed class AcquireCommand(int pid, int handle, int start, int count) : Command
{
    public override bool Pre(ReferenceModel model) => KnowsSocket(model, handle);

    protected override ReferenceModel Step(ReferenceModel model) => model.Acquire(pid, handle, start, count);

    protected override Answer Perform(FakeRig rig, ReferenceModel model)
    {
        var request = start == 0 ? ReservationRequest.ForAnyBlock(count).ThrowIfFail() : ReservationRequest.ForBlock(Range(start, count));
        return Of(
            rig.Port(pid).Acquire(rig.Socket(handle), request),
            granted => $"{granted.Range.Start}+{granted.Range.Count} as {rig.Granted(model.NewBlock, granted.Token)}");
    }

    public override string ToString() => $"p{pid}: acquire {(start == 0 ? $"any {count}" : $"{start}+{count}")} on s{handle}";
}

internal sealed class AssociateCommand(int pid, int handle, int id) : Command
{
    public override bool Pre(ReferenceModel model) => KnowsSocket(model, handle) && KnowsBlock(model, id);

    protected override ReferenceModel Step(ReferenceModel model) => model.Associate(pid, handle, id);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).Associate(rig.Socket(handle), rig.Token(id)), _ => "");

    public override string ToString() => $"p{pid}: associate s{handle} with #{id}";
}

/// <summary>Bind a socket to a port, or automatically when the port is 0.</summary>
internal sealed class BindCommand(int pid, int handle, int port) : Command
{
    public override bool Pre(ReferenceModel model) => KnowsSocket(model, handle);

    protected override ReferenceModel Step(ReferenceModel model) => model.Bind(pid, handle, port);

    protected override Answer Perform(FakeRig rig, ReferenceModel model)
    {
        var target = port == 0 ? BindTarget.Any : BindTarget.To(Domain.Port.Create(port).ThrowIfFail());
        return Of(rig.Port(pid).Bind(rig.Socket(handle), target), bound => $"{bound}");
    }

    public override string ToString() => $"p{pid}: bind s{handle} to {(port == 0 ? "any port" : $"{port}")}";
}

internal sealed class ReleaseCommand(int pid, int handle, int id) : Command
{
    public override bool Pre(ReferenceModel model) => KnowsSocket(model, handle) && KnowsBlock(model, id);

    protected override ReferenceModel Step(ReferenceModel model) => model.Release(pid, handle, id);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).Release(rig.Socket(handle), rig.Token(id)), _ => "");

    public override string ToString() => $"p{pid}: release #{id} on s{handle}";
}

internal sealed class CloseCommand(int pid, int handle) : Command
{
    public override bool Pre(ReferenceModel model) => KnowsSocket(model, handle);

    protected override ReferenceModel Step(ReferenceModel model) => model.Close(pid, handle);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) => Of(rig.Port(pid).Close(rig.Socket(handle)), _ => "");

    public override string ToString() => $"p{pid}: close s{handle}";
}

internal sealed class EndProcessCommand(int pid) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.EndProcess(pid);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Answer.Ok(ReferenceModel.Ended(rig.Machine.EndProcess(new ProcessId(pid)).Select(r => rig.IdOf(r.Token)).Order()));

    public override string ToString() => $"p{pid} exits";
}

internal sealed class CreateCommand(int pid, Protocol protocol, int start, int count) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.Create(pid, protocol, start, count);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).Create(protocol, Range(start, count)), token => rig.Granted(model.NewBlock, token));

    public override string ToString() => $"p{pid}: create persistent {protocol} {start}+{count}";
}

internal sealed class DeleteCommand(int pid, Protocol protocol, int start, int count) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.Delete(pid, protocol, start, count);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).Delete(protocol, Range(start, count)), _ => "");

    public override string ToString() => $"p{pid}: delete persistent {protocol} {start}+{count}";
}

internal sealed class LookupCommand(int pid, Protocol protocol, int start, int count) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.Lookup(protocol, start, count);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).Lookup(protocol, Range(start, count)), rig.Name);

    public override string ToString() => $"p{pid}: look up persistent {protocol} {start}+{count}";
}

internal sealed class ListCommand(int pid, Protocol? protocol) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.List(protocol);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(rig.Port(pid).List(protocol is { } p ? Some(p) : None), rig.Format);

    public override string ToString() => $"p{pid}: list {(protocol is { } p ? $"{p}" : "both protocols")}";
}

internal sealed class ExplainCommand(int pid, Protocol protocol, int port) : Command
{
    protected override ReferenceModel Step(ReferenceModel model) => model.Explain(pid, protocol, port);

    protected override Answer Perform(FakeRig rig, ReferenceModel model) =>
        Of(
            rig.Port(pid).Explain(protocol, Domain.Port.Create(port).ThrowIfFail()),
            e => ReferenceModel.Explanation(
                e.Covering.Map(r => rig.IdOf(r.Token)).ToNullable(),
                e.InDynamicRange,
                e.InUse,
                e.ExplicitBind,
                e.AutomaticBindMayDraw));

    public override string ToString() => $"p{pid}: explain {protocol} {port}";
}
