using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>Finds the test cases of <see cref="SkippableFactAttribute"/>: one per method, as for a fact.</summary>
/// <param name="diagnosticMessageSink">Where xunit wants diagnostics.</param>
public sealed class SkippableFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <summary>The single test case of <paramref name="testMethod"/>.</summary>
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new SkippableFactTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod);
    }
}
