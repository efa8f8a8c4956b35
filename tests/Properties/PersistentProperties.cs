using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Domain;
using PortReservation.Properties.Support;
using static LanguageExt.Prelude;

namespace PortReservation.Properties;

/// <summary>The persistent store: create, lookup and delete, exact matches, elevation and conflicts.</summary>
public class PersistentProperties
{
    private static readonly Gen<PortRange> QuietBlocks = Scenarios.BlocksIn(Scenarios.Quiet, 50);

    /// <summary>A block near <paramref name="range"/> that is not it: a part of it, a block holding it, or it shifted.</summary>
    private static Gen<PortRange> NotExactly(PortRange range) =>
        Gen.OneOf(
            from start in Gen.Choose(range.Start.Value, range.End.Value)
            from count in Gen.Choose(1, range.End.Value - start + 1)
            select Machine.Range(start, count),
            from before in Gen.Choose(0, 3)
            from after in Gen.Choose(0, 3)
            select Machine.Range(range.Start.Value - before, range.Count + before + after),
            from shift in Gen.Choose(-5, 5)
            select Machine.Range(range.Start.Value + shift, range.Count))
        .Where(other => other != range);

    [Property]
    public Property Create_lookup_delete_round_trip() =>
        Prop.ForAll(Scenarios.With(_ => QuietBlocks.Zip(Scenarios.Protocols)), pair =>
        {
            var (run, (range, protocol)) = pair;
            var table = run.Final;
            var (created, token) = Reservations.CreatePersistent(table, Machine.Admin(1), protocol, range).Value();
            var found = Reservations.LookupPersistent(created, protocol, range);
            var deleted = Reservations.DeletePersistent(created, Machine.Admin(2), protocol, range).Value().State;
            return (found == token).Label("lookup answers the token create gave")
                .And((created.Find(token) == Some<Reservation>(new Reservation.Persistent(protocol, range, token))).Label("a persistent reservation without holder"))
                .And(deleted.Reservations.SequenceEqual(table.Reservations).Label("delete restores the reservations"))
                .And(Reservations.LookupPersistent(deleted, protocol, range).FailsWith<ReservationError.NotFound, ReservationToken>(WindowsCodes.ERROR_NOT_FOUND).Label("then lookup is not found"))
                .And(Reservations.CreatePersistent(deleted, Machine.Admin(1), protocol, range).IsSucc.Label("and the block can be created again"));
        });

    [Property]
    public Property Lookup_and_delete_match_the_exact_start_and_count_only() =>
        Prop.ForAll(QuietBlocks.Where(r => r.Count > 1).SelectMany(NotExactly, (range, other) => (range, other)).Zip(Scenarios.Protocols).ToArbitrary(), pair =>
        {
            var ((range, other), protocol) = pair;
            var (table, token) = Machine.Empty().CreateOk(protocol, range);
            var deleted = Reservations.DeletePersistent(table, Machine.Admin(1), protocol, other);
            return Reservations.LookupPersistent(table, protocol, other).FailsWith<ReservationError.NotFound, ReservationToken>(1168).Label($"lookup {other}")
                .And(deleted.FailsWith<ReservationError.NotFound, Transition<Unit>>(1168).Label($"delete {other}: {deleted.Describe()}"))
                .And((Reservations.LookupPersistent(table, protocol, range) == token).Label("the exact block is found"))
                .And(Reservations.LookupPersistent(table, protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp, range)
                    .FailsWith<ReservationError.NotFound, ReservationToken>(1168).Label("not in the other protocol"));
        });

    [Property]
    public Property Lookup_finds_every_persistent_block_and_never_a_runtime_one() =>
        Prop.ForAll(Scenarios.With(_ => Scenarios.Protocols), pair =>
        {
            var (run, protocol) = pair;
            var (table, _, _) = Scenarios.WithQuietHold(run.Final, protocol);
            return table.Reservations.ForAll(r =>
                    r.Kind == ReservationKind.Persistent
                        ? Reservations.LookupPersistent(table, r.Protocol, r.Range) == r.Token
                        : Reservations.LookupPersistent(table, r.Protocol, r.Range).FailsWith<ReservationError.NotFound, ReservationToken>(1168))
                .Label("lookup answers each persistent token and never finds a runtime block")
                .Classify(table.Reservations.Exists(r => r.Kind == ReservationKind.Persistent), "persistent blocks");
        });

