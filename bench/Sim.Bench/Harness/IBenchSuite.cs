namespace Sim.Bench.Harness;

/// <summary>A named benchmark suite that <c>bench/run NAME</c> runs.</summary>
public interface IBenchSuite
{
    string Name { get; }

    string Description { get; }

    /// <summary>Measures and returns the figures. <paramref name="quick"/>: under 60 s, baseline and candidates interleaved.</summary>
    IReadOnlyList<Figure> Run(bool quick, TextWriter log);
}
