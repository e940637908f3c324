namespace Sim.Export.Ledger;

/// <summary>When the leakage check calls a feature a leak, and how much it counts.</summary>
/// <param name="Auc">A numeric feature whose (oriented) AUC reaches this is a leak.</param>
/// <param name="Precision">A rule whose precision reaches this …</param>
/// <param name="Recall">… and whose recall reaches this is a leak.</param>
/// <param name="MaxDistinctValues">Values counted one by one per categorical feature; values first seen after that
/// are pooled into one <c>(other)</c> bucket, which no rule is made of (the finding says the count is approximate).</param>
public sealed record LeakageThresholds(double Auc = 0.9, double Precision = 0.9, double Recall = 0.5, int MaxDistinctValues = 4096)
{
    /// <summary>The defaults: AUC 0.9; precision 0.9 with recall 0.5; 4,096 values.</summary>
    public static LeakageThresholds Default { get; } = new();
}