    [Property]
    public Property Create_and_delete_need_elevation_and_refuse_with_access_denied_5_first() =>
        Prop.ForAll(Scenarios.With(run => Scenarios.BlocksIn(run.Window, 6).Zip(Scenarios.Protocols.Zip(Gen.Choose(0, 1000)))), pair =>
        {
            var (run, (range, (protocol, pick))) = pair;
            var table = run.Final;
            var create = Reservations.CreatePersistent(table, Machine.User(1), protocol, range);
            var target = table.Reservations.IsEmpty
                ? new Reservation.Persistent(protocol, range, ReservationToken.Create(1).Value())
                : table.Reservations[pick % table.Reservations.Count];
            var delete = Reservations.DeletePersistent(table, Machine.User(1), target.Protocol, target.Range);
            return create.FailsWith<ReservationError.AccessDenied, Transition<ReservationToken>>(WindowsCodes.ERROR_ACCESS_DENIED).Label($"create: {create.Describe()}")
                .And(delete.FailsWith<ReservationError.AccessDenied, Transition<Unit>>(WindowsCodes.ERROR_ACCESS_DENIED).Label($"delete: {delete.Describe()}"));
        });

    [Property]
    public Property Create_succeeds_exactly_when_the_block_is_free_and_a_conflict_is_a_sharing_violation() =>
        Prop.ForAll(Scenarios.With(run => Scenarios.BlocksIn(run.Window, 6).Zip(Scenarios.Protocols)), pair =>
        {
            var (run, (range, protocol)) = pair;
            var table = run.Final;
            var ports = Oracle.PortsOf(range).ToList();
            var overlapping = ports.Exists(Oracle.Reserved(table, protocol).Contains);
            var inUse = ports.Exists(Oracle.InUse(table, protocol).Contains);
            var result = Reservations.CreatePersistent(table, Machine.Admin(1), protocol, range);
            return (overlapping
                    ? result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.ERROR_SHARING_VIOLATION } c
                        && c.Overlapping.Exists(r => table.Find(r.Token) == r && Oracle.PortsOf(r.Range).Intersect(ports).Any())).Label("overlap: 32 naming it")
                    : inUse
                        ? result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.ERROR_SHARING_VIOLATION } c && c.Overlapping.IsNone).Label("in use: 32")
                        : result.Match(t => t.State.Find(t.Output).Exists(r => r.Range == range && r.Kind == ReservationKind.Persistent), _ => false).Label("free: created"))
                .Label(result.Map(t => t.Output).Describe())
                .Classify(overlapping && table.Reservations.Exists(r => r.Kind == ReservationKind.Runtime && r.Protocol == protocol && r.Range.Overlaps(range)), "overlaps a runtime block");
        });

    [Property]
    public Property Create_overlapping_a_runtime_block_is_a_sharing_violation_naming_it() =>
        Prop.ForAll(QuietBlocks.SelectMany(NotExactly, (range, other) => (range, other)).Zip(Scenarios.Protocols).ToArbitrary(), pair =>
        {
            var ((range, other), protocol) = pair;
            var (table, _, instance) = Machine.Empty().Hold(Machine.User(1), protocol, range);
            var result = Reservations.CreatePersistent(table, Machine.Admin(2), protocol, other);
            var meets = other.Overlaps(range);
            return (meets
                    ? result.ErrorOrNone().Exists(e => e is ReservationError.Conflict { Code: WindowsCodes.ERROR_SHARING_VIOLATION } c
                        && c.Overlapping.Exists(r => r.Token == instance.Token && r.Kind == ReservationKind.Runtime))
                    : result.IsSucc)
                .Label(result.Describe());
        });

    [Fact]
    public void Creating_the_same_block_twice_is_a_sharing_violation()
    {
        var (table, token) = Machine.Empty().CreateOk(Protocol.Tcp, Machine.Range(8000, 10));
        var again = Reservations.CreatePersistent(table, Machine.Admin(1), Protocol.Tcp, Machine.Range(8000, 10));
        Assert.True(again.FailsWith<ReservationError.Conflict, Transition<ReservationToken>>(WindowsCodes.ERROR_SHARING_VIOLATION));
        Assert.Equal(Some(token), ((ReservationError.Conflict)again.Error()).Overlapping.Map(r => r.Token));
    }

    [Fact]
    public void Lookup_of_a_sub_block_of_a_persistent_reservation_is_not_found()
    {
        var table = Machine.Empty().CreateOk(Protocol.Udp, Machine.Range(8000, 10)).Table;
        Assert.True(Reservations.LookupPersistent(table, Protocol.Udp, Machine.Range(8000, 9))
            .FailsWith<ReservationError.NotFound, ReservationToken>(WindowsCodes.ERROR_NOT_FOUND));
        Assert.True(Reservations.DeletePersistent(table, Machine.Admin(1), Protocol.Udp, Machine.Range(8001, 9))
            .FailsWith<ReservationError.NotFound, Transition<Unit>>(WindowsCodes.ERROR_NOT_FOUND));
    }

    [Fact]
    public void Deleting_an_unknown_block_unelevated_is_access_denied_before_not_found() =>
        Assert.True(Reservations.DeletePersistent(Machine.Empty(), Machine.User(1), Protocol.Tcp, Machine.Range(8000, 10))
            .FailsWith<ReservationError.AccessDenied, Transition<Unit>>(WindowsCodes.ERROR_ACCESS_DENIED));
}
