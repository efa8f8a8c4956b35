using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using PortReservation.Domain;
using PortReservation.Testing;

namespace PortReservation.Properties.Model;

/// <summary>
/// Random scripts for the fake and the reference model: three processes (3 unelevated), both protocols,
/// either wildcard policy, a dynamic range small enough that blocks and ports run out, and commands aimed
/// mostly at the sockets and blocks that exist, sometimes at stale or foreign ones. The default machine
/// runs short scripts over 32 ports; <see cref="Wide"/> runs long ones over a range that crosses several of
/// the table's 64-port leaves at an unaligned start, with blocks up to 70 ports, so fragmentation and
/// free runs that span leaves are exercised.
/// </summary>
internal sealed class ReservationMachine(int dynamicCount = 32, int largestBlock = 8, int maxCommands = -1)
    : Machine<FakeRig, ReferenceModel>(maxCommands)
{
    private static readonly Gen<int> Pids = Gen.Choose(1, 3);

    /// <summary>Scripts of up to 400 commands over 200 dynamic ports.</summary>
    public static ReservationMachine Wide() => new(dynamicCount: 200, largestBlock: 70, maxCommands: 400);

    public override Arbitrary<Setup<FakeRig, ReferenceModel>> Setup =>
        (from start in Gen.Elements(1, 1000, 1024, 50000, Port.MaxValue - dynamicCount + 1)
         from fit in Gen.Elements(WildcardFit.FirstFitFromBottom, WildcardFit.FirstFitFromTop)
         from seed in ArbMap.Default.GeneratorFor<ulong>()
         from tcp in Gen.Choose(start, start + dynamicCount - 1).ArrayOf(2)
         from udp in Gen.Choose(start, start + dynamicCount - 1).ArrayOf(1)
         from busy in Gen.Elements(true, false)
         select (Setup<FakeRig, ReferenceModel>)new FakeSetup(
             start,
             dynamicCount,
             fit,
             seed,
             busy ? [.. tcp.Select(p => (Protocol.Tcp, p)), .. udp.Select(p => (Protocol.Udp, p))] : [])).ToArbitrary();

    public override Gen<Operation<FakeRig, ReferenceModel>> Next(ReferenceModel model)
    {
        var options = new List<(int, Gen<Command>)>
        {
            (model.Sockets.Count < 2 ? 10 : 3, from pid in Pids from protocol in DomainGenerators.Protocols select (Command)new OpenSocketCommand(pid, protocol)),
            (2, from pid in Pids from protocol in DomainGenerators.Protocols from r in Ranges(model, largestBlock) select (Command)new CreateCommand(pid, protocol, r.Start, r.Count)),
            (2, from pid in Pids from protocol in DomainGenerators.Protocols from r in Ranges(model, largestBlock, persistentFirst: true) select (Command)new DeleteCommand(pid, protocol, r.Start, r.Count)),
            (1, from pid in Pids from protocol in DomainGenerators.Protocols from r in Ranges(model, largestBlock, persistentFirst: true) select (Command)new LookupCommand(pid, protocol, r.Start, r.Count)),
            (1, from pid in Pids from protocol in Gen.Elements<Protocol?>(null, Protocol.Tcp, Protocol.Udp) select (Command)new ListCommand(pid, protocol)),
            (2, from pid in Pids from protocol in DomainGenerators.Protocols from port in ExplicitPorts(model) select (Command)new ExplainCommand(pid, protocol, port)),
            (1, Pids.Select(pid => (Command)new EndProcessCommand(pid))),
        };

        if (model.NextSocket > 1)
        {
            options.Add((6, from s in Sockets(model)
                            from wildcard in Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
                            from count in Gen.Frequency((3, Gen.Choose(1, 3)), (1, Gen.Choose(4, 8)), (1, Gen.Choose(1, largestBlock)))
                            from r in Ranges(model, largestBlock)
                            select (Command)new AcquireCommand(s.Pid, s.Handle, wildcard ? 0 : r.Start, wildcard ? count : r.Count)));
            options.Add((5, from s in Sockets(model, s => s.Bound is null && s.Association is not null)
                            from port in Gen.Frequency((3, Gen.Constant(0)), (2, ExplicitPorts(model)))
                            select (Command)new BindCommand(s.Pid, s.Handle, port)));
            options.Add((2, Sockets(model).Select(s => (Command)new CloseCommand(s.Pid, s.Handle))));
        }

        if (model.NextSocket > 1 && model.NextBlock > 1)
        {
            options.Add((3, SocketAndBlock(model).Select(t => (Command)new AssociateCommand(t.Pid, t.Handle, t.Id))));
            options.Add((2, SocketAndBlock(model).Select(t => (Command)new ReleaseCommand(t.Pid, t.Handle, t.Id))));
        }

        return Gen.Frequency(options.Select(o => (o.Item1, o.Item2.Select(c => (Operation<FakeRig, ReferenceModel>)c))).ToArray());
    }

    /// <summary>
    /// Mostly an open socket as its own process, favouring those <paramref name="favoured"/> picks (a bind
    /// wants an unbound one); sometimes any socket number ever handed out, as any process.
    /// </summary>
    private static Gen<(int Pid, int Handle)> Sockets(ReferenceModel model, Func<ModelSocket, bool>? favoured = null)
    {
        var options = new List<(int, Gen<(int Pid, int Handle)>)>
        {
            (1, from pid in Pids from handle in Gen.Choose(1, model.NextSocket - 1) select (pid, handle)),
        };
        if (!model.Sockets.IsEmpty)
        {
            options.Add((4, Gen.Elements(model.Sockets.Select(s => (s.Pid, s.Handle)).ToArray())));
        }

        var picked = favoured is null ? [] : model.Sockets.Where(favoured).Select(s => (s.Pid, s.Handle)).ToArray();
        if (picked.Length > 0)
        {
            options.Add((6, Gen.Elements(picked)));
        }

        return Gen.Frequency(options.ToArray());
    }

    /// <summary>
    /// Mostly a fresh open socket (unbound, unassociated) with a live block of its protocol, whoever holds
    /// it; sometimes any such pair; sometimes any numbers ever handed out.
    /// </summary>
    private static Gen<(int Pid, int Handle, int Id)> SocketAndBlock(ReferenceModel model)
    {
        var options = new List<(int, Gen<(int Pid, int Handle, int Id)>)>
        {
            (1, from s in Sockets(model) from id in Gen.Choose(1, model.NextBlock - 1) select (s.Pid, s.Handle, id)),
        };
        var pairs = model.Sockets
            .SelectMany(s => model.Blocks.Where(b => b.Protocol == s.Protocol).Select(b => (Socket: s, Block: b)))
            .ToArray();
        if (pairs.Length > 0)
        {
            options.Add((2, Gen.Elements(pairs.Select(p => (p.Socket.Pid, p.Socket.Handle, p.Block.Id)).ToArray())));
        }

        var fresh = pairs.Where(p => p.Socket.Bound is null && p.Socket.Association is null).ToArray();
        if (fresh.Length > 0)
        {
            options.Add((5, Gen.Elements(fresh.Select(p => (p.Socket.Pid, p.Socket.Handle, p.Block.Id)).ToArray())));
        }

        return Gen.Frequency(options.ToArray());
    }

    /// <summary>Blocks around the dynamic range, and live blocks exactly or one port off, for exact-match lookups and deletes.</summary>
    private static Gen<(int Start, int Count)> Ranges(ReferenceModel model, int largest, bool persistentFirst = false)
    {
        var around =
            from start in Gen.Choose(Math.Max(Port.MinValue, model.DynamicStart - 4), Math.Min(Port.MaxValue, model.DynamicEnd + 4))
            from count in Gen.Frequency((4, Gen.Choose(1, 8)), (1, Gen.Choose(1, largest)))
            select (start, Math.Min(count, Port.MaxValue - start + 1));
        if (model.Blocks.IsEmpty)
        {
            return around;
        }

        var persistent = model.Blocks.Where(b => b.Persistent).ToArray();
        var near =
            from block in Gen.Elements(persistentFirst && persistent.Length > 0 ? persistent : model.Blocks.ToArray())
            from shift in Gen.Elements((0, 0), (0, 0), (-1, 0), (1, 0), (0, 1), (0, -1))
            select Valid(block.Start + shift.Item1, block.Count + shift.Item2) ? (block.Start + shift.Item1, block.Count + shift.Item2) : (block.Start, block.Count);
        return Gen.Frequency((3, around), (2, near));
    }

    /// <summary>Ports just around the dynamic range, and ports inside live blocks.</summary>
    private static Gen<int> ExplicitPorts(ReferenceModel model)
    {
        var around = Gen.Choose(Math.Max(Port.MinValue, model.DynamicStart - 2), Math.Min(Port.MaxValue, model.DynamicEnd + 2));
        return model.Blocks.IsEmpty
            ? around
            : Gen.Frequency((1, around), (1, Gen.Elements(model.Blocks.ToArray()).SelectMany(b => Gen.Choose(b.Start, b.End))));
    }

    private static bool Valid(int start, int count) => start >= Port.MinValue && count >= 1 && start + count - 1 <= Port.MaxValue;
}
