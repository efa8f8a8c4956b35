using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortReservation.Testing.Contract;

/// <summary>Passes every message on, except that a test failed by <see cref="SkipTestException"/> becomes a skipped test.</summary>
/// <param name="inner">The runner's bus; it stays the runner's to dispose.</param>
internal sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
{
    /// <summary>How many failures became skips.</summary>
    public int Skipped { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == typeof(SkipTestException).FullName)
        {
            Skipped++;
            return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault()));
        }

        return inner.QueueMessage(message);
    }

    public void Dispose()
    {
    }
}
