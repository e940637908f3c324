using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>transactions.csv</c>: one row per ledger entry with the columns of <see cref="LedgerColumns.Transactions"/>
/// (docs/ledgers.md): times in ISO 8601 UTC to the second, amounts and balances in major units with exactly two
/// decimals, flags as 0/1, names in snake case, account public ids, and empty fields for no merchant, no pattern, no
/// alert and no report.
/// </summary>
public sealed class TransactionCsvWriter : ILedgerWriter
{
    private static readonly byte[][] Types = Words<TransactionType>(FinanceNames.Of);
    private static readonly byte[][] Typologies = Words<Typology>(FinanceNames.Of);
    private static readonly byte[][] Roles = Words<PartyRole>(FinanceNames.Of);
    private static readonly byte[][] Stages = Words<LaunderingStage>(FinanceNames.Of);
    private static readonly byte[][] Alerts = Words<AlertRule>(a => a == AlertRule.None ? "" : LedgerNames.Of(a));

    private readonly LedgerContext _context;
    private readonly CsvOutput _out;
    private readonly byte[] _currency;

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="Complete"/>) with its header.</summary>
    public TransactionCsvWriter(string path, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _currency = CsvOutput.Word(context.Currency);
        _out = new CsvOutput(path, LedgerColumns.Transactions);
    }

    /// <inheritdoc />
    public string Path => _out.Path;

    /// <inheritdoc />
    public void Append(TransactionBatch batch)
    {
        _out.ThrowIfCommitted();
        _context.Validate(batch);
        string[] ids = _context.Accounts.Id;
        long start = _context.StartUnixSeconds;
        CsvOutput o = _out;
        for (int i = 0; i < batch.Count; i++)
        {
            o.Integer(batch.Id[i]);
            o.Comma();
            o.Time(batch.Time[i]);
            o.Comma();
            o.Integer((batch.Time[i] - start) / 3600);
            o.Comma();
            o.Raw(Types[(int)batch.Type[i]]);
            o.Comma();
            o.Money(batch.Amount[i]);
            o.Comma();
            o.Raw(_currency);
            o.Comma();
            o.Text(ids[batch.From[i]]);
            o.Comma();
            o.Text(ids[batch.To[i]]);
            o.Comma();
            if (batch.Merchant[i] >= 0)
            {
                o.Text(ids[_context.MerchantAccount(batch.Merchant[i])]);
            }

            o.Comma();
            o.Money(batch.FromBefore[i]);
            o.Comma();
            o.Money(batch.FromAfter[i]);
            o.Comma();
            o.Money(batch.ToBefore[i]);
            o.Comma();
            o.Money(batch.ToAfter[i]);
            o.Comma();
            o.Flag(batch.IsFraud[i]);
            o.Comma();
            o.Flag(batch.IsLaundering[i]);
            o.Comma();
            o.Raw(Typologies[(int)batch.Typology[i]]);
            o.Comma();
            if (batch.Pattern[i] >= 0)
            {
                o.Integer(batch.Pattern[i]);
            }

            o.Comma();
            o.Raw(Roles[(int)batch.FromRole[i]]);
            o.Comma();
            o.Raw(Roles[(int)batch.ToRole[i]]);
            o.Comma();
            o.Raw(Stages[(int)batch.Stage[i]]);
            o.Comma();
            o.Raw(Alerts[(int)batch.Alert[i]]);
            o.Comma();
            if (batch.ReportedAt[i] != 0)
            {
                o.Time(batch.ReportedAt[i]);
            }

            o.EndRow();
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        _out.ThrowIfCommitted();
        _out.Commit();
    }

    /// <inheritdoc />
    public void Dispose() => _out.Dispose();

    /// <summary>Each value's name as CSV bytes, indexed by the enumeration's value.</summary>
    internal static byte[][] Words<T>(Func<T, string> name)
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => CsvOutput.Word(name(v)))];
}
