using MathNet.Numerics.Distributions;
using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>
/// The frequencies of Poisson samples against the exact probability mass function
/// p(k) = e^−λ λ^k / k!, computed here by the recurrence p(k) = p(k − 1)·λ/k in log space (independent of the
/// generator's own log-factorial). Fixed seeds, 200,000 samples.
/// </summary>
public sealed class PoissonPmfTests
{
    private const int N = 200_000;

    [Theory]
    [InlineData(0.5, 6, false)]
    [InlineData(4.0, 14, false)]
    [InlineData(0.5, 6, true)]
    [InlineData(2.5, 12, true)]
    [InlineData(4.0, 14, true)]
    public void Small_counts_occur_with_their_exact_probability(double lambda, int maxK, bool inversion)
    {
        long[] counts = Histogram(lambda, seed: 21, inversion);
        double[] pmf = ExactPmf(lambda, maxK);

        for (int k = 0; k <= maxK; k++)
        {
            // 5 binomial standard errors, or at least 3 counts where p(k) is tiny.
            double expected = N * pmf[k];
            double se = Math.Max(Math.Sqrt(expected * (1 - pmf[k])), 0.6);
            StatisticalAssert.WithinStandardErrors(expected, counts.ElementAtOrDefault(k), se, 5.0, $"Poisson({lambda}) count of k = {k}");
        }
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(4.0, false)]
    [InlineData(9.99, false)]
    [InlineData(10.0, false)]
    [InlineData(30.0, false)]
    [InlineData(1000.0, false)]
    [InlineData(0.05, true)]
    [InlineData(0.5, true)]
    [InlineData(2.5, true)]
    [InlineData(9.99, true)] // last λ of the inversion
    [InlineData(10.0, true)] // PTRS, as Poisson
    public void Histogram_passes_a_chi_square_test_against_the_exact_pmf(double lambda, bool inversion)
    {
        long[] counts = Histogram(lambda, seed: 22, inversion);
        double[] pmf = ExactPmf(lambda, (int)(lambda + (20 * Math.Sqrt(lambda)) + 20));

        // Bins: every k whose expected count is at least 5, plus one bin for each tail beyond them.
        int low = 0;
        while (N * pmf[low] < 5)
        {
            low++;
        }

        int high = low;
        while (N * pmf[high + 1] >= 5)
        {
            high++;
        }

        var observed = new List<long>();
        var expected = new List<double>();
        if (low > 0)
        {
            observed.Add(counts.Take(low).Sum());
            expected.Add(N * pmf.Take(low).Sum());
        }

        for (int k = low; k <= high; k++)
        {
            observed.Add(counts.ElementAtOrDefault(k));
            expected.Add(N * pmf[k]);
        }

        observed.Add(N - observed.Sum());
        expected.Add(N - expected.Sum());

        double statistic = StatisticalAssert.ChiSquare(observed.ToArray(), expected.ToArray());
        int degreesOfFreedom = observed.Count - 1;
        double critical = ChiSquared.InvCDF(degreesOfFreedom, 0.999);

        Assert.True(
            statistic <= critical,
            $"Poisson({lambda}): chi-square {statistic:F1} with {degreesOfFreedom} degrees of freedom exceeds the 0.999 quantile {critical:F1}.");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(9.99)]
    public void Inversion_takes_one_uniform_whatever_the_count(double lambda)
    {
        RandomStream s = new CounterRng(23).Stream(1, 0, tick: 0);
        for (int i = 0; i < 1_000; i++)
        {
            s.PoissonByInversion(lambda);
        }

        Assert.Equal(2_000, s.ValuesDrawn);
    }

    private static long[] Histogram(double lambda, ulong seed, bool inversion = false)
    {
        var counts = new List<long>();
        RandomSampling.ForEach(seed, 0, N, (ref RandomStream s) => inversion ? s.PoissonByInversion(lambda) : s.Poisson(lambda), k =>
        {
            while (counts.Count <= k)
            {
                counts.Add(0);
            }

            counts[k]++;
        });
        return [.. counts];
    }

    private static double[] ExactPmf(double lambda, int maxK)
    {
        var pmf = new double[maxK + 1];
        double logP = -lambda;
        for (int k = 0; k <= maxK; k++)
        {
            if (k > 0)
            {
                logP += Math.Log(lambda) - Math.Log(k);
            }

            pmf[k] = Math.Exp(logP);
        }

        return pmf;
    }
}
