using PortReservation.Domain;
using PortReservation.Domain.Ports;
using PortReservation.Testing.Contract;

namespace PortReservation.Adapters.Winsock.Tests;

/// <summary>
/// The adapter contract, the same suite the fake passes, run against the real kernel. Elsewhere every
/// test reports as skipped with "requires Windows"; persistent tests need an elevated process.
/// </summary>
public sealed class WinsockContractTests : ReservationPortContract, IDisposable
{
    private readonly Lazy<IReservationPort> adapter = new(Open);

    /// <inheritdoc />
    protected override string? SkipReason => OperatingSystem.IsWindows() ? null : "requires Windows";

    /// <inheritdoc />
    protected override string? PersistentSkipReason =>
        OperatingSystem.IsWindows() && !Elevation.IsElevated() ? "requires elevation" : null;

    /// <inheritdoc />
    protected override string? UnelevatedSkipReason =>
        OperatingSystem.IsWindows() && Elevation.IsElevated() ? "requires an unelevated process" : null;

    /// <inheritdoc />
    protected override IReservationPort Process() => adapter.Value;

    /// <inheritdoc />
    protected override IReservationPort UnelevatedProcess() => adapter.Value;

    /// <summary>
    /// The range netsh reports (Windows has no call for it); should netsh not answer, Windows' default,
    /// 49152-65535, which CI machines keep.
    /// </summary>
    protected override PortRange DynamicRange(IReservationPort port) =>
        port.DynamicPorts().Match(Succ: range => range.Range, Fail: _ => DynamicPortRange.Default.Range);

    /// <inheritdoc />
    public void Dispose()
    {
        if (adapter.IsValueCreated && adapter.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static IReservationPort Open() =>
        OperatingSystem.IsWindows()
            ? WinsockReservations.Create().ThrowIfFail()
            : throw new PlatformNotSupportedException("the Winsock adapter runs on Windows only");
}
