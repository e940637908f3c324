using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Measures, as batches stream past, how well each column of <c>transactions.csv</c> alone predicts <c>is_fraud</c> and
/// <c>is_laundering</c>, and flags the columns that give the label away: a synthetic data set whose fraud can be read off
/// one column (PaySim's fraud rows all leave the origin's balance at exactly 0) teaches a model that tell instead of
/// fraud. Numeric columns are scored by AUC (<see cref="LeakageHistogram"/>), categorical ones by their best single-value
/// rule (<see cref="LeakageCategories"/>); memory is fixed (about 3 MiB, plus the capped value counts), whatever the
/// ledger's length.
/// </summary>
/// <remarks>
/// <para>Scored as columns: <c>id</c>, <c>time</c>, <c>step</c>, <c>amount</c> and the four balances (AUC); <c>type</c>,
/// <c>currency</c>, <c>from_account</c>, <c>to_account</c> and <c>merchant</c> (rules). Derived features: the first
/// character of each account id (<c>from_account_prefix</c>, <c>to_account_prefix</c>: an id scheme that tells account
/// kinds or ages apart), <c>from_balance_after_is_zero</c>, and <c>from_balance_mismatch</c> /
/// <c>to_balance_mismatch</c> (before ∓ amount ≠ after: PaySim's other famous tell). Observed labels, scored but never
/// flagged: <c>alert</c> and <c>reported_at</c> (set or empty). The truth columns (<see cref="LedgerColumns.TransactionLabels"/>)
/// are not scored.</para>
/// <para>A label without positive or without negative rows is not scored (there is nothing to separate).</para>
/// </remarks>
public sealed class LeakageCheck
{
    private readonly LedgerContext _context;
    private readonly LeakageHistogram _id = new(), _time = new(), _step = new(), _amount = new();
    private readonly LeakageHistogram _fromBefore = new(), _fromAfter = new(), _toBefore = new(), _toAfter = new();
    private readonly LeakageCategories _type = LeakageCategories.Dense(Enum.GetValues<TransactionType>().Length);
    private readonly LeakageCategories _currency = LeakageCategories.Dense(1);
    private readonly LeakageCategories _alert = LeakageCategories.Dense(Enum.GetValues<AlertRule>().Length);
    private readonly LeakageCategories _reported = LeakageCategories.Dense(2);
    private readonly LeakageCategories _fromAfterZero = LeakageCategories.Dense(2);
    private readonly LeakageCategories _fromMismatch = LeakageCategories.Dense(2);
    private readonly LeakageCategories _toMismatch = LeakageCategories.Dense(2);
    private readonly LeakageCategories _from, _to, _merchant, _fromPrefix, _toPrefix;
    private readonly Feature[] _features;
    private long _rows, _fraudRows, _launderingRows;

