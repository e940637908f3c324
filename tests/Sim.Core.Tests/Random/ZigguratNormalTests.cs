using MathNet.Numerics.Distributions;
using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>The ziggurat normal against the standard normal distribution: moments, the probability below points spread
/// over every kind of layer (rectangles, wedges, the base and the tail beyond R = 3.4426), the whole distribution
/// function (Kolmogorov–Smirnov), and how many values a draw takes. Fixed seeds, 200,000 samples, tolerances of 5
/// standard errors (a correct generator fails one with probability below 10⁻⁶).</summary>
public sealed class ZigguratNormalTests
{
    private const int N = 200_000;
    private const double Tolerance = 5.0;

    [Fact]
    public void It_has_the_moments_of_the_standard_normal()
    {
        RunningMoments m = RandomSampling.Moments(21, 0, N, static (ref RandomStream s) => s.ZigguratNormal());
        StatisticalAssert.WithinStandardErrors(0, m.Mean, Math.Sqrt(1.0 / N), Tolerance, "mean");
        StatisticalAssert.WithinStandardErrors(1, m.Variance, Math.Sqrt(2.0 / N), Tolerance, "variance"); // μ₄ − σ⁴ = 3 − 1
    }

    [Theory]
    [InlineData(-4.0)] // the far tail, beyond R
    [InlineData(-3.0)]
    [InlineData(-1.96)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.1)] // inside the narrow top layers
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(3.442619855899)] // R itself: the base's rectangle ends here
    [InlineData(3.8)]
    public void It_falls_below_each_point_as_often_as_the_normal_does(double z)
    {
        long below = 0;
        RandomSampling.ForEach(22, 0, N, static (ref RandomStream s) => s.ZigguratNormal(), x => below += x < z ? 1 : 0);
        StatisticalAssert.BinomialCountWithin(below, N, Normal.CDF(0, 1, z), Tolerance, $"P(Z < {z})");
    }

    [Fact]
    public void Its_distribution_function_is_the_normals()
    {
        double[] x = new double[N];
        int k = 0;
        RandomSampling.ForEach(23, 0, N, static (ref RandomStream s) => s.ZigguratNormal(), v => x[k++] = v);
        Array.Sort(x);
        double d = 0;
        for (int i = 0; i < N; i++)
        {
            double f = Normal.CDF(0, 1, x[i]);
            d = Math.Max(d, Math.Max(f - (i / (double)N), ((i + 1) / (double)N) - f));
        }

        // Kolmogorov's limit: P(√n·D > 2.69) ≈ 2·exp(−2·2.69²) ≈ 10⁻⁶. A layer misplaced by 1 % of its width fails.
        Assert.True(Math.Sqrt(N) * d < 2.69, $"Kolmogorov–Smirnov D = {d:E3} over {N:N0} samples");
    }

    [Fact]
    public void A_draw_takes_one_value_of_the_stream_nearly_always()
    {
        var rng = new CounterRng(24);
        RandomStream s = rng.Stream(1, 0, tick: 0);
        const int draws = 5_000;
        for (int i = 0; i < draws; i++)
        {
            s.ZigguratNormal();
        }

        // 97.2 % of draws end at the first value (the mean of the layers' inside shares); the rest take a uniform (two
        // values) for the wedge or the tail, and start again when rejected: 1.063 values a draw, ± 0.027 at 5 standard
        // errors. Box–Muller takes four.
        Assert.InRange(s.ValuesDrawn, draws * 1.03, draws * 1.10);
    }

    [Fact]
    public void The_same_stream_gives_the_same_deviates()
    {
        var rng = new CounterRng(25);
        RandomStream a = rng.Stream(9, 3, tick: 4), b = rng.Stream(9, 3, tick: 4);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.Equal(a.ZigguratNormal(), b.ZigguratNormal());
        }
    }
}
