using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sim.Bench.Harness;
using Sim.Core.Ecs;

namespace Sim.Bench.Ecs;

/// <summary>
/// <c>bench/run ecs</c>: the update of 1,000,000 entities by chunk spans, IForEach job and ref lambda as ratios to
/// a plain two-array loop measured in the same process, plus creation and add/remove throughput.
/// </summary>
public sealed class EcsSuite : IBenchSuite
{
    private const int Entities = 1_000_000;
    private const int AddRemoveEntities = 100_000;

    public string Name => "ecs";

    public string Description => "ECS update of 1M entities (span, job, lambda vs plain arrays), create 1M, add/remove";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        var figures = new List<Figure>();
        figures.AddRange(quick ? UpdateInterleaved(log) : UpdateWithBenchmarkDotNet(log));
        figures.AddRange(Structural(quick ? 7 : 21, log));
        return figures;
    }

    private static IEnumerable<Figure> UpdateInterleaved(TextWriter log)
    {
        log.WriteLine($"# ecs: building {Entities:N0} entities (Position + Velocity, Mass on half)");
        var workload = new EcsUpdateWorkload(Entities);
        Dictionary<string, double> median = Interleaved.MedianSeconds(
            [
                ("plain", workload.PlainArrays),
                ("span", workload.ChunkSpans),
                ("job", workload.InlineJob),
                ("lambda", workload.RefLambda),
            ],
            rounds: 41);
        foreach ((string name, double seconds) in median)
        {
            log.WriteLine($"# ecs.update.{name}: median {seconds * 1e9 / Entities:0.00} ns/entity");
        }

        return UpdateFigures(median["plain"], median["span"], median["job"], median["lambda"]);
    }

    private static IEnumerable<Figure> UpdateWithBenchmarkDotNet(TextWriter log)
    {
        IConfig config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15))
            .AddLogger(ConsoleLogger.Default)
            .WithOptions(ConfigOptions.DisableLogFile);
        Summary summary = BenchmarkRunner.Run<EcsUpdateBenchmarks>(config);
        double Median(string method) =>
            summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics?.Median * 1e-9
            ?? throw new InvalidOperationException($"BenchmarkDotNet produced no result for {method}; see its log above.");
        log.WriteLine("# ecs: update figures from BenchmarkDotNet medians");
        return UpdateFigures(Median(nameof(EcsUpdateBenchmarks.PlainArrays)), Median(nameof(EcsUpdateBenchmarks.ChunkSpans)), Median(nameof(EcsUpdateBenchmarks.InlineJob)), Median(nameof(EcsUpdateBenchmarks.RefLambda)));
    }

    private static IEnumerable<Figure> UpdateFigures(double plain, double span, double job, double lambda)
    {
        yield return new Figure("ecs.update.plain.ns_per_entity", plain * 1e9 / Entities, "ns");
        yield return new Figure("ecs.update.span.ratio", span / plain, "x");
        yield return new Figure("ecs.update.job.ratio", job / plain, "x");
        yield return new Figure("ecs.update.lambda.ratio", lambda / plain, "x");
    }

    private static IEnumerable<Figure> Structural(int rounds, TextWriter log)
    {
        World world = EcsStructuralWorkload.Create(AddRemoveEntities);
        Entity[] entities = [.. world.GetEntities()];
        int moves = 0;
        Dictionary<string, double> median = Interleaved.MedianSeconds(
            [
                ("create", () => EcsStructuralWorkload.Create(Entities)),
                ("addremove", () => moves = EcsStructuralWorkload.AddRemove(world, entities)),
            ],
            rounds);
        log.WriteLine($"# ecs.create: median {median["create"] * 1e3:0.0} ms for {Entities:N0}; add/remove: {moves:N0} moves in {median["addremove"] * 1e3:0.0} ms");
        yield return new Figure("ecs.create.1m.ms", median["create"] * 1e3, "ms");
        yield return new Figure("ecs.addremove.per_s", moves / median["addremove"], "ops/s");
    }
}
