using Sim.Scenarios.Distributions;

namespace Sim.Scenarios.Tests.Distributions;

public class VariationPlanTests
{
    private static Distribution D(string text)
    {
        Assert.True(DistributionParser.TryParse(text, out Distribution? d, out _));
        return d!;
    }

    private static double[] Draws(Distribution distribution, int n, ulong seed = 42)
    {
        var plan = new VariationPlan([("actors.lead.speed", distribution)]);
        return [.. Enumerable.Range(0, n).Select(i => plan.Resolve(seed, i)[0].Value.Number)];
    }

    /// <summary>Kolmogorov–Smirnov statistic of a sample against a CDF.</summary>
    private static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        double[] sorted = [.. sample.Order()];
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(f - ((double)i / sorted.Length), ((i + 1.0) / sorted.Length) - f));
        }

        return d;
    }

    // At n = 20,000 the KS critical value at significance 0.001 is 1.949 / √n ≈ 0.0138.
    private const int N = 20_000;
    private static readonly double Critical = 1.949 / Math.Sqrt(N);

    [Fact]
    public void Uniform_normal_and_lognormal_draws_fit_their_distributions()
    {
        Assert.True(KolmogorovSmirnov(Draws(D("uniform(10, 30)"), N), x => Math.Clamp((x - 10) / 20, 0, 1)) < Critical);
        Assert.True(KolmogorovSmirnov(Draws(D("normal(5, 2)"), N), x => MathNet.Numerics.Distributions.Normal.CDF(5, 2, x)) < Critical);
        Assert.True(KolmogorovSmirnov(Draws(D("lognormal(1, 0.5)"), N), x => MathNet.Numerics.Distributions.LogNormal.CDF(1, 0.5, x)) < Critical);

        // and the test can tell: normal draws are not uniform-shaped
        Assert.True(KolmogorovSmirnov(Draws(D("normal(20, 5.77)"), N), x => Math.Clamp((x - 10) / 20, 0, 1)) > Critical);
    }

    [Fact]
    public void Choice_frequencies_follow_the_weights()
    {
        var plan = new VariationPlan([("actors.a.class", D("choice([car, van, truck], [6, 3, 1])"))]);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < N; i++)
        {
            string v = plan.Resolve(7, i)[0].Value.Text!;
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        double chi2 = 0;
        foreach ((string name, double p) in new[] { ("car", 0.6), ("van", 0.3), ("truck", 0.1) })
        {
            double expected = N * p;
            chi2 += Math.Pow(counts[name] - expected, 2) / expected;
        }

        Assert.True(chi2 < 13.82, $"chi² = {chi2:0.##} (2 degrees of freedom, p = 0.001 critical value 13.82)");
    }

    [Fact]
    public void Grid_sweeps_enumerate_exactly_their_cartesian_product_then_wrap()
    {
        var plan = new VariationPlan(
        [
            ("weather.fog", D("range(50, 150, 50)")),
            ("actors.lead.speed", D("uniform(10, 20)")),
            ("actors.lead.brake", D("range(4, 8, 2)")),
        ]);
        Assert.Equal(9, plan.SweepCount);
        var grid = Enumerable.Range(0, 9).Select(i => plan.Resolve(1, i)).Select(v => (v[0].Value.Number, v[2].Value.Number)).ToList();
        Assert.Equal(
            [(50, 4), (50, 6), (50, 8), (100, 4), (100, 6), (100, 8), (150, 4), (150, 6), (150, 8)],
            grid);
        Assert.Equal(grid[0], (plan.Resolve(1, 9)[0].Value.Number, plan.Resolve(1, 9)[2].Value.Number));
        Assert.Equal(["weather.fog", "actors.lead.speed", "actors.lead.brake"], plan.Resolve(1, 0).Select(v => v.Path));
    }

    [Fact]
    public void Draws_depend_on_seed_index_and_path_only()
    {
        var alone = new VariationPlan([("actors.lead.speed", D("uniform(10, 20)"))]);
        var crowded = new VariationPlan(
        [
            ("meta.duration", D("uniform(5, 9)")),
            ("actors.lead.speed", D("uniform(10, 20)")),
            ("world.lanes", D("range(1, 3, 1)")),
        ]);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(alone.Resolve(3, i)[0].Value, crowded.Resolve(3, i)[1].Value);
            Assert.Equal(alone.Resolve(3, i), alone.Resolve(3, i));
        }

        Assert.NotEqual(alone.Resolve(3, 0)[0].Value, alone.Resolve(3, 1)[0].Value);
        Assert.NotEqual(alone.Resolve(3, 0)[0].Value, alone.Resolve(4, 0)[0].Value);
    }

    [Fact]
    public void Bad_plans_are_refused_with_the_path()
    {
        var ex = Assert.Throws<ArgumentException>(() => new VariationPlan([("a.b", D("uniform(1, 2)")), ("a.b", D("uniform(1, 2)"))]));
        Assert.Contains("'a.b'", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new VariationPlan([("x", D("range(0, 9999, 1)")), ("y", D("range(0, 9999, 1)"))]));
        Assert.Contains("'y'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VariationPlan([]).Resolve(1, -1));
    }

    [Fact]
    public void Sweep_corners_are_the_variations_with_every_range_at_an_end()
    {
        var plan = new VariationPlan([("a", D("range(0, 2, 1)")), ("x", D("uniform(0, 1)")), ("b", D("range(10, 40, 10)"))]);
        Assert.Equal([0, 3, 8, 11], plan.SweepCorners()); // 3 × 4 grid, b fastest
        foreach (int corner in plan.SweepCorners())
        {
            IReadOnlyList<(string Path, ScenarioValue Value)> v = plan.Resolve(1, corner);
            Assert.Contains(v[0].Value.Number, new[] { 0.0, 2.0 });
            Assert.Contains(v[2].Value.Number, new[] { 10.0, 40.0 });
        }

        Assert.Equal([0], new VariationPlan([("x", D("uniform(0, 1)"))]).SweepCorners());
    }
}
