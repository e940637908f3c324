using Parquet.Schema;

namespace Sim.Export.Ledger;

/// <summary>The columns of <c>transactions.parquet</c>, in <see cref="LedgerColumns.Transactions"/> order, with their
/// Parquet types (docs/ledgers.md).</summary>
internal static class TransactionParquetSchema
{
    public static readonly DataField<long> Id = new("id");
    public static readonly DateTimeDataField Time = ParquetSupport.Timestamp("time");
    public static readonly DataField<int> Step = new("step");
    public static readonly DataField<string> Type = new("type", nullable: false);
    public static readonly DataField<double> Amount = new("amount");
    public static readonly DataField<string> Currency = new("currency", nullable: false);
    public static readonly DataField<string> FromAccount = new("from_account", nullable: false);
    public static readonly DataField<string> ToAccount = new("to_account", nullable: false);
    public static readonly DataField<string> Merchant = new("merchant", nullable: true);
    public static readonly DataField<double> FromBefore = new("from_balance_before");
    public static readonly DataField<double> FromAfter = new("from_balance_after");
    public static readonly DataField<double> ToBefore = new("to_balance_before");
    public static readonly DataField<double> ToAfter = new("to_balance_after");
    public static readonly DataField<bool> IsFraud = new("is_fraud");
    public static readonly DataField<bool> IsLaundering = new("is_laundering");
    public static readonly DataField<string> Typology = new("typology", nullable: false);
    public static readonly DataField<int?> PatternId = new("pattern_id");
    public static readonly DataField<string> FromRole = new("from_role", nullable: false);
    public static readonly DataField<string> ToRole = new("to_role", nullable: false);
    public static readonly DataField<string> Stage = new("stage", nullable: false);
    public static readonly DataField<string> Alert = new("alert", nullable: true);
    public static readonly DateTimeDataField ReportedAt = ParquetSupport.Timestamp("reported_at", nullable: true);

    /// <summary>The schema.</summary>
    public static readonly ParquetSchema Schema = new(
        Id, Time, Step, Type, Amount, Currency, FromAccount, ToAccount, Merchant, FromBefore, FromAfter, ToBefore, ToAfter,
        IsFraud, IsLaundering, Typology, PatternId, FromRole, ToRole, Stage, Alert, ReportedAt);

    /// <summary>Text columns with a handful of values, dictionary-encoded.</summary>
    public static readonly DataField[] Dictionary = [Type, Currency, Typology, FromRole, ToRole, Stage, Alert];

    /// <summary>Increasing integers, delta-encoded.</summary>
    public static readonly DataField[] Delta = [Id, Step];
}
