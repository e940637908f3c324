using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// A balanced variant of a ledger for training: every labelled entry (fraud or laundering) and, of the others, a share
/// chosen so that both classes come out about equal — r / (1 − r) for a labelled share r — each kept or dropped by a
/// keyed hash of its id, so the same ledger always gives the same sample, whatever the batch boundaries. Entries keep
/// their ids, times and balances: the sample is rows of the ledger, not a new ledger.
/// </summary>
/// <param name="keep">Share of unlabelled entries kept, 0–1.</param>
/// <param name="key">Hash key (from the run's seed).</param>
public sealed class BalancedSample(double keep, ulong key)
{
    private TransactionBatch? _output;

    /// <summary>The file names of the balanced variant.</summary>
    public const string Csv = "transactions_balanced.csv";

    /// <summary>The Parquet file of the balanced variant.</summary>
    public const string Parquet = "transactions_balanced.parquet";

    /// <summary>Share of unlabelled entries kept.</summary>
    public double Keep { get; } = Math.Clamp(keep, 0, 1);

    /// <summary>The share of unlabelled entries that balances a ledger whose labelled share is
    /// <paramref name="labelledShare"/> (1 when it is a half or more).</summary>
    public static double KeepFor(double labelledShare) => labelledShare >= 0.5 ? 1 : Math.Max(0, labelledShare / (1 - labelledShare));

    /// <summary>Whether the unlabelled entry <paramref name="id"/> is kept.</summary>
    public bool Keeps(long id) => Sim.Core.Random.KeyedHash.Uniform(key, (ulong)id) < Keep;

    /// <summary>The entries of <paramref name="batch"/> the sample keeps, in order (a batch reused from call to call).</summary>
    public TransactionBatch Filter(TransactionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_output is null || _output.Capacity < batch.Count)
        {
            _output = new TransactionBatch(batch.Capacity);
        }

        _output.Count = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch.IsFraud[i] || batch.IsLaundering[i] || Keeps(batch.Id[i]))
            {
                batch.AppendTo(i, _output);
            }
        }

        return _output;
    }
}
