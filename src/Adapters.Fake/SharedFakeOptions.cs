using PortReservation.Adapters.Fake.Shared;
using PortReservation.Domain;

namespace PortReservation.Adapters.Fake;

/// <summary>How this process takes part in a <see cref="SharedFakeWindows"/>.</summary>
/// <param name="Process">The process the machine's port speaks for, and the holder of the runtime reservations it acquires; this process by default.</param>
/// <param name="IsElevated">
/// Whether that process is an elevated administrator. Off by default, as for a Windows process under UAC:
/// persistent create and delete, and associating with a persistent block, then fail with access denied.
/// </param>
/// <param name="PortsInUse">
/// The ports of a protocol that programs outside the fake hold, read at the start of a transaction. By
/// default the host's: on Linux every port a socket holds (/proc/net/tcp and tcp6, or udp and udp6) and
/// net.ipv4.ip_local_reserved_ports, so a block the fake hands out is bindable; none on hosts without /proc.
/// </param>
/// <param name="Processes">Which processes run, and since when: a runtime reservation whose holder is gone is ended. The host's by default.</param>
/// <param name="LockWait">How long a transaction waits for another process's lock on the state file before it fails; 30 seconds by default.</param>
/// <param name="NewTokenSeed">
/// The seed of a new state file's tokens, drawn when the file is first made; random by default, from the runtime's
/// generator, which the system seeds. The seed keeps files apart; it guards nothing (whoever reads the file reads its
/// tokens), and a cryptographic generator would load OpenSSL into the first command on every new file.
/// </param>
public sealed record SharedFakeOptions(
    ProcessId Process,
    bool IsElevated,
    Func<Protocol, IReadOnlyCollection<Port>> PortsInUse,
    IProcessTable Processes,
    TimeSpan LockWait,
    Func<ulong> NewTokenSeed)
{
    /// <summary>This process, not elevated, on this host (its ports in use and its processes), a 30-second lock wait and random token seeds.</summary>
    public static SharedFakeOptions Default { get; } = new(
        new ProcessId(Environment.ProcessId),
        false,
        HostPorts.Read,
        HostProcessTable.Instance,
        StateFile.DefaultLockWait,
        RandomSeed);

    /// <summary>The same options for another process.</summary>
    public SharedFakeOptions WithProcess(ProcessId process) => this with { Process = process };

    /// <summary>The same options with the process elevated or not.</summary>
    public SharedFakeOptions WithElevation(bool isElevated) => this with { IsElevated = isElevated };

    /// <summary>The same options with these ports held by programs outside the fake (<c>_ => []</c> for none).</summary>
    public SharedFakeOptions WithPortsInUse(Func<Protocol, IReadOnlyCollection<Port>> portsInUse) => this with { PortsInUse = portsInUse };

    /// <summary>The same options with another table of the running processes.</summary>
    public SharedFakeOptions WithProcesses(IProcessTable processes) => this with { Processes = processes };

    /// <summary>The same options with another bound on the wait for the lock.</summary>
    public SharedFakeOptions WithLockWait(TimeSpan lockWait) => this with { LockWait = lockWait };

    /// <summary>The same options with new state files seeded by <paramref name="newTokenSeed"/>.</summary>
    public SharedFakeOptions WithNewTokenSeed(Func<ulong> newTokenSeed) => this with { NewTokenSeed = newTokenSeed };

    private static ulong RandomSeed()
    {
        Span<byte> seed = stackalloc byte[sizeof(ulong)];
        Random.Shared.NextBytes(seed);
        return BitConverter.ToUInt64(seed);
    }
}
