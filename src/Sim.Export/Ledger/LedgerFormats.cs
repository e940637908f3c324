namespace Sim.Export.Ledger;

/// <summary>Which files a <see cref="LedgerWriter"/> writes.</summary>
[Flags]
public enum LedgerFormats
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>transactions.csv</c>, <c>accounts.csv</c>, <c>patterns.csv</c>.</summary>
    Csv = 1,

    /// <summary><c>transactions.parquet</c>, <c>accounts.parquet</c>, <c>patterns.parquet</c>.</summary>
    Parquet = 2,

    /// <summary><c>edges.csv</c>.</summary>
    Edges = 4,

    /// <summary><c>paysim.csv</c>.</summary>
    PaySim = 8,

    /// <summary><c>leakage.json</c>.</summary>
    Leakage = 16,

    /// <summary>Every file.</summary>
    All = Csv | Parquet | Edges | PaySim | Leakage,
}
