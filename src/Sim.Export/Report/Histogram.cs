namespace Sim.Export.Report;

/// <summary>
/// A histogram of fixed, equal-width bins over [<see cref="Min"/>, <see cref="Max"/>), with counts below and above the
/// range kept apart: memory is the bins alone, whatever the number of values. With <see cref="Log10"/> the bins are equal
/// in log₁₀ of the value (values ≤ 0 count as below the range).
/// </summary>
public sealed class Histogram
{
    private readonly long[] _counts;

    /// <summary>A histogram of <paramref name="bins"/> bins from <paramref name="min"/> to <paramref name="max"/> (for
    /// <paramref name="log10"/>, the bounds are the values themselves, not their logarithms).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No bins, bounds not finite or not increasing, or a logarithmic
    /// histogram whose lower bound is not positive.</exception>
    public Histogram(double min, double max, int bins, bool log10 = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        if (!double.IsFinite(min) || !double.IsFinite(max) || max <= min || (log10 && min <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"the range [{min}, {max}) is not finite and increasing{(log10 ? " with a positive lower bound" : "")}");
        }

        Min = min;
        Max = max;
        Log10 = log10;
        _counts = new long[bins];
    }

    /// <summary>The lower bound of the first bin.</summary>
    public double Min { get; }

    /// <summary>The upper bound of the last bin (exclusive).</summary>
    public double Max { get; }

    /// <summary>Whether the bins are equal in log₁₀ of the value.</summary>
    public bool Log10 { get; }

    /// <summary>The count in each bin.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Values below <see cref="Min"/> (and NaN).</summary>
    public long Below { get; private set; }

    /// <summary>Values at or above <see cref="Max"/>.</summary>
    public long Above { get; private set; }

    /// <summary>Every value counted, in range or not.</summary>
    public long Total => _counts.Sum() + Below + Above;

    /// <summary>The lower edge of bin <paramref name="bin"/> (or, for <c>bin == Counts.Count</c>, the upper edge of the last).</summary>
    public double Edge(int bin) => Log10
        ? Math.Pow(10, Math.Log10(Min) + ((Math.Log10(Max) - Math.Log10(Min)) * bin / _counts.Length))
        : Min + ((Max - Min) * bin / _counts.Length);

    /// <summary>Counts <paramref name="value"/> (or adds <paramref name="count"/> of it).</summary>
    public void Add(double value, long count = 1)
    {
        double x = Log10 ? (value > 0 ? Math.Log10(value) : double.NaN) : value;
        double lo = Log10 ? Math.Log10(Min) : Min, hi = Log10 ? Math.Log10(Max) : Max;
        if (!(x >= lo))
        {
            Below += count;
        }
        else if (x >= hi)
        {
            Above += count;
        }
        else
        {
            int bin = Math.Min((int)((x - lo) / (hi - lo) * _counts.Length), _counts.Length - 1);
            _counts[bin] += count;
        }
    }
}
