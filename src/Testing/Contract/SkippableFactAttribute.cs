using Xunit;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>
/// A fact that may decide at run time that it cannot run here (not elevated, not Windows): it throws
/// <see cref="SkipTestException"/> through <see cref="Skip.If"/>, and the runner reports it as skipped
/// with that reason instead of failed. xunit 2 only knows skips fixed at compile time, and a contract
/// test learns whether it can run only from the class that derives from the suite.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("PortReservation.Testing.Contract.SkippableFactDiscoverer", "PortReservation.Testing")]
public sealed class SkippableFactAttribute : FactAttribute
{
}
