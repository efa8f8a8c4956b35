using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Adapters.Fake;
using PortReservation.Adapters.Fake.Shared;
using PortReservation.App.Cli;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>
/// Faults injected at each step of a command that changes the state: the state file's open, the lock,
/// the temporary file's creation (or the state file's open for a journal line), its write, its flush, the rename,
/// and the output of the answer. Whatever fails,
/// no acknowledged change is lost, no change is reported that was not made, no change is made that is not
/// reported, and the next command reads the file. The faults go through the store's file-system seam; the
/// output fault is a standard output that fails.
/// </summary>
public sealed partial class StoreFaultProperties
{
    /// <summary>Where a command fails, if anywhere.</summary>
    public enum Step
    {
        None,
        OpenState,
        Lock,
        CreateTemp,
        OpenToAppend,
        Write,
        Flush,
        Rename,
        Output,
    }

    public sealed record Command(bool Add, int Start, bool Json, Step Fault)
    {
        public string[] Args =>
            [.. Json ? ["--json"] : System.Array.Empty<string>(), Add ? "add" : "delete", "--start", Start.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", "1"];

        public override string ToString() => $"{string.Join(' ', Args)} failing at {Fault}";
    }

    private static readonly Gen<Command> Commands =
        from add in Gen.Elements(true, true, false)
        from start in Gen.Choose(3001, 3004)
        from json in Gen.Elements(false, true)
        from fault in Gen.Elements(Enum.GetValues<Step>())
        select new Command(add, start, json, fault);

    [Property(MaxTest = 60)]
    public Property No_fault_at_any_step_loses_an_acknowledged_change_or_reports_one_not_made() =>
        Prop.ForAll(
            Gen.ListOf(Commands).Select(list => list.Take(12).ToArray()).ToArbitrary(),
            commands =>
            {
                using var state = new TempState();
                var files = new FaultyFileSystem();
                var host = InProcess.Host(state) with { OpenSharedFake = (path, options) => SharedFakeWindows.Open(path, options, files) };
                var model = new SortedDictionary<int, string>();
                foreach (var command in commands)
                {
                    files.Arm(command.Fault);
                    var stdout = command.Fault == Step.Output ? (TextWriter)new FullWriter() : new StringWriter();
                    var stderr = new StringWriter();
                    var code = new PortresCli(stdout, stderr, host).Invoke(command.Args);
                    files.Arm(Step.None);
                    var said = $"{command}: exit {code}, stdout {stdout}, stderr {stderr}";

                    var verdict = Acknowledged(command, code, stdout.ToString() ?? string.Empty, stderr.ToString());
                    if (verdict is null)
                    {
                        return false.Label($"an outcome outside the contract: {said}");
                    }

                    if (verdict is { } change && change.Made)
                    {
                        if (command.Add)
                        {
                            model[command.Start] = change.Token!;
                        }
                        else
                        {
                            model.Remove(command.Start);
                        }
                    }

                    var table = InProcess.Run(state, "--json", "show");
                    if (table.ExitCode != ExitCodes.Success)
                    {
                        return false.Label($"after {said} the next command cannot read the file: {table}");
                    }

                    var actual = Persistent(table.Stdout);
                    if (!actual.SequenceEqual(model))
                    {
                        return false.Label(
                            $"after {said} the table holds [{string.Join(", ", actual)}], but what was acknowledged is [{string.Join(", ", model)}]");
                    }
                }

                return true.ToProperty();
            });

    /// <summary>One transaction of runtime state: acquire a one-port block at <paramref name="Start"/> on a new socket, or close the socket that holds it.</summary>
    public sealed record RuntimeChange(bool Acquire, int Start, Step Fault)
    {
        public override string ToString() => $"{(Acquire ? "acquire" : "close the holder of")} tcp {Start} failing at {Fault}";
    }

    private static readonly Gen<RuntimeChange> RuntimeChanges =
        from acquire in Gen.Elements(true, true, false)
        from start in Gen.Choose(50001, 50004)
        from fault in Gen.Elements(Step.None, Step.OpenState, Step.Lock, Step.OpenToAppend, Step.Write, Step.Flush, Step.CreateTemp, Step.Rename)
        select new RuntimeChange(acquire, start, fault);

