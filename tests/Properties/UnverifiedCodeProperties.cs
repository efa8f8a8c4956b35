using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>Every error of a run carries the code of its path; the paths no public source confirms read theirs from <see cref="UnverifiedCodes"/>.</summary>
public class UnverifiedCodeProperties
{
    /// <summary>A failed step's path, and the code that path must give.</summary>
    private sealed record Path(string Name, int Code, bool Unverified);

    private static Option<Path> PathOf(TraceEntry entry, ReservationError error)
    {
        var before = entry.Before;
        Option<SocketState> Socket(int pick) => before.Sockets.IsEmpty ? None : Some(before.Sockets[pick % before.Sockets.Count]);

        return (entry.Step, error) switch
        {
            (_, ReservationError.NotASocket) => new Path("not a socket", WindowsCodes.WSAENOTSOCK, false),
            (AcquireStep, ReservationError.Exhausted) => new Path("wildcard exhausted", UnverifiedCodes.WildcardExhausted, true),
            (AcquireStep, ReservationError.Conflict) => new Path("acquire conflict", WindowsCodes.WSAEADDRINUSE, false),
            (BindStep b, ReservationError.Exhausted) => Socket(b.SocketPick).Map(s => s.Association.IsSome
                ? new Path("reservation exhausted", UnverifiedCodes.ReservationExhausted, true)
                : new Path("dynamic range exhausted", UnverifiedCodes.DynamicRangeExhausted, true)),
            (BindStep, ReservationError.InvalidParameter) => new Path("bind on a bound socket", UnverifiedCodes.SocketStateInvalid, true),
            (BindStep, ReservationError.NotFound) => new Path("bind from an ended reservation", UnverifiedCodes.UnknownToken, true),
            (BindStep, ReservationError.AccessDenied) => new Path("bind in another's runtime block", WindowsCodes.WSAEACCES, false),
            (BindStep, ReservationError.Conflict) => new Path("bind to a port in use", WindowsCodes.WSAEADDRINUSE, false),
            (AssociateStep, ReservationError.InvalidParameter) => new Path("associate a used socket", UnverifiedCodes.SocketStateInvalid, true),
            (AssociateStep or ReleaseStep, ReservationError.NotOwner) => new Path("not the holder", UnverifiedCodes.NotOwner, true),
            (AssociateStep or ReleaseStep, ReservationError.NotFound) => new Path("unknown token", UnverifiedCodes.UnknownToken, true),
            (AssociateStep, ReservationError.AccessDenied) => new Path("associate a persistent block unelevated", WindowsCodes.WSAEACCES, false),
            (CreatePersistentStep or DeletePersistentStep, ReservationError.AccessDenied) => new Path("store unelevated", WindowsCodes.ERROR_ACCESS_DENIED, false),
            (CreatePersistentStep, ReservationError.Conflict) => new Path("store conflict", WindowsCodes.ERROR_SHARING_VIOLATION, false),
            (DeletePersistentStep, ReservationError.NotFound) => new Path("store not found", WindowsCodes.ERROR_NOT_FOUND, false),
            _ => None,
        };
    }

    private static IEnumerable<(Option<Path> Path, ReservationError Error)> Failures(Scenario run) =>
        run.Trace().SelectMany(entry => entry.Outcome.Error.Map(error => (PathOf(entry, error), error)));

