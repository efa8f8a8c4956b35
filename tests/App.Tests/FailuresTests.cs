using LanguageExt.Common;
using PortReservation.Adapters.Fake;
using PortReservation.App.Cli;
using PortReservation.App.Running;
using PortReservation.Domain;
using static LanguageExt.Prelude;

namespace PortReservation.App.Tests;

/// <summary>The one mapping from errors to the contract's exit codes and JSON kinds.</summary>
public sealed class FailuresTests
{
    private static readonly PortRange Block = PortRange.Create(50000, 10).ThrowIfFail();

    public static TheoryData<Error, int, string> Cases() => new()
    {
        { new ReservationError.InvalidParameter("count 0", WindowsCodes.ERROR_INVALID_PARAMETER), 2, "InvalidArgument" },
        { new ReservationError.InvalidParameter("count 0", WindowsCodes.WSAEINVAL), 2, "InvalidArgument" },
        { new ReservationError.Conflict(Protocol.Tcp, Block, None, WindowsCodes.ERROR_SHARING_VIOLATION), 3, "Conflict" },
        { new ReservationError.Conflict(Protocol.Udp, Block, None, WindowsCodes.WSAEADDRINUSE), 3, "Conflict" },
        { new ReservationError.NotFound("no block", WindowsCodes.ERROR_NOT_FOUND), 4, "NotFound" },
        { new ReservationError.AccessDenied("not elevated", WindowsCodes.ERROR_ACCESS_DENIED), 5, "AccessDenied" },
        { new ReservationError.AccessDenied("forbidden", WindowsCodes.WSAEACCES), 5, "AccessDenied" },
        { new ReservationError.NotOwner(ReservationToken.Create(9).ThrowIfFail(), new ProcessId(12), WindowsCodes.WSAEACCES), 5, "AccessDenied" },
        { new ReservationError.Exhausted(Protocol.Tcp, "no block", WindowsCodes.WSAENOBUFS), 6, "Exhausted" },
        { new ReservationError.NotASocket(new SocketId(3)), 1, "Unexpected" },
        { new ReservationError.Unsupported("needs Windows"), 1, "Unexpected" },
        { new ReservationError.Cancelled(WindowsCodes.WSAEINTR), 1, "Unexpected" },
        { new ReservationError.Unexpected("odd", 1234), 1, "Unexpected" },
        { new StateFileProblem("The state file is damaged", "move it aside"), 7, "StateUnreadable" },
        { new UsageProblem("Option '--count' is required"), 2, "InvalidArgument" },
        { new CommandNotStarted("COMMAND 'x' was not found", 127), 127, "Unexpected" },
        { Error.New("something broke"), 1, "Unexpected" },
        { Error.New(new InvalidOperationException("bug")), 1, "Unexpected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_has_its_exit_code_and_kind_and_one_sentence(Error error, int exitCode, string kind)
    {
        var report = Failures.Describe(error, "add");

        Assert.Equal(exitCode, report.ExitCode);
        Assert.Equal(kind, report.Kind);
        Assert.EndsWith(".", report.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', report.Sentence);
    }
}
