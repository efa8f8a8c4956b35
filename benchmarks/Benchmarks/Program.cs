using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PortReservation.Benchmarks;

switch (args)
{
    case [FirstTransitionBenchmarks.StartOnly]:
        return 0;
    case [FirstTransitionBenchmarks.FirstTransitions]:
        return FirstTransitionBenchmarks.RunFirstTransitions();
}

// --quick: one short in-process job per benchmark, for a look in about a minute; figures to quote come from a full run.
var quick = args.Contains("--quick");
var config = quick
    ? DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(2).WithIterationCount(4).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(40)).WithId("Quick"))
    : DefaultConfig.Instance;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--quick").ToArray(), config);
return 0;
