namespace Sim.Export.Ledger;

/// <summary>The column names of every ledger file, in file order (docs/ledgers.md describes each).</summary>
public static class LedgerColumns
{
    /// <summary><c>transactions.csv</c> and <c>transactions.parquet</c>.</summary>
    public static IReadOnlyList<string> Transactions { get; } =
    [
        "id", "time", "step", "type", "amount", "currency", "from_account", "to_account", "merchant",
        "from_balance_before", "from_balance_after", "to_balance_before", "to_balance_after",
        "is_fraud", "is_laundering", "typology", "pattern_id", "from_role", "to_role", "stage", "alert", "reported_at",
    ];

    /// <summary><c>accounts.csv</c> and <c>accounts.parquet</c>.</summary>
    public static IReadOnlyList<string> Accounts { get; } =
    [
        "account_id", "kind", "owner", "merchant", "opening_balance", "limit", "currency", "fraud_role", "laundering_role", "is_fraud", "is_laundering",
    ];

    /// <summary><c>patterns.csv</c> and <c>patterns.parquet</c>.</summary>
    public static IReadOnlyList<string> Patterns { get; } = ["pattern_id", "typology", "kind", "members", "start", "end", "transactions", "amount"];

    /// <summary><c>edges.csv</c>: one directed edge per entry, debited account to credited account.</summary>
    public static IReadOnlyList<string> Edges { get; } = ["src", "dst", "time", "amount", "type", "is_fraud", "is_laundering", "pattern_id"];

    /// <summary><c>paysim.csv</c>: PaySim's header, its spellings kept (<c>oldbalanceOrg</c> has no <c>i</c>).</summary>
    public static IReadOnlyList<string> PaySim { get; } =
    [
        "step", "type", "amount", "nameOrig", "oldbalanceOrg", "newbalanceOrig", "nameDest", "oldbalanceDest", "newbalanceDest", "isFraud", "isFlaggedFraud",
    ];

    /// <summary>The label (truth) columns of <see cref="Transactions"/>, which the leakage check does not score.</summary>
    public static IReadOnlyList<string> TransactionLabels { get; } = ["is_fraud", "is_laundering", "typology", "pattern_id", "from_role", "to_role", "stage"];

    /// <summary>The observed-label columns of <see cref="Transactions"/> (what a bank sees: rule alerts and reports),
    /// informative by design; the leakage check scores them but never flags them.</summary>
    public static IReadOnlyList<string> ObservedLabels { get; } = ["alert", "reported_at"];
}
