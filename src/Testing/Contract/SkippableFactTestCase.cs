using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>A fact's test case that reports a <see cref="SkipTestException"/> as a skip with its reason.</summary>
public sealed class SkippableFactTestCase : XunitTestCase
{
    /// <summary>For xunit's deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableFactTestCase()
    {
    }

    /// <summary>The test case of <paramref name="testMethod"/>.</summary>
    public SkippableFactTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <summary>Runs the test, turning a failure by <see cref="SkipTestException"/> into a skip.</summary>
    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var skipping = new SkippingMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, skipping, constructorArguments, aggregator, cancellationTokenSource)
            .ConfigureAwait(false);
        summary.Failed -= skipping.Skipped;
        summary.Skipped += skipping.Skipped;
        return summary;
    }
}
