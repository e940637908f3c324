using System.Numerics;

namespace Sim.Export.Ledger;

/// <summary>
/// Counts of a numeric feature's values in fixed, order-preserving bins, with how many of each bin's rows carry each
/// label; from them, the area under the ROC curve of the feature as a score. The bins cover every 64-bit integer with
/// a bounded relative width (HDR-histogram style): magnitudes below 128 exactly, larger ones with their 7 leading bits,
/// so a bin is never wider than 1/128 of its values, whatever the range, in 14,848 bins (348 KiB) per feature.
/// </summary>
internal sealed class LeakageHistogram
{
    private const int SubBits = 7;
    private const int PerSign = (64 - SubBits + 1) << SubBits;

    // Per bin: rows, rows with is_fraud, rows with is_laundering.
    private readonly long[] _counts = new long[2 * PerSign * 3];

    /// <summary>Counts one row.</summary>
    public void Add(long value, bool fraud, bool laundering)
    {
        int b = 3 * Bin(value);
        _counts[b]++;
        _counts[b + 1] += fraud ? 1 : 0;
        _counts[b + 2] += laundering ? 1 : 0;
    }

    /// <summary>The probability that a row with the label scores above one without (ties count half), from the bins:
    /// values in one bin tie.</summary>
    /// <param name="label">1 for is_fraud, 2 for is_laundering.</param>
    public double Auc(int label)
    {
        double below = 0, sum = 0, positives = 0, negatives = 0;
        for (int b = 0; b < _counts.Length; b += 3)
        {
            long pos = _counts[b + label], neg = _counts[b] - pos;
            sum += pos * (below + (0.5 * neg));
            below += neg;
            positives += pos;
            negatives += neg;
        }

        return positives > 0 && negatives > 0 ? sum / (positives * negatives) : 0.5;
    }

    /// <summary>The bin of a value; bins ascend with values.</summary>
    internal static int Bin(long value)
    {
        ulong magnitude = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;
        int code;
        if (magnitude < 1 << SubBits)
        {
            code = (int)magnitude;
        }
        else
        {
            int exponent = 63 - BitOperations.LeadingZeroCount(magnitude);
            code = ((exponent - SubBits + 1) << SubBits) + (int)((magnitude >> (exponent - SubBits)) & ((1 << SubBits) - 1));
        }

        return value < 0 ? PerSign - code : PerSign + code;
    }
}
