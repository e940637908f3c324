namespace Sim.Tests.Infrastructure;

/// <summary>
/// Mean and variance of a stream of samples in one pass (Welford, "Note on a method for calculating
/// corrected sums of squares and products", Technometrics 4, 1962), stable for large counts.
/// </summary>
public sealed class RunningMoments
{
    private double _mean;
    private double _sumOfSquaredDeviations;

    /// <summary>Number of samples added.</summary>
    public long Count { get; private set; }

    /// <summary>Sample mean.</summary>
    public double Mean => _mean;

    /// <summary>Unbiased sample variance (divides by n − 1).</summary>
    public double Variance => Count > 1 ? _sumOfSquaredDeviations / (Count - 1) : double.NaN;

    /// <summary>Adds one sample.</summary>
    public void Add(double value)
    {
        Count++;
        double delta = value - _mean;
        _mean += delta / Count;
        _sumOfSquaredDeviations += delta * (value - _mean);
    }
}
