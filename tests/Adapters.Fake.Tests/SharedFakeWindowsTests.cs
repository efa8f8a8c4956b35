using System.Text;
using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;
using PortReservation.Domain.Ports;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>Two machines of one process on one state file are one machine: the simulated processes of a test share it.</summary>
public sealed class SharedFakeWindowsTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly SimulatedProcesses processes = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_block_one_instance_acquires_is_listed_and_refused_by_another_and_comes_back_when_its_holder_ends()
    {
        var (service, client) = (processes.Start(1001), processes.Start(1002));
        var serviceMachine = Open(service);
        var clientMachine = Open(client);

        var held = serviceMachine.Transact(me => Acquire(me, Range(50100, 10))).ThrowIfFail();

        var seen = clientMachine.Process().List(None).ThrowIfFail();
        var runtime = Assert.IsType<Reservation.Runtime>(Assert.Single(seen));
        Assert.Equal((Range(50100, 10), held.Token, service), (runtime.Range, runtime.Token, runtime.Holder.Process));
        var refused = clientMachine.Transact(me => Acquire(me, Range(50105, 10)));
        var conflict = Assert.IsType<ReservationError.Conflict>(ReservationError.From((Error)refused));
        Assert.Equal(runtime, conflict.Overlapping.Case);

        processes.End(service);

        Assert.Empty(clientMachine.Process().List(None).ThrowIfFail());
        Assert.True(clientMachine.Transact(me => Acquire(me, Range(50105, 10))).IsSucc);
    }

    [Fact]
    public void Each_call_of_the_process_port_is_a_transaction_and_its_socket_lives_on_in_the_file()
    {
        var me = Open(processes.Start(1001)).Process();

        var socket = me.OpenSocket(Protocol.Udp).ThrowIfFail();
        var block = me.Acquire(socket, ReservationRequest.ForAnyBlock(3).ThrowIfFail()).ThrowIfFail();

        Assert.Equal(Range(49152, 3), block.Range);
        var other = Open(processes.Start(1002)).Table().ThrowIfFail();
        Assert.Equal([socket], other.Sockets.Select(s => s.Id).ToArray());
        Assert.True(me.Close(socket).IsSucc);
        Assert.Empty(Open(processes.Start(1003)).Table().ThrowIfFail().Reservations);
    }

    [Fact]
    public void Persistent_blocks_outlive_every_process_and_need_elevation()
    {
        var admin = Open(processes.Start(1001), elevated: true);
        var user = Open(processes.Start(1002));

        var denied = user.Process().Create(Protocol.Tcp, Range(50000, 10));
        var token = admin.Process().Create(Protocol.Tcp, Range(50000, 10)).ThrowIfFail();
        processes.End(new ProcessId(1001));

        Assert.IsType<ReservationError.AccessDenied>(ReservationError.From((Error)denied));
        Assert.Equal(token, user.Process().Lookup(Protocol.Tcp, Range(50000, 10)).ThrowIfFail());
    }

    [Fact]
    public void The_first_change_to_a_state_that_has_no_file_yet_runs_its_work_once()
    {
        var machine = Open(processes.Start(1001), elevated: true);
        var runs = 0;

        var created = machine.Transact(me =>
        {
            runs++;
            return me.Create(Protocol.Tcp, Range(50000, 10));
        });

        Assert.True(created.IsSucc);
        Assert.Equal(1, runs);
        Assert.True(File.Exists(folder.StatePath));
    }

    [Fact]
    public void A_failed_call_writes_nothing()
    {
        var user = Open(processes.Start(1001));

        var denied = user.Transact(me =>
            from socket in me.OpenSocket(Protocol.Tcp)
            from token in me.Create(Protocol.Tcp, Range(50000, 10))
            select token);

        Assert.True(denied.IsFail);
        Assert.False(File.Exists(folder.StatePath));
    }

    [Fact]
    public void The_host_ports_in_use_count_and_are_not_kept()
    {
        var machine = SharedFakeWindows.Open(folder.StatePath, Options(processes.Start(1001)).WithPortsInUse(p => p == Protocol.Tcp ? [Port(49152)] : [])).ThrowIfFail();

        var tcp = machine.Transact(me => Acquire(me, ReservationRequest.ForAnyBlock(2).ThrowIfFail(), Protocol.Tcp)).ThrowIfFail();
        var udp = machine.Transact(me => Acquire(me, ReservationRequest.ForAnyBlock(2).ThrowIfFail(), Protocol.Udp)).ThrowIfFail();

        Assert.Equal((Range(49153, 2), Range(49152, 2)), (tcp.Range, udp.Range));
        Assert.Empty(Open(processes.Start(1002)).Table().ThrowIfFail().PortsInUseElsewhere(Protocol.Tcp));
    }

    [Fact]
    public void An_imported_table_is_held_by_the_simulated_system_process_which_is_never_reclaimed()
    {
        var machine = Open(processes.Start(1001));

        var imported = machine.TransactMachine(fake => fake.Import(FakeProfiles.HyperV(7), replace: false)).ThrowIfFail();

        var table = Open(processes.Start(1002)).Table().ThrowIfFail();
        Assert.Equal(imported.Count, table.Reservations.Count);
        Assert.Contains(table.Reservations, r => r is Reservation.Runtime { Holder.Process: var p } && p == ProcessId.SimulatedSystem);
        Assert.True(processes.StartOf(ProcessId.SimulatedSystem).IsNone);
    }

    [Fact]
    public void Threads_and_instances_racing_for_blocks_never_get_overlapping_ones()
    {
        var machines = Enumerable.Range(0, 4).Select(i => Open(processes.Start(2000 + i))).ToArray();

        var blocks = machines
            .SelectMany(machine => Enumerable.Range(0, 2).Select(_ => machine))
            .AsParallel()
            .WithDegreeOfParallelism(8)
            .SelectMany(machine => Enumerable.Range(0, 5)
                .Select(_ => machine.Transact(me => Acquire(me, ReservationRequest.ForAnyBlock(7).ThrowIfFail())).ThrowIfFail().Range))
            .ToList();

        Assert.Equal(40, blocks.Count);
        Assert.Equal(40 * 7, blocks.SelectMany(b => b.Ports).Distinct().Count());
        Assert.Equal(40, Open(processes.Start(3000)).Table().ThrowIfFail().Reservations.Count);
    }

    [Fact]
    public void A_damaged_state_file_is_a_state_file_problem_and_is_left_as_it_was()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.StatePath)!);
        var damaged = Encoding.UTF8.GetBytes("""{"formatVersion":2,"settings":""");
        File.WriteAllBytes(folder.StatePath, damaged);

        var answer = Open(processes.Start(1001), elevated: true).Process().Create(Protocol.Tcp, Range(50000, 1));

        var problem = Assert.IsType<StateFileProblem>((Error)answer);
        Assert.Contains(folder.StatePath, problem.Problem, StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllBytes(folder.StatePath));
    }

    [Fact]
    public void A_lock_held_past_the_wait_is_a_state_file_problem()
    {
        var machine = SharedFakeWindows.Open(folder.StatePath, Options(processes.Start(1001)).WithElevation(true).WithLockWait(TimeSpan.FromMilliseconds(100))).ThrowIfFail();
        Assert.True(machine.Process().Create(Protocol.Tcp, Range(50000, 1)).IsSucc);
        using var held = new FileStream(machine.Path + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var answer = machine.Process().List(None);

        Assert.IsType<StateFileProblem>((Error)answer);
    }

    [Fact]
    public void A_path_that_cannot_name_a_file_is_an_invalid_parameter()
    {
        var opened = SharedFakeWindows.Open("bad\0path", Options(processes.Start(1001)));

        Assert.IsType<ReservationError.InvalidParameter>((Error)opened);
    }

    [LinuxFact]
    public void A_gone_holder_keeps_its_blocks_while_its_handle_for_children_is_open_and_loses_them_when_the_last_copy_closes()
    {
        var (run, other) = (processes.Start(2001), processes.Start(2002));
        var runMachine = Open(run);
        var otherMachine = Open(other);
        var handle = runMachine.OpenHandleForChildren().ThrowIfFail();
        runMachine.Transact(me => Acquire(me, Range(50200, 5))).ThrowIfFail();

        processes.End(run);
        var whileOpen = otherMachine.Transact(me => Acquire(me, Range(50200, 5)));
        var listedWhileOpen = otherMachine.Process().List(None).ThrowIfFail();
        handle.Dispose();
        var afterClose = otherMachine.Transact(me => Acquire(me, Range(50200, 5)));

        // As on Windows, where a child that inherited the socket's handle keeps the reservation after its parent ends.
        Assert.IsType<ReservationError.Conflict>(ReservationError.From((Error)whileOpen));
        Assert.Equal(run, Assert.IsType<Reservation.Runtime>(Assert.Single(listedWhileOpen)).Holder.Process);
        Assert.True(afterClose.IsSucc);
    }

    [LinuxFact]
    public void A_handle_for_children_is_named_for_its_state_file_so_it_keeps_no_block_of_another_file()
    {
        var (run, other) = (processes.Start(2003), processes.Start(2004));
        var elsewhere = SharedFakeWindows.Open(Path.Combine(folder.Path, "other.json"), Options(run)).ThrowIfFail();
        using var unrelated = elsewhere.OpenHandleForChildren().ThrowIfFail();
        Open(run).Transact(me => Acquire(me, Range(50300, 5))).ThrowIfFail();

        processes.End(run);

        Assert.True(Open(other).Transact(me => Acquire(me, Range(50300, 5))).IsSucc);
    }

    [UnixFact]
    public void A_transaction_waiting_for_another_process_lock_stops_when_cancelled_and_changes_nothing()
    {
        var me = processes.Start(2005);
        var machine = SharedFakeWindows.Open(folder.StatePath, Options(me).WithLockWait(TimeSpan.FromMinutes(10))).ThrowIfFail();
        machine.Transact(p => Acquire(p, Range(50400, 5))).ThrowIfFail();
        var before = File.ReadAllBytes(folder.StatePath);
        using var cancel = new CancellationTokenSource();

        Fin<ReservationInstance> answer;
        using (new FileStream(folder.StatePath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var waiting = Task.Run(() => machine.Transact(Some(Protocol.Tcp), p => Acquire(p, Range(50500, 5)), cancel.Token));
            cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

            // The lock is held all along: only a wait that was cancelled can end here.
            answer = waiting.Result;
        }

        Assert.Equal(Errors.Cancelled, (Error)answer);
        Assert.Equal(before, File.ReadAllBytes(folder.StatePath));
    }

    [Fact]
    public void A_broker_holds_blocks_for_its_clients_with_the_start_it_read_and_they_end_with_each_client()
    {
        var broker = Open(processes.Start(1001));
        var (first, second) = (processes.Start(2001), processes.Start(2002));
        var starts = new Dictionary<ProcessId, ProcessStart>
        {
            [first] = processes.StartOf(first).IfNone(default(ProcessStart)),
            [second] = processes.StartOf(second).IfNone(default(ProcessStart)),
        };

        var granted = broker.TransactFor(starts, machine =>
            from a in Acquire(machine.Process(first), ReservationRequest.ForAnyBlock(1).ThrowIfFail())
            from b in Acquire(machine.Process(second), ReservationRequest.ForAnyBlock(1).ThrowIfFail())
            select (a.Range, b.Range)).ThrowIfFail();

        Assert.Equal((Range(49152, 1), Range(49153, 1)), granted);
        var holders = Open(processes.Start(1003)).Process().List(None).ThrowIfFail()
            .Map(r => Assert.IsType<Reservation.Runtime>(r).Holder.Process).ToArray();
        Assert.Equal([first, second], holders);

        processes.End(first);
        processes.Start(2001); // the id comes back with another start: another process, which holds nothing

        var left = Open(processes.Start(1004)).Process().List(None).ThrowIfFail();
        Assert.Equal([(Range(49153, 1), second)], left.Map(r => (r.Range, Assert.IsType<Reservation.Runtime>(r).Holder.Process)).ToArray());
    }

    [Fact]
    public void A_broker_client_whose_pid_came_back_with_another_start_loses_what_the_first_process_held()
    {
        var broker = Open(processes.Start(1001));
        var first = processes.Start(2001);
        Grant(broker, first).ThrowIfFail();
        processes.End(first);
        var again = processes.Start(2001); // the id comes back with another start: another process

        var granted = Grant(broker, again).ThrowIfFail();

        var held = Open(processes.Start(1002)).Process().List(None).ThrowIfFail();
        Assert.Equal([(granted, again)], held.Map(r => (r.Range, Assert.IsType<Reservation.Runtime>(r).Holder.Process)).ToArray());
        Assert.Equal(Range(49152, 1), granted);
    }

    [Fact]
    public void A_process_whose_start_is_unknown_cannot_hold_sockets()
    {
        var ghost = Open(new ProcessId(1001));

        Assert.True(ghost.Process().OpenSocket(Protocol.Tcp).IsFail);
        Assert.False(File.Exists(folder.StatePath));
    }

    /// <summary>A broker's one-port wildcard for <paramref name="client"/>, with the start the broker reads for it now.</summary>
    private Fin<PortRange> Grant(SharedFakeWindows broker, ProcessId client) =>
        broker.TransactFor(
            new Dictionary<ProcessId, ProcessStart> { [client] = processes.StartOf(client).IfNone(default(ProcessStart)) },
            machine => Acquire(machine.Process(client), ReservationRequest.ForAnyBlock(1).ThrowIfFail()).Map(i => i.Range));

    private SharedFakeWindows Open(ProcessId process, bool elevated = false) =>
        SharedFakeWindows.Open(folder.StatePath, Options(process).WithElevation(elevated)).ThrowIfFail();

    private SharedFakeOptions Options(ProcessId process) =>
        SharedFakeOptions.Default
            .WithProcess(process)
            .WithProcesses(processes)
            .WithPortsInUse(_ => [])
            .WithNewTokenSeed(() => 11);

    private static Fin<ReservationInstance> Acquire(IReservationPort me, PortRange range) =>
        Acquire(me, ReservationRequest.ForBlock(range), Protocol.Tcp);

    private static Fin<ReservationInstance> Acquire(IReservationPort me, ReservationRequest request, Protocol protocol = Protocol.Tcp) =>
        from socket in me.OpenSocket(protocol)
        from instance in me.Acquire(socket, request)
        select instance;

    private static PortRange Range(int start, int count) => PortRange.Create(start, count).ThrowIfFail();

    private static Port Port(int value) => Domain.Port.Create(value).ThrowIfFail();
}
