namespace Sim.Export.Ledger;

/// <summary>What a scored feature is.</summary>
public enum LeakageSource
{
    /// <summary>A column of <c>transactions.csv</c> as it is.</summary>
    Column,

    /// <summary>A feature computed from columns, one a model would find on its own (a balance left at zero, the first
    /// character of an account id).</summary>
    Derived,

    /// <summary>An observed-label column (the bank's alerts and fraud reports): informative by design, scored for
    /// information but never flagged.</summary>
    ObservedLabel,
}

/// <summary>
/// How well one column or derived feature, alone, predicts one label (<c>is_fraud</c> or <c>is_laundering</c>).
/// Numeric features are scored by the area under the ROC curve (<see cref="Measure"/> <c>auc</c>, 0.5–1, oriented so that
/// 1 is perfect whichever way the values point); categorical ones by their best single-value rule
/// (<c>feature = value</c> ⇒ label, <see cref="Measure"/> <c>rule_precision</c>, with its <see cref="Recall"/>).
/// </summary>
/// <param name="Column">The column or derived feature (<c>amount</c>, <c>from_balance_after_is_zero</c>).</param>
/// <param name="Label">The label predicted: <c>is_fraud</c> or <c>is_laundering</c>.</param>
/// <param name="Source">A column, a derived feature or an observed label.</param>
/// <param name="Measure"><c>auc</c> or <c>rule_precision</c>.</param>
/// <param name="Value">The AUC, or the rule's precision (share of the rows the rule picks that carry the label).</param>
/// <param name="Flagged">Whether it is a leak: AUC at or above the threshold, or a rule at or above both the precision
/// and the recall thresholds; never for observed labels.</param>
/// <param name="Explanation">One sentence a report can print.</param>
public sealed record LeakageFinding(string Column, string Label, LeakageSource Source, string Measure, double Value, bool Flagged, string Explanation)
{
    /// <summary>The <c>auc</c> measure.</summary>
    public const string Auc = "auc";

    /// <summary>The <c>rule_precision</c> measure.</summary>
    public const string RulePrecision = "rule_precision";

    /// <summary>The rule scored (<c>type = transfer</c>), for rule findings.</summary>
    public string? Rule { get; init; }

    /// <summary>The rule's recall: the share of the label's rows it picks.</summary>
    public double? Recall { get; init; }

    /// <summary>For AUC findings, whether higher values point to the label.</summary>
    public bool? HigherMeansLabel { get; init; }

    /// <summary>For categorical features, Theil's uncertainty coefficient I(feature; label) / H(label), 0–1: the share of
    /// the label's entropy the feature's values remove (over all values, not only the rule's).</summary>
    public double? Information { get; init; }
}
