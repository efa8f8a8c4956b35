using FsCheck.Fluent;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using Xunit;
using static PortReservation.Testing.Contract.ContractAssert;

namespace PortReservation.Testing.Contract;

/// <summary>
/// The rules every <see cref="IReservationPort"/> adapter keeps for one process, written once against the
/// port interfaces: a test class derives from it, provides the ports, and the same tests run against the
/// fake and against Windows. The tests hold on a machine in use: they never assume an empty table or a
/// dynamic range, find free blocks by asking for wildcard blocks, and undo what they reserve even when an
/// assertion fails. Codes the domain marks unverified are asserted through <see cref="UnverifiedCodes"/>,
/// so a run on Windows confirms or corrects them.
/// </summary>
/// <example>
/// An adapter's test class provides the ports and says, at run time, what it cannot run here:
/// <code>
/// public sealed class WinsockContractTests : ReservationPortContract
/// {
///     protected override string? SkipReason => OperatingSystem.IsWindows() ? null : "requires Windows";
///     protected override string? PersistentSkipReason => IsElevated ? null : "requires elevation";
///     protected override string? UnelevatedSkipReason => IsElevated ? "requires an unelevated process" : null;
///     protected override IReservationPort Process() => adapter;
///     protected override IReservationPort UnelevatedProcess() => adapter;
/// }
/// </code>
/// Every test is a <see cref="SkippableFactAttribute"/> that checks those hooks before it calls a port, so
/// a skipped test never touches the adapter.
/// </example>
public abstract class ReservationPortContract : ContractSuite
{
    /// <summary>
    /// The port of the calling process, elevated unless <see cref="ContractSuite.PersistentSkipReason"/>
    /// says otherwise. Every call in one test must speak for the same process and machine.
    /// </summary>
    protected abstract IReservationPort Process();

    /// <summary>The port of a process on the same machine that is not elevated; asked for only when <see cref="UnelevatedSkipReason"/> is null.</summary>
    protected abstract IReservationPort UnelevatedProcess();

    /// <summary>Why no unelevated process is at hand (for example "requires an unelevated process"); null when there is one.</summary>
    protected virtual string? UnelevatedSkipReason => null;

    /// <summary>A wildcard request gets a block of exactly the size it asked for, inside the dynamic range.</summary>
    [SkippableFact]
    public void Wildcard_blocks_have_the_size_asked_for_and_lie_inside_the_dynamic_range()
    {
        var port = Start();
        var dynamic = DynamicRange(port);
        var requests =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(dynamic))
            select (Protocol: protocol, Count: count);

