using Parquet;
using Parquet.Schema;
using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// Reads <c>transactions.parquet</c> back into batches, one per row group (so one per batch the writer was given),
/// account ids mapped to indices through the ledger's account table: the reader round-trip tests hold
/// <see cref="TransactionParquetWriter"/> against. The schema must be the writer's, column for column.
/// </summary>
public static class TransactionParquetReader
{
    /// <summary>The entries of <paramref name="path"/>, a new batch per row group.</summary>
    /// <exception cref="LedgerFormatException">The schema is not the writer's, or a value is not one the writer writes
    /// (an unknown name or account id, a null where none may be, a step that does not match its time).</exception>
    public static IEnumerable<TransactionBatch> Read(string path, LedgerContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(context);
        return ReadGroups(path, context);
    }

    private static IEnumerable<TransactionBatch> ReadGroups(string path, LedgerContext context)
    {
        using var stream = File.OpenRead(path);
        ParquetReader reader = ParquetSupport.Wait(ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true));
        try
        {
            DataField[] fields = reader.Schema.GetDataFields();
            if (!fields.Select(f => f.Name).SequenceEqual(LedgerColumns.Transactions))
            {
                throw new LedgerFormatException(path, null, $"the columns are not {string.Join(',', LedgerColumns.Transactions)}");
            }

            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                yield return ReadGroup(path, context, reader.OpenRowGroupReader(g), fields, g);
            }
        }
        finally
        {
            ParquetSupport.Wait(reader.DisposeAsync());
        }
    }

    private static TransactionBatch ReadGroup(string path, LedgerContext context, ParquetRowGroupReader group, DataField[] f, int g)
    {
        int n = checked((int)group.RowCount);
        var b = new TransactionBatch(n) { Count = n };
        LedgerFormatException Error(int column, int row, string message) => new(path, $"row group {g}, row {row}, column {f[column].Name}", message);

        Values(group, f[0], b.Id);
        DateTime[] times = Values<DateTime>(group, f[1], n);
        int[] steps = Values<int>(group, f[2], n);
        for (int i = 0; i < n; i++)
        {
            b.Time[i] = ParquetSupport.ToUnix(times[i]);
            if (steps[i] != context.Step(b.Time[i]))
            {
                throw Error(2, i, $"step {steps[i]} does not match the time {times[i]:O}");
            }
        }

        Names<TransactionType>(Texts(group, f[3], n), b.Type, LedgerNames.TryParse, i => Error(3, i, "not a known type"));
        Money(group, f[4], b.Amount);
        string?[] currency = Texts(group, f[5], n);
        for (int i = 0; i < n; i++)
        {
            if (currency[i] != context.Currency)
            {
                throw Error(5, i, $"'{currency[i]}' is not the ledger's currency, {context.Currency}");
            }
        }

        Accounts(context, Texts(group, f[6], n), b.From, i => Error(6, i, "no such account"));
        Accounts(context, Texts(group, f[7], n), b.To, i => Error(7, i, "no such account"));
        string?[] merchants = Texts(group, f[8], n);
        for (int i = 0; i < n; i++)
        {
            b.Merchant[i] = merchants[i] is null ? -1
                : context.TryFindAccount(merchants[i]!, out int account) && context.Accounts.Merchant[account] >= 0 ? context.Accounts.Merchant[account]
                : throw Error(8, i, $"'{merchants[i]}' is not a merchant's account");
        }

        Money(group, f[9], b.FromBefore);
        Money(group, f[10], b.FromAfter);
        Money(group, f[11], b.ToBefore);
        Money(group, f[12], b.ToAfter);
        Values(group, f[13], b.IsFraud);
        Values(group, f[14], b.IsLaundering);
        Names<Typology>(Texts(group, f[15], n), b.Typology, LedgerNames.TryParse, i => Error(15, i, "not a known typology"));
        int?[] patterns = new int?[n];
        ParquetSupport.Wait(group.ReadAsync<int>(f[16], patterns.AsMemory()));
        for (int i = 0; i < n; i++)
        {
            b.Pattern[i] = patterns[i] ?? -1;
        }

        Names<PartyRole>(Texts(group, f[17], n), b.FromRole, LedgerNames.TryParse, i => Error(17, i, "not a known role"));
        Names<PartyRole>(Texts(group, f[18], n), b.ToRole, LedgerNames.TryParse, i => Error(18, i, "not a known role"));
        Names<LaunderingStage>(Texts(group, f[19], n), b.Stage, LedgerNames.TryParse, i => Error(19, i, "not a known stage"));
        string?[] alerts = Texts(group, f[20], n);
        for (int i = 0; i < n; i++)
        {
            b.Alert[i] = alerts[i] is null ? AlertRule.None
                : LedgerNames.TryParse(alerts[i]!, out AlertRule alert) && alert != AlertRule.None ? alert
                : throw Error(20, i, $"'{alerts[i]}' is not a known alert rule");
        }

        var reported = new DateTime?[n];
        ParquetSupport.Wait(group.ReadAsync<DateTime>(f[21], reported.AsMemory()));
        for (int i = 0; i < n; i++)
        {
            b.ReportedAt[i] = reported[i] is DateTime t ? ParquetSupport.ToUnix(t) : 0;
        }

        return b;
    }

    private static void Values<T>(ParquetRowGroupReader group, DataField field, T[] into)
        where T : struct => ParquetSupport.Wait(group.ReadAsync<T>(field, into.AsMemory(0, checked((int)group.RowCount))));

    private static T[] Values<T>(ParquetRowGroupReader group, DataField field, int n)
        where T : struct
    {
        var values = new T[n];
        ParquetSupport.Wait(group.ReadAsync<T>(field, values.AsMemory()));
        return values;
    }

    private static string?[] Texts(ParquetRowGroupReader group, DataField field, int n)
    {
        var values = new string?[n];
        ParquetSupport.Wait(group.ReadAsync(field, values.AsMemory()!));
        return values;
    }

    private static void Money(ParquetRowGroupReader group, DataField field, long[] into)
    {
        double[] values = Values<double>(group, field, into.Length);
        for (int i = 0; i < values.Length; i++)
        {
            into[i] = ParquetSupport.Minor(values[i]);
        }
    }

    private static void Names<T>(string?[] names, T[] into, TryParser<T> parse, Func<int, LedgerFormatException> error)
        where T : struct
    {
        for (int i = 0; i < names.Length; i++)
        {
            into[i] = names[i] is { } name && parse(name, out T value) ? value : throw error(i);
        }
    }

    private static void Accounts(LedgerContext context, string?[] ids, int[] into, Func<int, LedgerFormatException> error)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            into[i] = ids[i] is { } id && context.TryFindAccount(id, out int account) ? account : throw error(i);
        }
    }

    private delegate bool TryParser<T>(string name, out T value);
}
