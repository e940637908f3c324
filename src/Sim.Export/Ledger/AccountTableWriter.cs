using ParquetSharp;
using ParquetSharp.Schema;
using Sim.Core.Finance;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes the account table as <c>accounts.csv</c> or <c>accounts.parquet</c> with the columns of
/// <see cref="LedgerColumns.Accounts"/>: the public id, the kind's name, the owning customer's and merchant's indices
/// (empty or null for none), the opening balance and the limit (how far below zero the balance may go; empty or null
/// for none) in major units, the currency, the owner's roles, and whether the owner takes part in any fraud or
/// laundering pattern. Parquet types: INT32 indices, DOUBLE money, BOOLEAN flags, UTF-8 strings; a row group per
/// million accounts.
/// </summary>
public static class AccountTableWriter
{
    private const int RowGroupSize = 1 << 20;

    private static readonly Utf8Values Kinds = Utf8Values.Names<AccountKind>(FinanceNames.Of);
    private static readonly Utf8Values Roles = Utf8Values.Names<PartyRole>(FinanceNames.Of);

    /// <summary>Writes <c>accounts.csv</c> to <paramref name="path"/> atomically.</summary>
    public static void WriteCsv(string path, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AccountTable a = context.Accounts;
        byte[] currency = CsvOutput.Word(context.Currency);
        byte[][] kinds = TransactionCsvWriter.Words<AccountKind>(FinanceNames.Of);
        byte[][] roles = TransactionCsvWriter.Words<PartyRole>(FinanceNames.Of);
        CsvAccountIds ids = context.CsvIds;
        using var o = new CsvOutput(path, LedgerColumns.Accounts);
        for (int i = 0; i < a.Count; i++)
        {
            o.Raw(ids[i]);
            o.Comma();
            o.Raw(kinds[(int)a.Kind[i]]);
            o.Comma();
            if (a.Owner[i] >= 0)
            {
                o.Integer(a.Owner[i]);
            }

            o.Comma();
            if (a.Merchant[i] >= 0)
            {
                o.Integer(a.Merchant[i]);
            }

            o.Comma();
            o.Money(a.Opening[i]);
            o.Comma();
            if (a.Limit[i] >= 0)
            {
                o.Money(a.Limit[i]);
            }

            o.Comma();
            o.Raw(currency);
            o.Comma();
            o.Raw(roles[(int)a.FraudRole[i]]);
            o.Comma();
            o.Raw(roles[(int)a.LaunderingRole[i]]);
            o.Comma();
            o.Flag(a.FraudRole[i] != PartyRole.None);
            o.Comma();
            o.Flag(a.LaunderingRole[i] != PartyRole.None);
            o.EndRow();
        }

        o.Commit();
    }