        Holds(Prop.ForAll(requests.ToArbitrary(), request =>
        {
            using var leases = new Leases();
            var block = leases.AcquireAny(port, request.Protocol, request.Count).Instance.Range;

            Assert.Equal(request.Count, block.Count);
            Assert.True(dynamic.Contains(block.Start) && dynamic.Contains(block.End), $"{block} lies outside the dynamic range {dynamic}");
        }));
    }

    /// <summary>Over random scripts of wildcard and specific requests, no two granted blocks of one protocol overlap; a refused specific request is Conflict (WSAEADDRINUSE), a refused wildcard Exhausted.</summary>
    [SkippableFact]
    public void Granted_blocks_of_one_protocol_never_overlap_and_an_overlapping_request_conflicts()
    {
        var port = Start();
        var max = MaxBlock(DynamicRange(port));
        var arenaSize = 4 * max;
        var ask =
            from wildcard in Gen.Elements(true, false)
            from offset in Gen.Choose(0, arenaSize - 1)
            from count in Gen.Choose(1, max)
            select new Ask(wildcard, offset, count);
        var scripts =
            from protocol in DomainGenerators.Protocols
            from length in Gen.Choose(2, 8)
            from asks in ask.ArrayOf(length)
            select (Protocol: protocol, Asks: asks);

        Holds(Prop.ForAll(scripts.ToArbitrary(), script =>
        {
            using var leases = new Leases();

            // A stretch that was free a moment ago, so specific requests inside it test the rules, not the machine.
            var arena = FreeBlock(port, script.Protocol, arenaSize);
            var granted = new List<PortRange>();
            foreach (var next in script.Asks)
            {
                var request = next.IsWildcard ? Any(next.Count) : ReservationRequest.ForBlock(next.Inside(arena));
                var overlapsGranted = request is ReservationRequest.Specific specific && granted.Exists(g => g.Overlaps(specific.Range));
                var (_, result) = leases.TryAcquire(port, script.Protocol, request);
                if (result.IsSucc)
                {
                    var block = Succeeds(result, $"acquire {request}").Range;
                    Assert.False(overlapsGranted, $"{request} was granted over a live block");
                    Assert.DoesNotContain(granted, g => g.Overlaps(block));
                    granted.Add(block);
                }
                else if (request is ReservationRequest.Specific)
                {
                    // Outside the granted blocks a port may be in use on a real machine; the answer is the same conflict.
                    Fails(result, $"acquire {request}").Is<ReservationError.Conflict>(WindowsCodes.WSAEADDRINUSE);
                }
                else
                {
                    Fails(result, $"acquire {request}").Is<ReservationError.Exhausted>(UnverifiedCodes.WildcardExhausted);
                }
            }
        }));
    }

    /// <summary>A specific request that overlaps a live runtime block in any way is Conflict with WSAEADDRINUSE.</summary>
    [SkippableFact]
    public void A_specific_block_overlapping_a_live_block_conflicts_with_WSAEADDRINUSE()
    {
        var port = Start();
        var max = MaxBlock(DynamicRange(port));
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, max)
            from overlap in Overlaps(max)
            select (Protocol: protocol, Count: count, overlap.Shift, overlap.Extra);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var live = leases.AcquireAny(port, c.Protocol, c.Count).Instance;
            var probe = Overlapping(live.Range, c.Shift, c.Extra);

            Fails(leases.TryAcquire(port, c.Protocol, ReservationRequest.ForBlock(probe)).Result, $"acquire {probe} over {live.Range}")
                .Is<ReservationError.Conflict>(WindowsCodes.WSAEADDRINUSE);
        }));
    }

    /// <summary>TCP and UDP are separate port spaces: a block reserved in one protocol may be reserved in the other.</summary>
    [SkippableFact]
    public void The_same_block_may_be_reserved_in_TCP_and_in_UDP()
    {
        var port = Start();
        var cases =
            from first in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(DynamicRange(port)))
            select (First: first, Count: count);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();

            // On a machine in use the other protocol may hold a port or a block there: then try again,
            // alternating which protocol picks the block (the refused blocks stay held, so both move on).
            // A fake that mixed the two port spaces would refuse every attempt.
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var picker = attempt % 2 == 0 ? c.First : Other(c.First);
                var block = leases.AcquireAny(port, picker, c.Count).Instance.Range;
                var (_, other) = leases.TryAcquire(port, Other(picker), ReservationRequest.ForBlock(block));
                if (other.IsSucc)
                {
                    Assert.Equal(block, Succeeds(other, $"acquire {block} in {Other(picker)}").Range);
                    return;
                }

                Fails(other, $"acquire {block} in {Other(picker)}").Is<ReservationError.Conflict>(WindowsCodes.WSAEADDRINUSE);
            }

            Assert.Fail($"no block of {c.Count} could be reserved in both TCP and UDP in 16 attempts");
        }));
    }

    /// <summary>A released block may be acquired again, and releasing its old token again is NotFound.</summary>
    [SkippableFact]
    public void A_released_block_can_be_acquired_again_and_its_token_is_gone()
    {
        var port = Start();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var (holder, first) = leases.AcquireAny(port, c.Protocol, c.Count);

            Succeeds(port.Release(holder, first.Token), $"release {first.Range}");
            var again = leases.Acquire(port, c.Protocol, ReservationRequest.ForBlock(first.Range)).Instance;

            Assert.Equal(first.Range, again.Range);
            Assert.NotEqual(0UL, again.Token.Value);
            Fails(port.Release(holder, first.Token), "release the released token")
                .Is<ReservationError.NotFound>(UnverifiedCodes.UnknownToken);
        }));
    }

    /// <summary>Closing a socket ends every runtime reservation acquired on it, so each of its blocks may be acquired again.</summary>
    [SkippableFact]
    public void Closing_the_socket_ends_every_reservation_acquired_on_it()
    {
        var port = Start();
        var cases =
            from protocol in DomainGenerators.Protocols
            from blocks in Gen.Choose(1, 3)
            from counts in Gen.Choose(1, MaxBlock(DynamicRange(port))).ArrayOf(blocks)
            select (Protocol: protocol, Counts: counts);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var holder = leases.Open(port, c.Protocol);
            var held = c.Counts.Select(count => Succeeds(port.Acquire(holder, Any(count)), $"acquire any {count}")).ToList();

            Succeeds(port.Close(holder), "close the holder");

            foreach (var instance in held)
            {
                Assert.Equal(instance.Range, leases.Acquire(port, c.Protocol, ReservationRequest.ForBlock(instance.Range)).Instance.Range);
            }
        }));
    }

    /// <summary>Sockets associated with a runtime block bind to distinct ports of it until none is left (then Exhausted); a closed socket's port goes back to the block.</summary>
    [SkippableFact]
    public void Associated_sockets_draw_distinct_ports_of_the_block_until_it_is_exhausted()
    {
        var port = Start();
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, Math.Min(8, MaxBlock(DynamicRange(port))))
            select (Protocol: protocol, Count: count);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var (holder, block) = leases.AcquireAny(port, c.Protocol, c.Count);
            var drawn = new Dictionary<int, SocketId>();

            // The acquiring socket itself may associate and bind, as may any new socket of the process.
            for (var i = 0; i < c.Count; i++)
            {
                var user = i == 0 ? holder : leases.Open(port, c.Protocol);
                Succeeds(port.Associate(user, block.Token), $"associate socket {i} with {block.Range}");
                var bound = Succeeds(port.Bind(user, BindTarget.Any), $"bind associated socket {i}");
                Assert.True(block.Range.Contains(bound), $"{bound} lies outside {block.Range}");
                Assert.True(drawn.TryAdd(bound.Value, user), $"{bound} was drawn twice");
            }

            var late = leases.Open(port, c.Protocol);
            Succeeds(port.Associate(late, block.Token), "associate one socket more than the block has ports");
            Fails(port.Bind(late, BindTarget.Any), "bind when every port of the block is bound")
                .Is<ReservationError.Exhausted>(UnverifiedCodes.ReservationExhausted);

            // A closed socket gives its port back to the block (the holder stays open: closing it ends the block).
            if (c.Count > 1)
            {
                var (freedPort, freedSocket) = drawn.First(d => d.Value != holder);
                Succeeds(port.Close(freedSocket), "close an associated socket");
                var next = leases.Open(port, c.Protocol);
                Succeeds(port.Associate(next, block.Token), "associate after a port came back");
                Assert.Equal(freedPort, Succeeds(port.Bind(next, BindTarget.Any), "bind after a port came back").Value);
            }
        }));
    }

    /// <summary>An automatic (port 0) bind of a socket that is not associated takes a port of the dynamic range that no reserved block covers.</summary>
    [SkippableFact]
    public void An_automatic_bind_of_an_unassociated_socket_never_draws_a_reserved_port()
    {
        var port = Start();
        var dynamic = DynamicRange(port);
        var cases =
            from protocol in DomainGenerators.Protocols
            from blocks in Gen.Choose(1, 3)
            from counts in Gen.Choose(1, MaxBlock(dynamic)).ArrayOf(blocks)
            select (Protocol: protocol, Counts: counts);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var held = c.Counts.Select(count => leases.AcquireAny(port, c.Protocol, count).Instance.Range).ToList();
            var plain = leases.Open(port, c.Protocol);

            var bound = Succeeds(port.Bind(plain, BindTarget.Any), "automatic bind");

            Assert.True(dynamic.Contains(bound), $"{bound} lies outside the dynamic range {dynamic}");
            Assert.DoesNotContain(held, block => block.Contains(bound));
        }));
    }

    /// <summary>The holder's process may bind explicitly to a port of its own block; a second bind to the same port is Conflict (WSAEADDRINUSE).</summary>
    [SkippableFact]
    public void The_holder_may_bind_explicitly_inside_its_own_block_but_not_to_a_port_in_use()
    {
        var port = Start();
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(DynamicRange(port)))
            from offset in Gen.Choose(0, count - 1)
            select (Protocol: protocol, Count: count, Offset: offset);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = leases.AcquireAny(port, c.Protocol, c.Count).Instance.Range;
            var target = Port.Create(block.Start.Value + c.Offset).ThrowIfFail();

            Assert.Equal(target, Succeeds(port.Bind(leases.Open(port, c.Protocol), BindTarget.To(target)), $"bind {target} inside own {block}"));
            Fails(port.Bind(leases.Open(port, c.Protocol), BindTarget.To(target)), $"bind {target} a second time")
                .Is<ReservationError.Conflict>(WindowsCodes.WSAEADDRINUSE);
        }));
    }

    /// <summary>A socket binds at most once and associates at most once, and only before it binds; anything more is InvalidParameter.</summary>
    [SkippableFact]
    public void A_socket_binds_once_and_associates_once_and_only_before_it_binds()
    {
        var port = Start();
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(2, Math.Max(2, MaxBlock(DynamicRange(port))))
            select (Protocol: protocol, Count: count);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = leases.AcquireAny(port, c.Protocol, c.Count).Instance;

            var associated = leases.Open(port, c.Protocol);
            Succeeds(port.Associate(associated, block.Token), "first associate");
            Fails(port.Associate(associated, block.Token), "second associate")
                .Is<ReservationError.InvalidParameter>(UnverifiedCodes.SocketStateInvalid);
            Succeeds(port.Bind(associated, BindTarget.Any), "first bind");
            Fails(port.Bind(associated, BindTarget.Any), "second bind")
                .Is<ReservationError.InvalidParameter>(UnverifiedCodes.SocketStateInvalid);

            var plain = leases.Open(port, c.Protocol);
            Succeeds(port.Bind(plain, BindTarget.Any), "plain bind");
            Fails(port.Associate(plain, block.Token), "associate after bind")
                .Is<ReservationError.InvalidParameter>(UnverifiedCodes.SocketStateInvalid);
        }));
    }

    /// <summary>Associate and release with a released token, or with a token of the other protocol, are NotFound.</summary>
    [SkippableFact]
    public void A_token_that_names_no_live_reservation_of_the_protocol_is_not_found()
    {
        var port = Start();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var (holder, released) = leases.AcquireAny(port, c.Protocol, c.Count);
            Succeeds(port.Release(holder, released.Token), "release");
            var otherProtocol = leases.AcquireAny(port, Other(c.Protocol), c.Count).Instance;
            var user = leases.Open(port, c.Protocol);

            Fails(port.Associate(user, released.Token), "associate a released token")
                .Is<ReservationError.NotFound>(UnverifiedCodes.UnknownToken);
            Fails(port.Associate(user, otherProtocol.Token), $"associate a {Other(c.Protocol)} token with a {c.Protocol} socket")
                .Is<ReservationError.NotFound>(UnverifiedCodes.UnknownToken);
            Fails(port.Release(user, otherProtocol.Token), $"release a {Other(c.Protocol)} token on a {c.Protocol} socket")
                .Is<ReservationError.NotFound>(UnverifiedCodes.UnknownToken);
        }));
    }

    /// <summary>
    /// A default block, port or token is refused as InvalidParameter (WSAEINVAL from the socket calls,
    /// ERROR_INVALID_PARAMETER from the persistent ones) and leaves the socket neither associated nor bound.
    /// </summary>
    [SkippableFact]
    public void Default_blocks_ports_and_tokens_are_refused_as_invalid_parameters_and_change_nothing()
    {
        var process = Start();
        using var leases = new Leases();
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            var socket = leases.Open(process, protocol);

            // WSAEINVAL (10022) where the socket IOCTLs and bind take the value; ERROR_INVALID_PARAMETER (87) for the IP Helper calls.
            Fails(process.Acquire(socket, ReservationRequest.ForBlock(default)), "acquire default(PortRange)").Is<ReservationError.InvalidParameter>(10022);
            Fails(process.Associate(socket, default), "associate default(ReservationToken)").Is<ReservationError.InvalidParameter>(10022);
            Fails(process.Release(socket, default), "release default(ReservationToken)").Is<ReservationError.InvalidParameter>(10022);
            Fails(process.Bind(socket, BindTarget.To(default)), "bind default(Port)").Is<ReservationError.InvalidParameter>(10022);
            Fails(process.Lookup(protocol, default), "look up default(PortRange)").Is<ReservationError.InvalidParameter>(87);
            Fails(process.Create(protocol, default), "create default(PortRange)").Is<ReservationError.InvalidParameter>(87);
            Fails(process.Delete(protocol, default), "delete default(PortRange)").Is<ReservationError.InvalidParameter>(87);

            // Neither associated nor bound by the refused calls: an automatic bind still draws from the dynamic range.
            var drawn = Succeeds(process.Bind(socket, BindTarget.Any), "automatic bind after the refused calls");
            Assert.True(DynamicRange(process).Contains(drawn), $"{drawn} lies outside the dynamic range {DynamicRange(process)}");
        }
    }

    /// <summary>Tokens are never 0 (INVALID_PORT_RESERVATION_TOKEN) and no two live reservations share one.</summary>
    [SkippableFact]
    public void Tokens_are_never_zero_and_never_repeat_among_live_reservations()
    {
        var port = Start();
        var asks = DomainGenerators.Protocols.Zip(Gen.Choose(1, MaxBlock(DynamicRange(port))));
        var cases = from length in Gen.Choose(2, 8) from list in asks.ArrayOf(length) select list;

        Holds(Prop.ForAll(cases.ToArbitrary(), list =>
        {
            using var leases = new Leases();
            var tokens = list.Select(a => leases.AcquireAny(port, a.Item1, a.Item2).Instance.Token).ToList();

            Assert.DoesNotContain(tokens, t => t.Value == 0);
            Assert.Equal(tokens.Count, tokens.Distinct().Count());
        }));
    }

    /// <summary>Acquire, associate, bind, release and close on a closed socket are NotASocket (WSAENOTSOCK).</summary>
    [SkippableFact]
    public void Every_call_on_a_closed_socket_fails_with_WSAENOTSOCK()
    {
        var port = Start();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var live = leases.AcquireAny(port, c.Protocol, c.Count).Instance;
            var closed = leases.Open(port, c.Protocol);
            Succeeds(port.Close(closed), "close");

            Fails(port.Acquire(closed, Any(c.Count)), "acquire").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(port.Associate(closed, live.Token), "associate").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(port.Bind(closed, BindTarget.Any), "bind").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(port.Release(closed, live.Token), "release").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(port.Close(closed), "close again").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
        }));
    }

    /// <summary>Wildcard requests succeed until no free block of their size is left, then are Exhausted; freeing one block makes exactly it available again. Skipped when the dynamic range has more than 1,024 ports.</summary>
    [SkippableFact]
    public void Wildcard_requests_run_out_exactly_when_no_free_block_of_their_size_is_left()
    {
        var port = Start();
        var dynamic = DynamicRange(port);

        // Filling a full-size dynamic range would starve every other program on the machine of ports.
        Skip.If(dynamic.Count > 1024 ? $"the dynamic range {dynamic} is too large to exhaust on a machine in use" : null);
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(dynamic))
            from pick in Gen.Choose(0, int.MaxValue)
            select (Protocol: protocol, Count: count, Pick: pick);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var granted = FillWith(leases, port, c.Protocol, c.Count, dynamic);
            Assert.All(granted, g => Assert.True(dynamic.Contains(g.Block.Start) && dynamic.Contains(g.Block.End), $"{g.Block} lies outside {dynamic}"));
            AssertDisjoint(granted.Select(g => g.Block));

            if (granted.Count > 0)
            {
                // The freed block is then the only gap big enough, whatever the fit policy.
                var (socket, freed) = granted[c.Pick % granted.Count];
                Succeeds(port.Close(socket), "close one holder");
                Assert.Equal(freed, leases.AcquireAny(port, c.Protocol, c.Count).Instance.Range);
            }

            FillWith(leases, port, c.Protocol, 1, dynamic);
            Fails(port.Bind(leases.Open(port, c.Protocol), BindTarget.Any), "automatic bind in a fully reserved dynamic range")
                .Is<ReservationError.Exhausted>(UnverifiedCodes.DynamicRangeExhausted);
        }));
    }

    /// <summary>Lookup and delete find a created persistent block by its exact start and count only; a block one port off is NotFound (ERROR_NOT_FOUND).</summary>
    [SkippableFact]
    public void A_persistent_block_round_trips_through_create_lookup_and_delete_by_exact_match_only()
    {
        var port = StartPersistent();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();

            // One free port either side, so the near misses are valid blocks next to the real one.
            var room = FreeBlock(port, c.Protocol, c.Count + 2);
            var block = Block(room.Start.Value + 1, c.Count);
            var token = leases.Create(port, c.Protocol, block);

            Assert.NotEqual(0UL, token.Value);
            Assert.Equal(token, Succeeds(port.Lookup(c.Protocol, block), $"lookup {block}"));
            foreach (var miss in NearMisses(block))
            {
                Fails(port.Lookup(c.Protocol, miss), $"lookup {miss} beside {block}").Is<ReservationError.NotFound>(WindowsCodes.ERROR_NOT_FOUND);
                Fails(port.Delete(c.Protocol, miss), $"delete {miss} beside {block}").Is<ReservationError.NotFound>(WindowsCodes.ERROR_NOT_FOUND);
            }

            Succeeds(port.Delete(c.Protocol, block), $"delete {block}");
            Fails(port.Lookup(c.Protocol, block), "lookup after delete").Is<ReservationError.NotFound>(WindowsCodes.ERROR_NOT_FOUND);
            Fails(port.Delete(c.Protocol, block), "delete after delete").Is<ReservationError.NotFound>(WindowsCodes.ERROR_NOT_FOUND);
        }));
    }

    /// <summary>Creating a persistent block over a persistent or runtime block is Conflict with ERROR_SHARING_VIOLATION; acquiring over a persistent block is Conflict with WSAEADDRINUSE.</summary>
    [SkippableFact]
    public void Creating_a_persistent_block_over_a_live_block_conflicts_with_ERROR_SHARING_VIOLATION()
    {
        var port = StartPersistent();
        var max = MaxBlock(DynamicRange(port));
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, max)
            from overPersistent in Overlaps(max)
            from overRuntime in Overlaps(max)
            select (Protocol: protocol, Count: count, OverPersistent: overPersistent, OverRuntime: overRuntime);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var persistent = FreeBlock(port, c.Protocol, c.Count);
            leases.Create(port, c.Protocol, persistent);
            var probe = Overlapping(persistent, c.OverPersistent.Shift, c.OverPersistent.Extra);

            Fails(leases.TryCreate(port, c.Protocol, probe), $"create {probe} over persistent {persistent}")
                .Is<ReservationError.Conflict>(WindowsCodes.ERROR_SHARING_VIOLATION);
            Fails(leases.TryAcquire(port, c.Protocol, ReservationRequest.ForBlock(probe)).Result, $"acquire {probe} over persistent {persistent}")
                .Is<ReservationError.Conflict>(WindowsCodes.WSAEADDRINUSE);

            var runtime = leases.AcquireAny(port, c.Protocol, c.Count).Instance.Range;
            var overRuntime = Overlapping(runtime, c.OverRuntime.Shift, c.OverRuntime.Extra);
            Fails(leases.TryCreate(port, c.Protocol, overRuntime), $"create {overRuntime} over runtime {runtime}")
                .Is<ReservationError.Conflict>(WindowsCodes.ERROR_SHARING_VIOLATION);
        }));
    }

    /// <summary>A persistent block takes explicit binds and binds of associated sockets, is skipped by automatic binds, and cannot be released like a runtime block (NotFound).</summary>
    [SkippableFact]
    public void A_persistent_block_serves_explicit_and_associated_binds_but_not_automatic_ones_and_cannot_be_released()
    {
        var port = StartPersistent();
        var dynamic = DynamicRange(port);
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, Math.Min(8, MaxBlock(dynamic)))
            select (Protocol: protocol, Count: count);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(port, c.Protocol, c.Count);
            var token = leases.Create(port, c.Protocol, block);

            Assert.Equal(block.Start, Succeeds(port.Bind(leases.Open(port, c.Protocol), BindTarget.To(block.Start)), $"explicit bind to {block.Start} in persistent {block}"));
            var drawn = new HashSet<Port> { block.Start };
            for (var i = 1; i < c.Count; i++)
            {
                var user = leases.Open(port, c.Protocol);
                Succeeds(port.Associate(user, token), $"associate socket {i} with persistent {block}");
                var bound = Succeeds(port.Bind(user, BindTarget.Any), $"bind associated socket {i}");
                Assert.True(block.Contains(bound), $"{bound} lies outside {block}");
                Assert.True(drawn.Add(bound), $"{bound} was drawn twice");
            }

            var late = leases.Open(port, c.Protocol);
            Succeeds(port.Associate(late, token), "associate one socket more than the block has ports");
            Fails(port.Bind(late, BindTarget.Any), "bind when every port of the block is bound")
                .Is<ReservationError.Exhausted>(UnverifiedCodes.ReservationExhausted);

            var plain = Succeeds(port.Bind(leases.Open(port, c.Protocol), BindTarget.Any), "automatic bind");
            Assert.False(block.Contains(plain), $"automatic bind drew {plain} from persistent {block}");

            Fails(port.Release(leases.Open(port, c.Protocol), token), "release a persistent token")
                .Is<ReservationError.NotFound>(UnverifiedCodes.UnknownToken);
        }));
    }

    /// <summary>Creating or deleting a persistent block without elevation is AccessDenied (ERROR_ACCESS_DENIED).</summary>
    [SkippableFact]
    public void Creating_or_deleting_a_persistent_block_without_elevation_is_access_denied()
    {
        var port = StartUnelevated();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(port, c.Protocol, c.Count);

            Fails(leases.TryCreate(port, c.Protocol, block), $"create {block} unelevated").Is<ReservationError.AccessDenied>(WindowsCodes.ERROR_ACCESS_DENIED);
            Fails(port.Delete(c.Protocol, block), $"delete {block} unelevated").Is<ReservationError.AccessDenied>(WindowsCodes.ERROR_ACCESS_DENIED);
        }));
    }

    /// <summary>An unelevated process may look up persistent blocks: a free block answers NotFound, not AccessDenied.</summary>
    [SkippableFact]
    public void Lookup_needs_no_elevation()
    {
        var port = StartUnelevated();
        var cases = ProtocolsAndCounts(port);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var block = FreeBlock(port, c.Protocol, c.Count);

            Fails(port.Lookup(c.Protocol, block), $"lookup {block} unelevated").Is<ReservationError.NotFound>(WindowsCodes.ERROR_NOT_FOUND);
        }));
    }

    /// <summary>The blocks one port off <paramref name="block"/> at either end that are still valid blocks.</summary>
    private static IEnumerable<PortRange> NearMisses(PortRange block)
    {
        var start = block.Start.Value;
        var count = block.Count;
        var candidates = new[] { (start - 1, count), (start + 1, count), (start, count + 1), (start, count - 1), (start - 1, count + 2) };
        return candidates
            .Select(c => PortRange.Create(c.Item1, c.Item2))
            .Where(r => r.IsSucc)
            .Select(r => r.ThrowIfFail())
            .Where(r => r != block);
    }

    /// <summary>Acquires wildcard blocks of <paramref name="count"/> ports until the answer is exhausted; answers the holders and blocks.</summary>
    private static List<(SocketId Socket, PortRange Block)> FillWith(
        Leases leases, IReservationPort port, Protocol protocol, int count, PortRange dynamic)
    {
        var granted = new List<(SocketId, PortRange)>();
        for (var i = 0; i <= dynamic.Count; i++)
        {
            var (socket, result) = leases.TryAcquire(port, protocol, Any(count));
            if (result.IsFail)
            {
                Fails(result, $"acquire any {count}").Is<ReservationError.Exhausted>(UnverifiedCodes.WildcardExhausted);
                return granted;
            }

            granted.Add((socket, Succeeds(result, $"acquire any {count}").Range));
        }

        Assert.Fail($"{granted.Count} blocks of {count} were granted from the dynamic range {dynamic}");
        return granted;
    }

    private IReservationPort Start()
    {
        RequireSuite();
        return Process();
    }

    private IReservationPort StartPersistent()
    {
        RequirePersistent();
        return Process();
    }

    private IReservationPort StartUnelevated()
    {
        RequireSuite();
        Skip.If(UnelevatedSkipReason);
        return UnelevatedProcess();
    }

    /// <summary>One request of a script: a wildcard for <see cref="Count"/> ports, or the block at <see cref="Offset"/> inside the arena.</summary>
    private sealed record Ask(bool IsWildcard, int Offset, int Count)
    {
        public PortRange Inside(PortRange arena) =>
            Block(arena.Start.Value + Offset, Math.Min(Count, arena.Count - Offset));

        public override string ToString() => IsWildcard ? $"any {Count}" : $"arena+{Offset} x{Count}";
    }
}
