using System.Globalization;

namespace Sim.Tests.Infrastructure;

/// <summary>Assertions for statistical tests that run with fixed seeds and stated tolerances.</summary>
public static class StatisticalAssert
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> lies within <paramref name="standardErrors"/> standard errors of
    /// <paramref name="expected"/>.
    /// </summary>
    public static void WithinStandardErrors(double expected, double actual, double standardError, double standardErrors, string what)
    {
        double deviation = Math.Abs(actual - expected) / standardError;
        Assert.True(
            deviation <= standardErrors,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: expected {expected:G6}, got {actual:G6}, {deviation:F2} standard errors ({standardError:G3}) away; tolerance {standardErrors}."));
    }

    /// <summary>
    /// Asserts that a binomial count is within <paramref name="standardErrors"/> standard errors of
    /// <c>trials·probability</c> (standard error √(n·p·(1 − p))).
    /// </summary>
    public static void BinomialCountWithin(long count, long trials, double probability, double standardErrors, string what) =>
        WithinStandardErrors(
            trials * probability,
            count,
            Math.Sqrt(trials * probability * (1 - probability)),
            standardErrors,
            what);

    /// <summary>Pearson's chi-square statistic Σ (observed − expected)² / expected.</summary>
    public static double ChiSquare(ReadOnlySpan<long> observed, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, observed.Length);
        double statistic = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double difference = observed[i] - expected[i];
            statistic += difference * difference / expected[i];
        }

        return statistic;
    }
}
