using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Reads <c>transactions.csv</c> back into batches, account ids mapped to indices through the ledger's account table:
/// the reader round-trip tests hold <see cref="TransactionCsvWriter"/> against, and a way back from a shared file to the
/// columnar form. Every field is checked to be exactly in the form the writer writes (the header too, and the step
/// against the time).
/// </summary>
public static class TransactionCsvReader
{
    /// <summary>The entries of <paramref name="path"/>, <paramref name="batchSize"/> at a time (the last batch may hold
    /// fewer); each batch is new.</summary>
    /// <exception cref="LedgerFormatException">The header or a field is not as the writer writes it, or names an account
    /// the table lacks (raised as the reading reaches it).</exception>
    public static IEnumerable<TransactionBatch> Read(string path, LedgerContext context, int batchSize = 65_536)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ReadBatches(path, context, batchSize);
    }

    private static IEnumerable<TransactionBatch> ReadBatches(string path, LedgerContext context, int batchSize)
    {
        using var reader = new CsvRecordReader(path);
        var fields = new List<string>(LedgerColumns.Transactions.Count);
        if (!reader.Read(fields) || !fields.SequenceEqual(LedgerColumns.Transactions))
        {
            throw new LedgerFormatException(path, "line 1", $"the header is not '{string.Join(',', LedgerColumns.Transactions)}'");
        }

        var batch = new TransactionBatch(batchSize);
        while (reader.Read(fields))
        {
            var row = new Row(reader, fields, context);
            row.ReadInto(batch, batch.Count);
            batch.Count++;
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new TransactionBatch(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>One record being parsed, for messages that name the line and column.</summary>
    private readonly ref struct Row(CsvRecordReader reader, List<string> fields, LedgerContext context)
    {
        public void ReadInto(TransactionBatch b, int i)
        {
            if (fields.Count != LedgerColumns.Transactions.Count)
            {
                throw Error(null, $"{fields.Count} fields where {LedgerColumns.Transactions.Count} were expected");
            }

            b.Id[i] = Parse(0, LedgerText.Integer);
            b.Time[i] = Parse(1, LedgerText.Time);
            if (Parse(2, LedgerText.Integer) != context.Step(b.Time[i]))
            {
                throw Error(2, $"step {fields[2]} does not match the time {fields[1]}");
            }

            b.Type[i] = Name<TransactionType>(3, LedgerNames.TryParse);
            b.Amount[i] = Parse(4, LedgerText.Money);
            if (fields[5] != context.Currency)
            {
                throw Error(5, $"'{fields[5]}' is not the ledger's currency, {context.Currency}");
            }

            b.From[i] = Account(6);
            b.To[i] = Account(7);
            b.Merchant[i] = fields[8].Length == 0 ? -1 : context.Accounts.Merchant[Account(8)] is >= 0 and int m ? m : throw Error(8, $"{fields[8]} is not a merchant's account");
            b.FromBefore[i] = Parse(9, LedgerText.Money);
            b.FromAfter[i] = Parse(10, LedgerText.Money);
            b.ToBefore[i] = Parse(11, LedgerText.Money);
            b.ToAfter[i] = Parse(12, LedgerText.Money);
            b.IsFraud[i] = Parse(13, LedgerText.Flag);
            b.IsLaundering[i] = Parse(14, LedgerText.Flag);
            b.Typology[i] = Name<Typology>(15, LedgerNames.TryParse);
            b.Pattern[i] = fields[16].Length == 0 ? -1 : checked((int)Parse(16, LedgerText.Integer));
            b.FromRole[i] = Name<PartyRole>(17, LedgerNames.TryParse);
            b.ToRole[i] = Name<PartyRole>(18, LedgerNames.TryParse);
            b.Stage[i] = Name<LaunderingStage>(19, LedgerNames.TryParse);
            b.Alert[i] = Name<AlertRule>(20, LedgerNames.TryParse);
            b.ReportedAt[i] = fields[21].Length == 0 ? 0 : Parse(21, LedgerText.Time);
        }

        private T Parse<T>(int column, Func<string, T?> parse)
            where T : struct => parse(fields[column]) ?? throw Error(column, $"'{fields[column]}' is not a valid value");

        private T Name<T>(int column, TryParser<T> parse)
            where T : struct => parse(fields[column], out T value) ? value : throw Error(column, $"'{fields[column]}' is not a known name");

        private int Account(int column) =>
            context.TryFindAccount(fields[column], out int account) ? account : throw Error(column, $"no account has the id '{fields[column]}'");

        private LedgerFormatException Error(int? column, string message) =>
            new(reader.Path, column is int c ? $"line {reader.Line}, column {LedgerColumns.Transactions[c]}" : $"line {reader.Line}", message);
    }

    private delegate bool TryParser<T>(string name, out T value);
}
