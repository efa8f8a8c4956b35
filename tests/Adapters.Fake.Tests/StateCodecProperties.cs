using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;
using PortReservation.Testing;
using static LanguageExt.Prelude;

namespace PortReservation.Adapters.Fake.Tests;

/// <summary>What the state file holds survives a write and a read unchanged.</summary>
public sealed class StateCodecProperties
{
    private static readonly Gen<(bool Runtime, long Pid, Protocol Protocol, PortRange Range)> Steps =
        from runtime in Gen.Elements(true, false)
        from pid in Gen.Choose(2, 6)
        from protocol in DomainGenerators.Protocols
        from range in DomainGenerators.Ranges
        select (runtime, (long)pid, protocol, range);

    [Property]
    public Property Writing_then_reading_keeps_every_reservation_socket_holder_and_the_token_sequence() =>
        Prop.ForAll(
            Gen.ListOf(Steps).Select(s => s.Take(12).ToList()).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).Select(s => (ulong)s).ToArbitrary(),
            (steps, seed) =>
            {
                var machine = new FakeWindows(FakeOptions.Default.WithElevation(true).WithTokenSeed(seed));
                var holders = ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty;
                foreach (var (runtime, pid, protocol, range) in steps)
                {
                    var port = machine.Process(new ProcessId(pid));
                    if (runtime)
                    {
                        var acquired = from socket in port.OpenSocket(protocol)
                                       from instance in port.Acquire(socket, ReservationRequest.ForBlock(range))
                                       select instance;
                        holders = acquired.IsSucc ? holders.SetItem(new ProcessId(pid), new ProcessStart((ulong)pid * 1000)) : holders;
                    }
                    else
                    {
                        _ = port.Create(protocol, range);
                    }
                }

                // A socket whose acquire failed still belongs to its process, which needs a start too.
                foreach (var socket in machine.State.Sockets)
                {
                    holders = holders.SetItem(socket.Process, new ProcessStart((ulong)socket.Process.Value * 1000));
                }

                var saved = new SavedState(machine.State, holders);
                var back = StateCodec.Decode(StateCodec.Encode(saved).ToArray(), "state.json").ThrowIfFail();

                return (back.Table.Reservations.SequenceEqual(saved.Table.Reservations)
                        && back.Table.Sockets.SequenceEqual(saved.Table.Sockets)
                        && back.Table.Tokens == saved.Table.Tokens
                        && back.Table.NextSocket == saved.Table.NextSocket
                        && back.Table.Settings == saved.Table.Settings
                        && back.Holders.SequenceEqual(saved.Holders))
                    .Label($"{steps.Count} steps, {saved.Table.Reservations.Count} reservations, {saved.Table.Sockets.Count} sockets");
            });

    private static readonly Gen<(int Kind, long Pid, Protocol Protocol, PortRange Range)> Commands =
        from kind in Gen.Choose(0, 5)
        from pid in Gen.Choose(2, 4)
        from protocol in DomainGenerators.Protocols
        from range in DomainGenerators.Ranges
        select (kind, (long)pid, protocol, range);

    [Property]
    public Property A_change_is_found_exactly_when_the_file_would_change_and_is_persistent_exactly_when_persistent_blocks_change() =>
        Prop.ForAll(
            Gen.ListOf(Commands).Select(s => s.Take(16).ToList()).ToArbitrary(),
            commands =>
            {
                var machine = new FakeWindows(FakeOptions.Default.WithElevation(true).WithTokenSeed(5));
                var before = new SavedState(machine.State, ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty);
                var wrong = new List<string>();
                foreach (var (kind, pid, protocol, range) in commands)
                {
                    Run(machine, kind, pid, protocol, range);
                    var after = new SavedState(machine.State, Holders(machine));

                    var change = StateChanges.Between(before, after);
                    var fileChanges = !StateCodec.Encode(before).Span.SequenceEqual(StateCodec.Encode(after).Span);
                    var persistentChanges = !Persistent(before).SequenceEqual(Persistent(after));
                    if ((change != StateChange.None) != fileChanges || (change == StateChange.Persistent) != persistentChanges)
                    {
                        wrong.Add($"command {kind} by {pid} on {protocol} {range}: {change}, file changes {fileChanges}, persistent changes {persistentChanges}");
                    }

                    before = after;
                }

                return (wrong.Count == 0).Label(string.Join("; ", wrong));
            });

    [Property]
    public Property A_table_followed_by_the_journal_line_of_each_change_reads_back_as_the_last_state() =>
        Prop.ForAll(
            Gen.ListOf(Commands).Select(s => s.Take(16).ToList()).ToArbitrary(),
            commands =>
            {
                var machine = new FakeWindows(FakeOptions.Default.WithElevation(true).WithTokenSeed(5));
                var before = new SavedState(machine.State, ImmutableSortedDictionary<ProcessId, ProcessStart>.Empty, Generation: 42);
                var file = new List<byte>(StateCodec.Encode(before).ToArray());
                foreach (var (kind, pid, protocol, range) in commands)
                {
                    Run(machine, kind, pid, protocol, range);
                    var after = new SavedState(machine.State, Holders(machine), Generation: 42);
                    file.AddRange(StateCodec.EncodeChange(StateChanges.Delta(before, after)).ToArray());
                    before = after;
                }

                var back = StateCodec.Decode([.. file], "state.json").ThrowIfFail();
                var last = machine.State;
                return (back.Table.Reservations.SequenceEqual(last.Reservations)
                        && back.Table.Sockets.SequenceEqual(last.Sockets)
                        && back.Table.Tokens == last.Tokens
                        && back.Table.NextSocket == last.NextSocket
                        && back.Holders.Keys.SequenceEqual(last.Sockets.Select(s => s.Process).Distinct().Order())
                        && back.Generation == 42)
                    .Label($"{commands.Count} commands, {last.Reservations.Count} reservations, {last.Sockets.Count} sockets");
            });

    /// <summary>One command: 0 create, 1 delete, 2 acquire on a new socket, 3 list, 4 bind a new socket to any port, 5 end the process.</summary>
    private static void Run(FakeWindows machine, int kind, long pid, Protocol protocol, PortRange range)
    {
        var process = machine.Process(new ProcessId(pid));
        _ = kind switch
        {
            0 => process.Create(protocol, range).Map(_ => unit),
            1 => process.Delete(protocol, range),
            2 => process.OpenSocket(protocol).Bind(socket => process.Acquire(socket, ReservationRequest.ForBlock(range))).Map(_ => unit),
            3 => process.List(None).Map(_ => unit),
            4 => process.OpenSocket(protocol).Bind(socket => process.Bind(socket, BindTarget.Any)).Map(_ => unit),
            _ => Fin<Unit>.Succ(ignore(machine.EndProcess(new ProcessId(pid)))),
        };
    }

    /// <summary>A start for every process with sockets, as the state file keeps them.</summary>
    private static ImmutableSortedDictionary<ProcessId, ProcessStart> Holders(FakeWindows machine) =>
        machine.State.Sockets.Select(s => s.Process).Distinct().ToImmutableSortedDictionary(p => p, p => new ProcessStart((ulong)p.Value * 1000));

    private static IEnumerable<string> Persistent(SavedState state) =>
        state.Table.Reservations.Where(r => r.Kind == ReservationKind.Persistent).Select(r => $"{r.Protocol} {r.Range} {r.Token}");
}
