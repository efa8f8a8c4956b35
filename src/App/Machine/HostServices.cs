using PortReservation.Adapters.Fake;
using PortReservation.Domain;

namespace PortReservation.App.Machine;

/// <summary>What portres reads from the host it runs on; tests replace parts of it.</summary>
/// <param name="GetEnvironmentVariable">The environment.</param>
/// <param name="Processes">The running processes and their starts.</param>
/// <param name="PortsInUse">The ports of a protocol taken on the host right now.</param>
/// <param name="Self">This process.</param>
/// <param name="NewTokenSeed">The seed of a state file's tokens, drawn when the file is first made.</param>
/// <param name="LockWait">How long to wait for another process's lock on the state file.</param>
internal sealed record HostServices(
    Func<string, string?> GetEnvironmentVariable,
    IProcessTable Processes,
    Func<Protocol, IReadOnlyCollection<Port>> PortsInUse,
    ProcessId Self,
    Func<ulong> NewTokenSeed,
    TimeSpan LockWait)
{
    /// <summary>The real host: as the shared fake reads it by default.</summary>
    public static HostServices Real { get; } = new(
        Environment.GetEnvironmentVariable,
        SharedFakeOptions.Default.Processes,
        SharedFakeOptions.Default.PortsInUse,
        SharedFakeOptions.Default.Process,
        SharedFakeOptions.Default.NewTokenSeed,
        SharedFakeOptions.Default.LockWait);

    /// <summary>How the shared fake over a state file is opened: <see cref="SharedFakeWindows.Open(string, SharedFakeOptions)"/>, on the host's file system, unless a test says otherwise.</summary>
    public Func<string, SharedFakeOptions, LanguageExt.Fin<SharedFakeWindows>> OpenSharedFake { get; init; } = SharedFakeWindows.Open;

    /// <summary>
    /// The words that start this portres again (the binary, or dotnet and portres.dll): selftest starts itself as
    /// the child process that tries to use its reservations.
    /// </summary>
    public IReadOnlyList<string> SelfCommand { get; init; } = ThisExecutable();

    /// <summary>This process on the shared fake, elevated or not, as the host says.</summary>
    public SharedFakeOptions SharedFake(bool isElevated) =>
        new(Self, isElevated, PortsInUse, Processes, LockWait, NewTokenSeed);

    private static IReadOnlyList<string> ThisExecutable()
    {
        var path = Environment.ProcessPath ?? "portres";
        // Framework-dependent runs are 'dotnet portres.dll' (a test host too); the apphost and the AOT binary are themselves.
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? [path, Path.Combine(AppContext.BaseDirectory, "portres.dll")] : [path];
    }
}
