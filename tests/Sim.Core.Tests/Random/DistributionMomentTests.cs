using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>
/// Sample mean and variance of each distribution against the exact values, with fixed seeds, 200,000 samples,
/// and a tolerance of 5 standard errors. Standard error of the mean: σ/√n; of the sample variance:
/// √((μ₄ − σ⁴)/n), with μ₄ the fourth central moment. A correct generator fails one of these checks with
/// probability about 6·10⁻⁷; a wrong formula (scale, shift, off-by-one in a count) fails it by far more.
/// </summary>
public sealed class DistributionMomentTests
{
    private const int N = 200_000;
    private const double Tolerance = 5.0;

    [Fact]
    public void NextDouble_has_the_moments_of_uniform_0_1()
    {
        RunningMoments m = RandomSampling.Moments(1, 0, N, static (ref RandomStream s) => s.NextDouble());

        AssertMoments(m, mean: 0.5, variance: 1.0 / 12, fourthCentralMoment: 1.0 / 80, "U(0,1)");
    }

    [Fact]
    public void NextDouble_stays_in_the_unit_interval()
    {
        double min = double.MaxValue, max = double.MinValue;
        RandomSampling.ForEach(2, 0, N, static (ref RandomStream s) => s.NextDouble(), x => { min = Math.Min(min, x); max = Math.Max(max, x); });

        Assert.InRange(min, 0.0, 1e-4);
        Assert.InRange(max, 1 - 1e-4, Math.BitDecrement(1.0));
    }

    [Fact]
    public void Uniform_has_the_moments_of_uniform_a_b()
    {
        const double a = -2, b = 3;
        RunningMoments m = RandomSampling.Moments(3, 0, N, static (ref RandomStream s) => s.Uniform(a, b));

        double width = b - a;
        AssertMoments(m, mean: (a + b) / 2, variance: width * width / 12, fourthCentralMoment: Math.Pow(width, 4) / 80, "U(-2,3)");
    }

    [Fact]
    public void Normal_has_the_moments_of_the_normal_distribution()
    {
        const double mean = 3, sd = 2;
        RunningMoments m = RandomSampling.Moments(4, 0, N, static (ref RandomStream s) => s.Normal(mean, sd));

        AssertMoments(m, mean, sd * sd, fourthCentralMoment: 3 * Math.Pow(sd, 4), "N(3,2²)");
    }

    [Fact]
    public void Normal_has_the_tail_mass_of_the_normal_distribution()
    {
        // Mean and variance alone would accept a scaled uniform; the 1.96σ tails hold 2.5 % each.
        long above = 0, below = 0;
        RandomSampling.ForEach(5, 0, N, static (ref RandomStream s) => s.StandardNormal(), z =>
        {
            if (z > 1.959963984540054)
            {
                above++;
            }
            else if (z < -1.959963984540054)
            {
                below++;
            }
        });

        StatisticalAssert.BinomialCountWithin(above, N, 0.025, Tolerance, "P(Z > 1.96)");
        StatisticalAssert.BinomialCountWithin(below, N, 0.025, Tolerance, "P(Z < -1.96)");
    }

    [Fact]
    public void Exponential_has_the_moments_and_median_of_the_exponential_distribution()
    {
        const double rate = 2.5;
        RunningMoments m = RandomSampling.Moments(6, 0, N, static (ref RandomStream s) => s.Exponential(rate));

        AssertMoments(m, mean: 1 / rate, variance: 1 / (rate * rate), fourthCentralMoment: 9 / Math.Pow(rate, 4), "Exp(2.5)");

        long belowMedian = 0;
        RandomSampling.ForEach(7, 0, N, static (ref RandomStream s) => s.Exponential(rate), x =>
        {
            if (x < Math.Log(2) / rate)
            {
                belowMedian++;
            }
        });
        StatisticalAssert.BinomialCountWithin(belowMedian, N, 0.5, Tolerance, "P(X < ln 2 / rate)");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0)]
    [InlineData(9.99)] // last λ of Knuth's method
    [InlineData(10.0)] // first λ of PTRS
    [InlineData(30.0)]
    [InlineData(1000.0)]
    public void Poisson_has_mean_and_variance_lambda(double lambda)
    {
        RunningMoments m = RandomSampling.Moments(8, 0, N, (ref RandomStream s) => s.Poisson(lambda));

        // Poisson: μ₄ = λ(1 + 3λ), so μ₄ − σ⁴ = λ + 2λ².
        AssertMoments(m, lambda, lambda, fourthCentralMoment: lambda * (1 + (3 * lambda)), $"Poisson({lambda})");
    }

    [Fact]
    public void Poisson_of_zero_is_always_zero()
    {
        RandomSampling.ForEach(9, 0, 10_000, static (ref RandomStream s) => s.Poisson(0), k => Assert.Equal(0, k));
    }

    [Fact]
    public void Bernoulli_succeeds_with_probability_p()
    {
        long successes = 0;
        RandomSampling.ForEach(10, 0, N, static (ref RandomStream s) => s.Bernoulli(0.3), hit => successes += hit ? 1 : 0);

        StatisticalAssert.BinomialCountWithin(successes, N, 0.3, Tolerance, "Bernoulli(0.3)");
    }

    [Fact]
    public void Bernoulli_of_zero_and_one_is_certain()
    {
        RandomSampling.ForEach(11, 0, 10_000, static (ref RandomStream s) => (s.Bernoulli(0), s.Bernoulli(1)), pair => Assert.Equal((false, true), pair));
    }

    private static void AssertMoments(RunningMoments m, double mean, double variance, double fourthCentralMoment, string what)
    {
        StatisticalAssert.WithinStandardErrors(mean, m.Mean, Math.Sqrt(variance / m.Count), Tolerance, $"{what} mean");
        StatisticalAssert.WithinStandardErrors(
            variance,
            m.Variance,
            Math.Sqrt((fourthCentralMoment - (variance * variance)) / m.Count),
            Tolerance,
            $"{what} variance");
    }
}
