using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes <c>transactions.csv</c>: one row per ledger entry with the columns of <see cref="LedgerColumns.Transactions"/>
/// (docs/ledgers.md): times in ISO 8601 UTC to the second, amounts and balances in major units with exactly two
/// decimals, flags as 0/1, names in snake case, account public ids, and empty fields for no merchant, no pattern, no
/// alert and no report.
/// </summary>
public sealed class TransactionCsvWriter : CsvLedgerWriter
{
    private static readonly byte[][] Types = Words<TransactionType>(FinanceNames.Of);
    private static readonly byte[][] Typologies = Words<Typology>(FinanceNames.Of);
    private static readonly byte[][] Roles = Words<PartyRole>(FinanceNames.Of);
    private static readonly byte[][] Stages = Words<LaunderingStage>(FinanceNames.Of);
    private static readonly byte[][] Alerts = Words<AlertRule>(a => a == AlertRule.None ? "" : LedgerNames.Of(a));

    private const byte Comma = (byte)',', LineEnd = (byte)'\n';

    private readonly byte[] _currency;

    /// <summary>Starts <paramref name="path"/> (a temporary file until <see cref="CsvLedgerWriter.Complete"/>) with its header.</summary>
    public TransactionCsvWriter(string path, LedgerContext context)
        : base(path, context, LedgerColumns.Transactions)
    {
        _currency = CsvOutput.Word(context.Currency);
    }

    /// <inheritdoc />
    private protected override int MostBytes(int idLength) => 512 + _currency.Length + (3 * idLength);

    /// <inheritdoc />
    private protected override void WriteRow(Span<byte> s, ref int p, TransactionBatch batch, int i)
    {
        CsvAccountIds ids = Context.CsvIds;
        long start = Context.StartUnixSeconds;
        CsvOutput.PutInteger(s, ref p, batch.Id[i]);
        s[p++] = Comma;
        Output.PutTime(s, ref p, batch.Time[i]);
        s[p++] = Comma;
        CsvOutput.PutInteger(s, ref p, (batch.Time[i] - start) / 3600);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Types[(int)batch.Type[i]]);
        s[p++] = Comma;
        CsvOutput.PutMoney(s, ref p, batch.Amount[i]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, _currency);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, ids[batch.From[i]]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, ids[batch.To[i]]);
        s[p++] = Comma;
        if (batch.Merchant[i] >= 0)
        {
            CsvOutput.Put(s, ref p, ids[Context.MerchantAccount(batch.Merchant[i])]);
        }

        s[p++] = Comma;
        CsvOutput.PutMoney(s, ref p, batch.FromBefore[i]);
        s[p++] = Comma;
        CsvOutput.PutMoney(s, ref p, batch.FromAfter[i]);
        s[p++] = Comma;
        CsvOutput.PutMoney(s, ref p, batch.ToBefore[i]);
        s[p++] = Comma;
        CsvOutput.PutMoney(s, ref p, batch.ToAfter[i]);
        s[p++] = Comma;
        CsvOutput.PutFlag(s, ref p, batch.IsFraud[i]);
        s[p++] = Comma;
        CsvOutput.PutFlag(s, ref p, batch.IsLaundering[i]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Typologies[(int)batch.Typology[i]]);
        s[p++] = Comma;
        if (batch.Pattern[i] >= 0)
        {
            CsvOutput.PutInteger(s, ref p, batch.Pattern[i]);
        }

        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Roles[(int)batch.FromRole[i]]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Roles[(int)batch.ToRole[i]]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Stages[(int)batch.Stage[i]]);
        s[p++] = Comma;
        CsvOutput.Put(s, ref p, Alerts[(int)batch.Alert[i]]);
        s[p++] = Comma;
        if (batch.ReportedAt[i] != 0)
        {
            Output.PutTime(s, ref p, batch.ReportedAt[i]);
        }

    }

    /// <summary>Each value's name as CSV bytes, indexed by the enumeration's value (names need no quotes, and are no
    /// longer than 32 bytes: the writers' record bounds count on it).</summary>
    internal static byte[][] Words<T>(Func<T, string> name)
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => CsvOutput.Word(name(v)) is { Length: <= 32 } word ? word : throw new InvalidOperationException($"{v} has a name of more than 32 bytes"))];
}
