using MathNet.Numerics.Distributions;
using Sim.Core.Random;
using Sim.Tests.Infrastructure;

namespace Sim.Core.Tests.Random;

/// <summary>
/// Bounded integers are uniform and unbiased: a chi-square test on small ranges, and ranges of 3/4 of 2^32
/// (and of 2^64), where the two classic biased reductions are far off: modulo reduction gives the lowest third
/// of the range probability 1/2 instead of 1/3, and multiply-shift without rejection (floor(x·3/4)) gives the
/// multiples of 3 probability 1/2 instead of 1/3.
/// </summary>
public sealed class BoundedIntegerTests
{
    private const int N = 200_000;

    [Theory]
    [InlineData(0, 2)]
    [InlineData(0, 7)]
    [InlineData(0, 10)]
    [InlineData(-5, 5)]
    [InlineData(0, 100)]
    public void NextInt_passes_a_chi_square_uniformity_test(int min, int maxExclusive)
    {
        int range = maxExclusive - min;
        var observed = new long[range];
        RandomSampling.ForEach(31, 0, N, (ref RandomStream s) => min == 0 ? s.NextInt(maxExclusive) : s.NextInt(min, maxExclusive), k => observed[k - min]++);

        double[] expected = Enumerable.Repeat((double)N / range, range).ToArray();
        double statistic = StatisticalAssert.ChiSquare(observed, expected);
        double critical = ChiSquared.InvCDF(range - 1, 0.999);

        Assert.True(statistic <= critical, $"NextInt({min}, {maxExclusive}): chi-square {statistic:F1} exceeds the 0.999 quantile {critical:F1} for {range - 1} degrees of freedom.");
    }

    [Fact]
    public void NextInt_over_three_quarters_of_2_to_the_32_is_unbiased()
    {
        const uint range = 3u << 30;
        int maxExclusive = unchecked(int.MinValue + (int)range);
        long lowestThird = 0, multiplesOfThree = 0;
        RandomSampling.ForEach(32, 0, N, (ref RandomStream s) => s.NextInt(int.MinValue, maxExclusive), x =>
        {
            Assert.InRange(x, int.MinValue, maxExclusive - 1);
            uint offset = unchecked((uint)(x - int.MinValue));
            lowestThird += offset < range / 3 ? 1 : 0;
            multiplesOfThree += offset % 3 == 0 ? 1 : 0;
        });

        StatisticalAssert.BinomialCountWithin(lowestThird, N, 1.0 / 3, 5, "fraction in the lowest third of the range");
        StatisticalAssert.BinomialCountWithin(multiplesOfThree, N, 1.0 / 3, 5, "fraction of offsets divisible by 3");
    }

    [Fact]
    public void NextLong_over_three_quarters_of_2_to_the_64_is_unbiased()
    {
        const ulong range = 3ul << 62;
        long maxExclusive = unchecked(long.MinValue + (long)range);
        long lowestThird = 0, multiplesOfThree = 0;
        RandomSampling.ForEach(33, 0, N, (ref RandomStream s) => s.NextLong(long.MinValue, maxExclusive), x =>
        {
            Assert.InRange(x, long.MinValue, maxExclusive - 1);
            ulong offset = unchecked((ulong)(x - long.MinValue));
            lowestThird += offset < range / 3 ? 1 : 0;
            multiplesOfThree += offset % 3 == 0 ? 1 : 0;
        });

        StatisticalAssert.BinomialCountWithin(lowestThird, N, 1.0 / 3, 5, "fraction in the lowest third of the range");
        StatisticalAssert.BinomialCountWithin(multiplesOfThree, N, 1.0 / 3, 5, "fraction of offsets divisible by 3");
    }

    [Fact]
    public void Extreme_ranges_stay_in_bounds()
    {
        RandomStream s = new CounterRng(34).Stream(0, 0, 0);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(0, s.NextInt(1));
            Assert.Equal(-7, s.NextInt(-7, -6));
            Assert.InRange(s.NextInt(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue - 1);
            Assert.InRange(s.NextInt(int.MaxValue), 0, int.MaxValue - 1);
            Assert.InRange(s.NextUInt(uint.MaxValue), 0u, uint.MaxValue - 1);
            Assert.InRange(s.NextLong(long.MinValue, long.MaxValue), long.MinValue, long.MaxValue - 1);
            Assert.InRange(s.NextLong(3), 0, 2);
        }
    }

    [Fact]
    public void Uniform_never_returns_its_upper_bound()
    {
        // A width so small that a + (b - a)·U rounds to b for U near 1.
        double a = 1.0, b = Math.BitIncrement(Math.BitIncrement(1.0));
        RandomSampling.ForEach(35, 0, 20_000, (ref RandomStream s) => s.Uniform(a, b), x => Assert.InRange(x, a, Math.BitDecrement(b)));
        RandomSampling.ForEach(36, 0, 1_000, static (ref RandomStream s) => s.Uniform(2.5, 2.5), x => Assert.Equal(2.5, x));
    }
}
