using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using PortReservation.Properties.Model;

namespace PortReservation.Properties;

/// <summary>The model-based test is only as good as its scripts: they must reach every answer the model can give.</summary>
public sealed class FakeModelCoverageTests
{
    private static readonly string[] EveryAnswer =
    [
        "OpenSocketCommand ok",
        "AcquireCommand ok", "AcquireCommand Conflict 10048", "AcquireCommand Exhausted 10055", "AcquireCommand NotASocket 10038",
        "AssociateCommand ok", "AssociateCommand AccessDenied 10013", "AssociateCommand InvalidParameter 10022",
        "AssociateCommand NotASocket 10038", "AssociateCommand NotFound 10022", "AssociateCommand NotOwner 10013",
        "BindCommand ok", "BindCommand AccessDenied 10013", "BindCommand Conflict 10048", "BindCommand Exhausted 10055",
        "BindCommand InvalidParameter 10022", "BindCommand NotASocket 10038", "BindCommand NotFound 10022",
        "ReleaseCommand ok", "ReleaseCommand NotASocket 10038", "ReleaseCommand NotFound 10022", "ReleaseCommand NotOwner 10013",
        "CloseCommand ok", "CloseCommand NotASocket 10038",
        "EndProcessCommand ok",
        "CreateCommand ok", "CreateCommand AccessDenied 5", "CreateCommand Conflict 32",
        "DeleteCommand ok", "DeleteCommand AccessDenied 5", "DeleteCommand NotFound 1168",
        "LookupCommand ok", "LookupCommand NotFound 1168",
        "ListCommand ok",
        "ExplainCommand ok",
    ];

    [Fact]
    public void Generated_scripts_reach_every_answer_the_model_gives()
    {
        var runs = StateMachine.Generate(new ReservationMachine()).Sample(200, new Rnd(20240611UL, 0x9E3779B97F4A7C15UL), 100);
        var reached = runs
            .SelectMany(run => run.Operations)
            .Select(step => step.Item2.Last.Error is { } error
                ? $"{step.Item1.GetType().Name} {error} {step.Item2.Last.Code}"
                : $"{step.Item1.GetType().Name} ok")
            .ToHashSet();

        Assert.Empty(EveryAnswer.Except(reached));
        Assert.Empty(reached.Except(EveryAnswer));
    }

    [Fact]
    public void Generated_scripts_run_the_bind_verdicts_of_explain_both_ways()
    {
        var runs = StateMachine.Generate(new ReservationMachine()).Sample(200, new Rnd(7UL, 0x9E3779B97F4A7C15UL), 100);
        var explained = runs
            .SelectMany(run => run.Operations)
            .Where(step => step.Item1 is ExplainCommand)
            .Select(step => step.Item2.Last.Value)
            .ToList();

        Assert.Contains(explained, e => e.Contains("explicit bind AccessForbidden", StringComparison.Ordinal));
        Assert.Contains(explained, e => e.Contains("explicit bind InUse", StringComparison.Ordinal));
        Assert.Contains(explained, e => e.Contains("automatic True", StringComparison.Ordinal));
        Assert.Contains(explained, e => e.Contains("covered by #", StringComparison.Ordinal));
    }
}
