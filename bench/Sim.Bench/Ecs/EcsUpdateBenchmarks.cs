using BenchmarkDotNet.Attributes;

namespace Sim.Bench.Ecs;

/// <summary>BenchmarkDotNet view of <see cref="EcsUpdateWorkload"/> (full mode of <c>bench/run ecs</c>).</summary>
[MemoryDiagnoser]
public class EcsUpdateBenchmarks
{
    private EcsUpdateWorkload _workload = null!;

    [Params(1_000_000)]
    public int Entities { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new EcsUpdateWorkload(Entities);

    [Benchmark(Baseline = true)]
    public void PlainArrays() => _workload.PlainArrays();

    [Benchmark]
    public void ChunkSpans() => _workload.ChunkSpans();

    [Benchmark]
    public void InlineJob() => _workload.InlineJob();

    [Benchmark]
    public void RefLambda() => _workload.RefLambda();
}