    /// <summary>Writes <c>accounts.parquet</c> to <paramref name="path"/> atomically, a row group per
    /// <paramref name="rowGroupRows"/> accounts (a million unless told).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowGroupRows"/> is below 1.</exception>
    public static void WriteParquet(string path, LedgerContext context, int rowGroupRows = RowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        AccountTable a = context.Accounts;
        var currency = new Utf8Values([context.Currency]);
        Utf8Values ids = context.Utf8Ids;
        int size = Math.Min(a.Count, rowGroupRows);
        var texts = new ByteArray[size];
        var ints = new int[size];
        var doubles = new double[size];
        var levels = new short[size];
        var flags = new bool[size];
        using var file = new AtomicFileStream(path);
        using (GroupNode schema = Schema())
        using (WriterProperties properties = Properties())
        using (var writer = new ParquetFileWriter(file.Stream, schema, properties, keyValueMetadata: null, leaveOpen: true))
        {
            for (int first = 0; first < a.Count; first += rowGroupRows)
            {
                int n = Math.Min(rowGroupRows, a.Count - first);
                using RowGroupWriter g = writer.AppendRowGroup();
                Texts(g, texts, n, i => ids[first + i]);
                Texts(g, texts, n, i => Kinds[(int)a.Kind[first + i]]);
                Optional(g, levels, ints, n, i => a.Owner[first + i] >= 0 ? a.Owner[first + i] : null);
                Optional(g, levels, ints, n, i => a.Merchant[first + i] >= 0 ? a.Merchant[first + i] : null);
                Fill(doubles, n, i => ParquetSupport.Major(a.Opening[first + i]));
                Column(g, doubles.AsSpan(0, n));
                Optional(g, levels, doubles, n, i => a.Limit[first + i] >= 0 ? ParquetSupport.Major(a.Limit[first + i]) : null);

                Texts(g, texts, n, _ => currency[0]);
                Texts(g, texts, n, i => Roles[(int)a.FraudRole[first + i]]);
                Texts(g, texts, n, i => Roles[(int)a.LaunderingRole[first + i]]);
                Fill(flags, n, i => a.FraudRole[first + i] != PartyRole.None);
                Column(g, flags.AsSpan(0, n));
                Fill(flags, n, i => a.LaunderingRole[first + i] != PartyRole.None);
                Column(g, flags.AsSpan(0, n));
                g.Close();
            }

            writer.Close();
            GC.KeepAlive(ids); // the ByteArrays point into it (the context holds it too)
            GC.KeepAlive(currency);
        }

        file.Commit();
    }

    private static GroupNode Schema()
    {
        using LogicalType text = LogicalType.String();
        using LogicalType none = LogicalType.None();
        return ParquetSupport.Schema(
            [
                ParquetSupport.Column("account_id", PhysicalType.ByteArray, text),
                ParquetSupport.Column("kind", PhysicalType.ByteArray, text),
                ParquetSupport.Column("owner", PhysicalType.Int32, none, optional: true),
                ParquetSupport.Column("merchant", PhysicalType.Int32, none, optional: true),
                ParquetSupport.Column("opening_balance", PhysicalType.Double, none),
                ParquetSupport.Column("limit", PhysicalType.Double, none, optional: true),
                ParquetSupport.Column("currency", PhysicalType.ByteArray, text),
                ParquetSupport.Column("fraud_role", PhysicalType.ByteArray, text),
                ParquetSupport.Column("laundering_role", PhysicalType.ByteArray, text),
                ParquetSupport.Column("is_fraud", PhysicalType.Boolean, none),
                ParquetSupport.Column("is_laundering", PhysicalType.Boolean, none),
            ],
            LedgerColumns.Accounts);
    }

    /// <summary>Snappy; dictionaries for the names and the currency only.</summary>
    private static WriterProperties Properties()
    {
        using var builder = new WriterPropertiesBuilder();
        builder.MemoryPool(ParquetSupport.Pool).Compression(Compression.Snappy).DisableDictionary();
        foreach (string column in (string[])["kind", "currency", "fraud_role", "laundering_role"])
        {
            builder.EnableDictionary(column);
        }

        return builder.DisableStatistics("account_id").Build();
    }

    private static void Column<T>(RowGroupWriter group, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        using ColumnWriter column = group.NextColumn();
        ParquetSupport.Write(column, values);
    }

    private static void Texts(RowGroupWriter group, ByteArray[] texts, int n, Func<int, ByteArray> value)
    {
        Fill(texts, n, value);
        Column<ByteArray>(group, texts.AsSpan(0, n));
    }

    /// <summary>The next column, optional: null where <paramref name="value"/> gives none.</summary>
    private static void Optional<T>(RowGroupWriter group, short[] levels, T[] present, int n, Func<int, T?> value)
        where T : unmanaged
    {
        using ColumnWriter column = group.NextColumn();
        ParquetSupport.WriteOptional(column, levels, present, n, value);
    }

    /// <summary>Sets the first <paramref name="n"/> elements from <paramref name="value"/>.</summary>
    internal static void Fill<T>(T[] into, int n, Func<int, T> value)
    {
        for (int i = 0; i < n; i++)
        {
            into[i] = value(i);
        }
    }
}
