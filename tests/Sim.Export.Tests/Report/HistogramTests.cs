using Sim.Export.Report;

namespace Sim.Export.Tests.Report;

public sealed class HistogramTests
{
    [Fact]
    public void Values_fall_in_equal_bins_with_the_ends_kept_apart()
    {
        var h = new Histogram(0, 10, 5);
        foreach (double v in new[] { -1, 0, 1.99, 2, 9.999, 10, 50, double.NaN })
        {
            h.Add(v);
        }

        Assert.Equal([2L, 1, 0, 0, 1], h.Counts);
        Assert.Equal(2, h.Below); // −1 and NaN
        Assert.Equal(2, h.Above); // 10 and 50
        Assert.Equal(8, h.Total);
        Assert.Equal(4, h.Edge(2));
        Assert.Equal(10, h.Edge(5));
    }

    [Fact]
    public void Logarithmic_bins_are_equal_in_decades()
    {
        var h = new Histogram(0.01, 1e8, 100, log10: true);
        h.Add(0.01);
        h.Add(0.0125);
        h.Add(1);
        h.Add(99_999_999);
        h.Add(0);
        h.Add(1e8);

        Assert.Equal(1e-2, h.Edge(0), 12);
        Assert.Equal(1, h.Edge(20), 12);
        Assert.Equal(2, h.Counts[0]);
        Assert.Equal(1, h.Counts[20]);
        Assert.Equal(1, h.Counts[99]);
        Assert.Equal(1, h.Below);
        Assert.Equal(1, h.Above);
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 0, false)]
    [InlineData(0, 1, true)]
    [InlineData(double.NaN, 1, false)]
    public void A_range_that_is_empty_or_not_finite_is_refused(double min, double max, bool log)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Histogram(min, max, 4, log));
    }
}