    /// <summary>A check of a ledger over <paramref name="context"/>'s accounts.</summary>
    public LeakageCheck(LedgerContext context, LeakageThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Thresholds = thresholds ?? LeakageThresholds.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Thresholds.MaxDistinctValues);
        int cap = Thresholds.MaxDistinctValues;
        (_from, _to, _merchant, _fromPrefix, _toPrefix) = (LeakageCategories.Capped(cap), LeakageCategories.Capped(cap), LeakageCategories.Capped(cap), LeakageCategories.Capped(cap), LeakageCategories.Capped(cap));
        string[] ids = context.Accounts.Id;
        Func<int, string> account = k => ids[k], character = k => ((char)k).ToString(), flag = k => k == 1 ? "true" : "false";
        const LeakageSource Column = LeakageSource.Column, Derived = LeakageSource.Derived, Observed = LeakageSource.ObservedLabel;
        _features =
        [
            new Numeric("id", Column, _id, null),
            new Numeric("time", Column, _time, null),
            new Numeric("step", Column, _step, null),
            new Categorical("type", Column, _type, k => FinanceNames.Of((TransactionType)k), null),
            new Numeric("amount", Column, _amount, null),
            new Categorical("currency", Column, _currency, _ => context.Currency, null),
            new Categorical("from_account", Column, _from, account, null),
            new Categorical("to_account", Column, _to, account, null),
            new Categorical("merchant", Column, _merchant, k => k < 0 ? "(none)" : ids[context.MerchantAccount(k)], null),
            new Numeric("from_balance_before", Column, _fromBefore, null),
            new Numeric("from_balance_after", Column, _fromAfter, null),
            new Numeric("to_balance_before", Column, _toBefore, null),
            new Numeric("to_balance_after", Column, _toAfter, null),
            new Categorical("from_account_prefix", Derived, _fromPrefix, character, "the first character of the debited account's id"),
            new Categorical("to_account_prefix", Derived, _toPrefix, character, "the first character of the credited account's id"),
            new Categorical("from_balance_after_is_zero", Derived, _fromAfterZero, flag, "the debited balance is exactly 0 after the entry, PaySim's tell"),
            new Categorical("from_balance_mismatch", Derived, _fromMismatch, flag, "from_balance_before − amount ≠ from_balance_after"),
            new Categorical("to_balance_mismatch", Derived, _toMismatch, flag, "to_balance_before + amount ≠ to_balance_after"),
            new Categorical("alert", Observed, _alert, k => LedgerNames.Of((AlertRule)k), "the bank's rule alerts"),
            new Categorical("reported_at", Observed, _reported, k => k == 1 ? "set" : "empty", "whether the entry was reported as fraud"),
        ];
    }

    /// <summary>The thresholds.</summary>
    public LeakageThresholds Thresholds { get; }

    /// <summary>Entries counted.</summary>
    public long Rows => _rows;

    /// <summary>Counts a batch's entries (checked against the contract first, as writers do).</summary>
    /// <exception cref="ArgumentException">The batch breaks the contract.</exception>
    public void Add(TransactionBatch batch) => Add(batch, validated: false);

    /// <summary><see cref="Add(TransactionBatch)"/>; <paramref name="validated"/> when the caller has checked the batch
    /// against the same context already.</summary>
    internal void Add(TransactionBatch batch, bool validated)
    {
        if (!validated)
        {
            _context.Validate(batch);
        }

        string[] ids = _context.Accounts.Id;
        long start = _context.StartUnixSeconds;
        for (int i = 0; i < batch.Count; i++)
        {
            bool f = batch.IsFraud[i], l = batch.IsLaundering[i];
            _fraudRows += f ? 1 : 0;
            _launderingRows += l ? 1 : 0;
            long amount = batch.Amount[i];
            _id.Add(batch.Id[i], f, l);
            _time.Add(batch.Time[i] - start, f, l);
            _step.Add((batch.Time[i] - start) / 3600, f, l);
            _type.Add((int)batch.Type[i], f, l);
            _amount.Add(amount, f, l);
            _currency.Add(0, f, l);
            _from.Add(batch.From[i], f, l);
            _to.Add(batch.To[i], f, l);
            _merchant.Add(batch.Merchant[i], f, l);
            _fromBefore.Add(batch.FromBefore[i], f, l);
            _fromAfter.Add(batch.FromAfter[i], f, l);
            _toBefore.Add(batch.ToBefore[i], f, l);
            _toAfter.Add(batch.ToAfter[i], f, l);
            _fromPrefix.Add(ids[batch.From[i]][0], f, l);
            _toPrefix.Add(ids[batch.To[i]][0], f, l);
            _fromAfterZero.Add(batch.FromAfter[i] == 0 ? 1 : 0, f, l);
            _fromMismatch.Add(batch.FromBefore[i] - amount != batch.FromAfter[i] ? 1 : 0, f, l);
            _toMismatch.Add(batch.ToBefore[i] + amount != batch.ToAfter[i] ? 1 : 0, f, l);
            _alert.Add((int)batch.Alert[i], f, l);
            _reported.Add(batch.ReportedAt[i] != 0 ? 1 : 0, f, l);
        }

        _rows += batch.Count;
    }

    /// <summary>The findings so far: for each label with positive and negative rows, one per feature, in column order
    /// (derived features, then observed labels, last).</summary>
    public LeakageReport Report()
    {
        var findings = new List<LeakageFinding>();
        foreach ((string label, int slot, long positives) in new[] { ("is_fraud", 1, _fraudRows), ("is_laundering", 2, _launderingRows) })
        {
            if (positives == 0 || positives == _rows)
            {
                continue;
            }

            var target = new Target(label, slot, positives, _rows);
            foreach (Feature feature in _features)
            {
                findings.Add(feature.Score(target, Thresholds));
            }
        }

        return new LeakageReport(_rows, _fraudRows, _launderingRows, Thresholds, findings);
    }

    private readonly record struct Target(string Label, int Slot, long Positives, long Rows);

    private abstract class Feature(string name, LeakageSource source, string? meaning)
    {
        public string Name => name;

        public LeakageSource Source => source;

        public string What => meaning is null ? name : $"{name} ({meaning})";

        public abstract LeakageFinding Score(Target target, LeakageThresholds thresholds);
    }

    private sealed class Numeric(string name, LeakageSource source, LeakageHistogram counts, string? meaning) : Feature(name, source, meaning)
    {
        public override LeakageFinding Score(Target target, LeakageThresholds thresholds)
        {
            double auc = counts.Auc(target.Slot);
            bool higher = auc >= 0.5;
            double oriented = higher ? auc : 1 - auc;
            bool leak = oriented >= thresholds.Auc && Source != LeakageSource.ObservedLabel;
            string direction = higher ? "higher" : "lower";
            string verdict = leak
                ? $"a leak: a model can read the label off this column alone (AUC threshold {thresholds.Auc:0.###})"
                : $"below the leak threshold, AUC {thresholds.Auc:0.###}";
            return new LeakageFinding(Name, target.Label, Source, LeakageFinding.Auc, Round(oriented), leak,
                Invariant($"{What} alone ranks {target.Label} rows with AUC {oriented:0.000} ({direction} values point to {target.Label}); {verdict}."))
            {
                HigherMeansLabel = higher,
            };
        }
    }

    private sealed class Categorical(string name, LeakageSource source, LeakageCategories counts, Func<int, string> valueName, string? meaning) : Feature(name, source, meaning)
    {
        public override LeakageFinding Score(Target target, LeakageThresholds thresholds)
        {
            int best = -1;
            (bool Leak, double F1, double Precision) bestScore = (false, -1, -1);
            for (int s = 0; s < counts.Slots; s++)
            {
                long rows = counts.Rows(s);
                if (counts.Key(s) is null || rows == 0)
                {
                    continue;
                }

                long hits = counts.Positives(s, target.Slot);
                double precision = (double)hits / rows, recall = (double)hits / target.Positives;
                double f1 = hits > 0 ? 2 * precision * recall / (precision + recall) : 0;
                var score = (precision >= thresholds.Precision && recall >= thresholds.Recall, f1, precision);
                if (best < 0 || score.CompareTo(bestScore) > 0)
                {
                    (best, bestScore) = (s, score);
                }
            }

            double information = Information(target);
            string approximate = counts.Overflowed
                ? Invariant($" Approximate: more than {thresholds.MaxDistinctValues} distinct values; those first seen later were pooled and make no rule.")
                : "";
            if (best < 0)
            {
                return new LeakageFinding(Name, target.Label, Source, LeakageFinding.RulePrecision, 0, false,
                    Invariant($"{What}: no value to make a rule of.{approximate}")) { Information = Round(information) };
            }

            long bestRows = counts.Rows(best), bestHits = counts.Positives(best, target.Slot);
            double p = (double)bestHits / bestRows, r = (double)bestHits / target.Positives, baseRate = (double)target.Positives / target.Rows;
            string rule = $"{Name} = {valueName(counts.Key(best)!.Value)}";
            bool leak = bestScore.Leak && Source != LeakageSource.ObservedLabel;
            string verdict = Source == LeakageSource.ObservedLabel
                ? "an observed label, informative by design, never flagged"
                : leak
                    ? Invariant($"a leak: precision at least {thresholds.Precision:0.###} with recall at least {thresholds.Recall:0.###}")
                    : Invariant($"below the leak thresholds (precision {thresholds.Precision:0.###} with recall {thresholds.Recall:0.###})");
            return new LeakageFinding(Name, target.Label, Source, LeakageFinding.RulePrecision, Round(p), leak,
                Invariant($"{What}: the best rule, {rule}, has precision {p:0.000} and recall {r:0.000} for {target.Label} (base rate {baseRate:0.00000}); uncertainty coefficient {information:0.000}; {verdict}.{approximate}"))
            {
                Rule = rule,
                Recall = Round(r),
                Information = Round(information),
            };
        }

        /// <summary>I(feature; label) / H(label), in bits over bits.</summary>
        private double Information(Target target)
        {
            double n = target.Rows, py = target.Positives / n;
            double hy = -(Plogp(py) + Plogp(1 - py));
            double mutual = 0;
            for (int s = 0; s < counts.Slots; s++)
            {
                double rows = counts.Rows(s), hits = counts.Positives(s, target.Slot);
                if (rows == 0)
                {
                    continue;
                }

                double px = rows / n;
                mutual += Term(hits / n, px * py) + Term((rows - hits) / n, px * (1 - py));
            }

            return hy > 0 ? Math.Clamp(mutual / hy, 0, 1) : 0;

            static double Term(double joint, double independent) => joint > 0 ? joint * Math.Log2(joint / independent) : 0;
            static double Plogp(double q) => q > 0 ? q * Math.Log2(q) : 0;
        }
    }

    private static double Round(double value) => Math.Round(value, 6);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