    /// <summary>Runs the path <paramref name="path"/> with a block of <paramref name="count"/> ports at <paramref name="start"/>, answering the code the path's Unverified constant names and the error it gave.</summary>
    private static (string Name, Type Kind, int Expected, Fin<Unit> Result) RunUnverifiedPath(int path, Protocol protocol, int start, int count, ulong token)
    {
        var owner = Machine.User(1);
        var dynamic = DynamicPortRange.Create(start, count).Value();
        var table = Machine.Empty(dynamic, WildcardFit.FirstFitFromBottom);
        switch (path)
        {
            case 0:
            {
                var (opened, socket) = table.Open(owner, protocol);
                var result = Reservations.Acquire(opened, owner, socket, ReservationRequest.ForAnyBlock(count + 1).Value());
                return ("wildcard exhausted", typeof(ReservationError.Exhausted), UnverifiedCodes.WildcardExhausted, result.Map(_ => unit));
            }

            case 1:
            {
                var (held, _, instance) = table.Hold(owner, protocol, dynamic.Range);
                var result = Enumerable.Range(0, count + 1).Aggregate(
                    Fin<ReservationTable>.Succ(held),
                    (state, _) => state.Bind(t =>
                    {
                        var (opened, socket) = t.Open(owner, protocol);
                        return Reservations.Associate(opened, owner, socket, instance.Token)
                            .Bind(a => Reservations.Bind(a.State, owner, socket, BindTarget.Any)).Map(b => b.State);
                    }));
                return ("reservation exhausted", typeof(ReservationError.Exhausted), UnverifiedCodes.ReservationExhausted, result.Map(_ => unit));
            }

            case 2:
            {
                var result = Enumerable.Range(0, count + 1).Aggregate(
                    Fin<ReservationTable>.Succ(table),
                    (state, _) => state.Bind(t =>
                    {
                        var (opened, socket) = t.Open(owner, protocol);
                        return Reservations.Bind(opened, owner, socket, BindTarget.Any).Map(b => b.State);
                    }));
                return ("dynamic range exhausted", typeof(ReservationError.Exhausted), UnverifiedCodes.DynamicRangeExhausted, result.Map(_ => unit));
            }

            case 3:
            {
                var (held, _, instance) = table.Hold(owner, protocol, dynamic.Range);
                var (opened, socket) = held.Open(Machine.Admin(2), protocol);
                return ("not the holder", typeof(ReservationError.NotOwner), UnverifiedCodes.NotOwner, Reservations.Release(opened, Machine.Admin(2), socket, instance.Token).Map(_ => unit));
            }

            case 4:
            {
                var (held, socket, instance) = table.Hold(owner, protocol, dynamic.Range);
                var unknown = ReservationToken.Create(token == instance.Token.Value || token == 0 ? instance.Token.Value + 1 : token).Value();
                return ("unknown token", typeof(ReservationError.NotFound), UnverifiedCodes.UnknownToken, Reservations.Associate(held, owner, socket, unknown).Map(_ => unit));
            }

            default:
            {
                var (opened, socket) = table.Open(owner, protocol);
                var result = Reservations.Bind(opened, owner, socket, BindTarget.Any)
                    .Bind(t => Reservations.Bind(t.State, owner, socket, BindTarget.To(dynamic.Range.End)));
                return ("bind on a bound socket", typeof(ReservationError.InvalidParameter), UnverifiedCodes.SocketStateInvalid, result.Map(_ => unit));
            }
        }
    }

    [Property]
    public Property Decision_unverified_codes_are_read_from_UnverifiedCodes_on_every_path_that_gives_one() =>
        Prop.ForAll(
            (from path in Gen.Choose(0, 5)
             from protocol in Scenarios.Protocols
             from start in Gen.Choose(1, 65000)
             from count in Gen.Choose(1, 8)
             from token in ArbMap.Default.GeneratorFor<ulong>()
             select (path, protocol, start, count, token)).ToArbitrary(),
            c =>
            {
                var (name, kind, expected, result) = RunUnverifiedPath(c.path, c.protocol, c.start, c.count, c.token);
                return result.ErrorOrNone().Exists(e => e.GetType() == kind && e.Code == expected && e.WindowsCode == expected)
                    .Label($"{name}: expected {kind.Name} {expected}, got {result.Describe()}")
                    .Collect(name);
            });

    [Property]
    public Property Every_error_of_a_run_is_a_known_case_of_its_path_with_that_path_code() =>
        Prop.ForAll(Scenarios.Any, run =>
        {
            var failures = Failures(run).ToList();
            return failures.All(f => f.Path.Exists(p => p.Code == f.Error.Code))
                .Label(string.Join("; ", failures.Select(f => $"{f.Path.Map(p => p.Name).IfNone("unexpected path")}: {f.Error.GetType().Name} {f.Error.Code}")));
        });

    [Fact]
    public void The_unverified_codes_hold_the_choices_the_spec_makes()
    {
        Assert.Equal(WindowsCodes.WSAENOBUFS, UnverifiedCodes.WildcardExhausted);
        Assert.Equal(WindowsCodes.WSAENOBUFS, UnverifiedCodes.ReservationExhausted);
        Assert.Equal(10055, WindowsCodes.WSAENOBUFS);
    }

    [Fact]
    public void A_bind_on_a_socket_whose_reservation_ended_is_an_unknown_token()
    {
        var (table, holder, instance) = Machine.Empty().Hold(Machine.User(1), Protocol.Tcp, Machine.Range(9000, 2));
        var (opened, socket) = table.Open(Machine.User(1), Protocol.Tcp);
        var associated = Reservations.Associate(opened, Machine.User(1), socket, instance.Token).Value().State;
        var released = Reservations.Release(associated, Machine.User(1), holder, instance.Token).Value().State;
        Assert.True(Reservations.Bind(released, Machine.User(1), socket, BindTarget.Any)
            .FailsWith<ReservationError.NotFound, Transition<Port>>(UnverifiedCodes.UnknownToken));
    }
}
