using FsCheck.Fluent;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using Xunit;
using static PortReservation.Testing.Contract.ContractAssert;

namespace PortReservation.Testing.Contract;

/// <summary>
/// The rules between processes on one machine: who may release, associate and bind into whose blocks,
/// what elevation allows, and what the end of a process frees. A test class derives from it and provides
/// ports for processes 1 to 3 of one machine; on Windows only an adapter that can simulate other
/// processes can run it. Like <see cref="ReservationPortContract"/>, it holds on a machine in use and
/// undoes what it reserves.
/// </summary>
public abstract class MultiProcessContract : ContractSuite
{
    /// <summary>The port of elevated process <paramref name="n"/> (1 to 3); every call with the same <paramref name="n"/> speaks for the same process.</summary>
    protected abstract IReservationPort Process(int n);

    /// <summary>The port of process <paramref name="n"/> (1 to 3) when it is not elevated; a test uses each <paramref name="n"/> either elevated or not, never both.</summary>
    protected abstract IReservationPort UnelevatedProcess(int n);

    /// <summary>Process <paramref name="n"/> exits: its sockets close. Later calls through its port speak for a new process with the same number.</summary>
    protected abstract void EndProcess(int n);

    /// <summary>Only the process that acquired a runtime block may release it or associate with it; another process is NotOwner.</summary>
    [SkippableFact]
    public void Only_the_acquiring_process_may_release_or_associate_a_runtime_block()
    {
        RequireSuite();
        var cases = ProtocolsAndCounts(Process(1));

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var (holder, block) = leases.AcquireAny(Process(1), c.Protocol, c.Count);
            var stranger = leases.Open(Process(2), c.Protocol);

            Fails(Process(2).Release(stranger, block.Token), "release by another process")
                .Is<ReservationError.NotOwner>(UnverifiedCodes.NotOwner);
            Fails(Process(2).Associate(stranger, block.Token), "associate by another process")
                .Is<ReservationError.NotOwner>(UnverifiedCodes.NotOwner);

            var user = leases.Open(Process(1), c.Protocol);
            Succeeds(Process(1).Associate(user, block.Token), "associate by the holder's process");
            Succeeds(Process(1).Release(holder, block.Token), "release by the holder's process");
        }));
    }

    /// <summary>An explicit bind to a port of another process's runtime block is AccessDenied (WSAEACCES); the holder's process may bind there.</summary>
    [SkippableFact]
    public void An_explicit_bind_inside_another_process_runtime_block_is_access_denied()
    {
        RequireSuite();
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(DynamicRange(Process(1))))
            from offset in Gen.Choose(0, count - 1)
            select (Protocol: protocol, Count: count, Offset: offset);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = leases.AcquireAny(Process(1), c.Protocol, c.Count).Instance.Range;
            var target = Port.Create(block.Start.Value + c.Offset).ThrowIfFail();

            Fails(Process(2).Bind(leases.Open(Process(2), c.Protocol), BindTarget.To(target)), $"bind {target} inside another process's {block}")
                .Is<ReservationError.AccessDenied>(WindowsCodes.WSAEACCES);
            Assert.Equal(target, Succeeds(Process(1).Bind(leases.Open(Process(1), c.Protocol), BindTarget.To(target)), $"bind {target} by the holder's process"));
        }));
    }

    /// <summary>Blocks granted to different processes never overlap within a protocol, and their tokens differ.</summary>
    [SkippableFact]
    public void Blocks_of_different_processes_never_overlap()
    {
        RequireSuite();
        var max = MaxBlock(DynamicRange(Process(1)));
        var ask =
            from process in Gen.Choose(1, 3)
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, max)
            select (Process: process, Protocol: protocol, Count: count);
        var scripts = from length in Gen.Choose(2, 9) from asks in ask.ArrayOf(length) select asks;

        Holds(Prop.ForAll(scripts.ToArbitrary(), script =>
        {
            using var leases = new Leases();
            var granted = script
                .Select(a => (a.Protocol, leases.AcquireAny(Process(a.Process), a.Protocol, a.Count).Instance))
                .ToList();

            AssertDisjoint(granted.Where(g => g.Protocol == Protocol.Tcp).Select(g => g.Instance.Range));
            AssertDisjoint(granted.Where(g => g.Protocol == Protocol.Udp).Select(g => g.Instance.Range));
            Assert.Equal(granted.Count, granted.Select(g => g.Instance.Token).Distinct().Count());
        }));
    }

    /// <summary>A socket exists only for the process that opened it: another process's calls on it are NotASocket (WSAENOTSOCK) and leave its block alone.</summary>
    [SkippableFact]
    public void A_socket_belongs_to_the_process_that_opened_it()
    {
        RequireSuite();
        var cases = ProtocolsAndCounts(Process(1));

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var (holder, block) = leases.AcquireAny(Process(1), c.Protocol, c.Count);

            Fails(Process(2).Acquire(holder, Any(c.Count)), "acquire on another process's socket").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(Process(2).Release(holder, block.Token), "release on another process's socket").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(Process(2).Bind(holder, BindTarget.Any), "bind another process's socket").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Fails(Process(2).Close(holder), "close another process's socket").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK);
            Succeeds(Process(1).Release(holder, block.Token), "the block outlived the strangers' calls");
        }));
    }

    /// <summary>When a process ends, its runtime blocks, its sockets and the ports they were bound to are freed.</summary>
    [SkippableFact]
    public void Ending_a_process_frees_every_block_socket_and_port_it_held()
    {
        RequireSuite();
        var max = MaxBlock(DynamicRange(Process(1)));
        var cases =
            from protocol in DomainGenerators.Protocols
            from blocks in Gen.Choose(1, 3)
            from counts in Gen.Choose(1, max).ArrayOf(blocks)
            select (Protocol: protocol, Counts: counts);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var held = new List<ReservationInstance>();
            var sockets = new List<SocketId>();
            foreach (var count in c.Counts)
            {
                var (holder, block) = leases.AcquireAny(Process(1), c.Protocol, count);
                var user = leases.Open(Process(1), c.Protocol);
                Succeeds(Process(1).Associate(user, block.Token), "associate");
                Succeeds(Process(1).Bind(user, BindTarget.Any), "bind inside the block");
                held.Add(block);
                sockets.AddRange([holder, user]);
            }

            EndProcess(1);

            // The blocks are gone and so are the bound ports: a specific request refuses a port in use.
            foreach (var block in held)
            {
                Assert.Equal(block.Range, leases.Acquire(Process(2), c.Protocol, ReservationRequest.ForBlock(block.Range)).Instance.Range);
            }

            Assert.All(sockets, s => Fails(Process(1).Close(s), "close a socket of the ended process").Is<ReservationError.NotASocket>(WindowsCodes.WSAENOTSOCK));
        }));
    }

    /// <summary>A persistent block outlives the process that created it: another elevated process looks it up and deletes it.</summary>
    [SkippableFact]
    public void A_persistent_block_outlives_the_process_that_created_it()
    {
        RequirePersistent();
        var cases = ProtocolsAndCounts(Process(1));

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(Process(1), c.Protocol, c.Count);
            var token = leases.Create(Process(1), c.Protocol, block);

            EndProcess(1);

            Assert.Equal(token, Succeeds(Process(2).Lookup(c.Protocol, block), "lookup from another process"));
            Succeeds(Process(2).Delete(c.Protocol, block), "delete from another elevated process");
        }));
    }

    /// <summary>Any elevated process may associate a socket with a persistent block and bind inside it; an unelevated one is AccessDenied (WSAEACCES).</summary>
    [SkippableFact]
    public void Any_elevated_process_may_associate_a_persistent_block_and_an_unelevated_one_may_not()
    {
        RequirePersistent();
        var cases = ProtocolsAndCounts(Process(1));

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(Process(1), c.Protocol, c.Count);
            var token = leases.Create(Process(1), c.Protocol, block);

            var unelevated = UnelevatedProcess(3);
            Fails(unelevated.Associate(leases.Open(unelevated, c.Protocol), token), "associate a persistent block unelevated")
                .Is<ReservationError.AccessDenied>(WindowsCodes.WSAEACCES);

            var user = leases.Open(Process(2), c.Protocol);
            Succeeds(Process(2).Associate(user, token), "associate a persistent block from another elevated process");
            Assert.True(block.Contains(Succeeds(Process(2).Bind(user, BindTarget.Any), "bind associated")), $"the bound port lies outside {block}");
        }));
    }

    /// <summary>An unelevated process may look up a persistent block but not create or delete one; rights are checked before conflicts, so the answer is AccessDenied.</summary>
    [SkippableFact]
    public void An_unelevated_process_may_look_up_but_not_create_a_persistent_block()
    {
        RequirePersistent();
        var cases = ProtocolsAndCounts(Process(1));

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(Process(1), c.Protocol, c.Count);
            var token = leases.Create(Process(1), c.Protocol, block);
            var unelevated = UnelevatedProcess(3);

            Assert.Equal(token, Succeeds(unelevated.Lookup(c.Protocol, block), "lookup unelevated"));

            // Rights are checked before conflicts: the answer is access denied, not a sharing violation.
            Fails(leases.TryCreate(unelevated, c.Protocol, block), "create over it unelevated").Is<ReservationError.AccessDenied>(WindowsCodes.ERROR_ACCESS_DENIED);
            Fails(unelevated.Delete(c.Protocol, block), "delete it unelevated").Is<ReservationError.AccessDenied>(WindowsCodes.ERROR_ACCESS_DENIED);
        }));
    }

    /// <summary>Any process, elevated or not, may bind explicitly to a port of a persistent block.</summary>
    [SkippableFact]
    public void Any_process_may_bind_explicitly_inside_a_persistent_block()
    {
        RequirePersistent();
        var cases =
            from protocol in DomainGenerators.Protocols
            from count in Gen.Choose(1, MaxBlock(DynamicRange(Process(1))))
            from offset in Gen.Choose(0, count - 1)
            from binder in Gen.Choose(2, 3)
            select (Protocol: protocol, Count: count, Offset: offset, Binder: binder);

        Holds(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var leases = new Leases();
            var block = FreeBlock(Process(1), c.Protocol, c.Count);
            leases.Create(Process(1), c.Protocol, block);
            var target = Port.Create(block.Start.Value + c.Offset).ThrowIfFail();
            var binder = c.Binder == 2 ? Process(2) : UnelevatedProcess(3);

            Assert.Equal(target, Succeeds(binder.Bind(leases.Open(binder, c.Protocol), BindTarget.To(target)), $"bind {target} inside persistent {block}"));
        }));
    }
}