    [Property(MaxTest = 60)]
    public Property No_fault_while_a_journal_line_is_appended_loses_an_acknowledged_runtime_change_or_keeps_one_reported_failed() =>
        Prop.ForAll(
            Gen.ListOf(RuntimeChanges).Select(list => list.Take(16).ToArray()).ToArbitrary(),
            changes =>
            {
                using var state = new TempState();
                var files = new FaultyFileSystem();
                var options = SharedFakeOptions.Default.WithPortsInUse(_ => []);
                var machine = SharedFakeWindows.Open(state.StatePath, options, files).ThrowIfFail();
                var model = new SortedDictionary<int, SocketId>();
                foreach (var change in changes)
                {
                    files.Arm(change.Fault);
                    var held = model.TryGetValue(change.Start, out var socket);
                    var answer = change.Acquire
                        ? machine.Transact(None, me =>
                            from opened in me.OpenSocket(Protocol.Tcp)
                            from instance in me.Acquire(opened, ReservationRequest.ForBlock(PortRange.Create(change.Start, 1).ThrowIfFail()))
                            select opened)
                        : held ? machine.Transact(None, me => me.Close(socket).Map(_ => socket)) : FinSucc(socket);
                    files.Arm(Step.None);
                    if (answer.IsFail && answer.Match(Succ: _ => false, Fail: e => e is not (StateFileProblem or ReservationError.Conflict)))
                    {
                        return false.Label($"{change}: {(LanguageExt.Common.Error)answer}, neither a state file problem nor a conflict");
                    }

                    if (answer.IsSucc && change.Acquire)
                    {
                        model[change.Start] = (SocketId)answer;
                    }
                    else if (answer.IsSucc)
                    {
                        model.Remove(change.Start);
                    }

                    var table = SharedFakeWindows.Open(state.StatePath, options).ThrowIfFail().Table();
                    if (table.IsFail)
                    {
                        return false.Label($"after {change} the next transaction cannot read the file: {(LanguageExt.Common.Error)table}");
                    }

                    var actual = ((ReservationTable)table).Reservations.Map(r => r.Range.Start.Value).ToArray();
                    if (!actual.SequenceEqual(model.Keys))
                    {
                        return false.Label($"after {change} the table holds [{string.Join(", ", actual)}], but what was acknowledged is [{string.Join(", ", model.Keys)}]");
                    }
                }

                return true.ToProperty();
            });

    /// <summary>
    /// What the command told its user: a change made (with add's token), no change, or null when the outcome is
    /// not one the contract allows (an exit 1 that does not name its change, say).
    /// </summary>
    private static (bool Made, string? Token)? Acknowledged(Command command, int code, string stdout, string stderr)
    {
        switch (code)
        {
            case ExitCodes.Success when command.Add:
                return (true, command.Json ? JsonDocument.Parse(stdout).RootElement.GetProperty("token").GetString() : stdout.Trim());
            case ExitCodes.Success:
                return (true, null);
            case ExitCodes.Unexpected when command.Fault == Step.Output:
                var made = MadeSentence().Match(stderr);
                return made.Success && command.Add ? (true, made.Groups["token"].Value)
                    : stderr.Contains($"tcp {command.Start} was deleted, and it stays made", StringComparison.Ordinal) && !command.Add ? (true, null)
                    : null;
            case ExitCodes.StateUnreadable when command.Fault is not (Step.None or Step.Output):
            case ExitCodes.Conflict when command.Add:
            case ExitCodes.NotFound when !command.Add:
                return (false, null);
            default:
                return null;
        }
    }

    /// <summary>The persistent blocks of a <c>--json show</c>, by start, with their tokens.</summary>
    private static SortedDictionary<int, string> Persistent(string json)
    {
        var table = new SortedDictionary<int, string>();
        foreach (var reservation in JsonDocument.Parse(json).RootElement.GetProperty("reservations").EnumerateArray())
        {
            table[reservation.GetProperty("start").GetInt32()] = reservation.GetProperty("token").GetString()!;
        }

        return table;
    }

    [GeneratedRegex(@"^portres: the persistent reservation tcp \d+ was made \(token (?<token>\d+)\), and it stays made, but the answer could not be written to standard output")]
    private static partial Regex MadeSentence();

    /// <summary>A standard output on a full disk.</summary>
    private sealed class FullWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }

    /// <summary>The host's file system, failing once at the armed step, as a full disk or a yanked drive would.</summary>
    private sealed class FaultyFileSystem : IStateFileSystem
    {
        private readonly IStateFileSystem host = HostFileSystem.Instance;
        private Step armed;

        public void Arm(Step step) => armed = step;

        public Stream? OpenRegular(string path)
        {
            Fail(Step.OpenState);
            return host.OpenRegular(path);
        }

        public IDisposable? TryLock(string path)
        {
            Fail(Step.Lock);
            return host.TryLock(path);
        }

        public EntryKind KindOf(string path) => host.KindOf(path);

        public void CreateFolder(string folder) => host.CreateFolder(folder);

        public Stream? OpenForWriting(string path)
        {
            Fail(Step.OpenToAppend);
            var file = host.OpenForWriting(path);
            return file is not null && armed == Step.Write ? new HalfWritten(file, this) : file;
        }

        public Stream CreateNew(string path)
        {
            Fail(Step.CreateTemp);
            var file = host.CreateNew(path);
            return armed == Step.Write ? new HalfWritten(file, this) : file;
        }

        public void Flush(Stream file, bool toDisk)
        {
            Fail(Step.Flush);
            host.Flush(file is HalfWritten half ? half.Inner : file, toDisk);
        }

        public void Rename(string from, string to)
        {
            Fail(Step.Rename);
            host.Rename(from, to);
        }

        public void Delete(string path) => host.Delete(path);

        public void SyncFolder(string folder) => host.SyncFolder(folder);

        private void Fail(Step step)
        {
            if (armed == step)
            {
                armed = Step.None;
                throw new IOException($"injected failure at {step}");
            }
        }

        /// <summary>A file whose write stops half-way with a failure.</summary>
        private sealed class HalfWritten(Stream inner, FaultyFileSystem files) : Stream
        {
            public Stream Inner => inner;

            public override bool CanRead => false;

            public override bool CanSeek => true;

            public override bool CanWrite => true;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => inner.Position = value; }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                inner.Write(buffer[..(buffer.Length / 2)]);
                files.Fail(Step.Write);
                inner.Write(buffer[(buffer.Length / 2)..]);
            }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => inner.SetLength(value);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
