using Parquet;
using Parquet.Schema;
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

    private static readonly DataField<string> Id = new("account_id", nullable: false);
    private static readonly DataField<string> Kind = new("kind", nullable: false);
    private static readonly DataField<int?> Owner = new("owner");
    private static readonly DataField<int?> Merchant = new("merchant");
    private static readonly DataField<double> Opening = new("opening_balance");
    private static readonly DataField<double?> Limit = new("limit");
    private static readonly DataField<string> Currency = new("currency", nullable: false);
    private static readonly DataField<string> FraudRole = new("fraud_role", nullable: false);
    private static readonly DataField<string> LaunderingRole = new("laundering_role", nullable: false);
    private static readonly DataField<bool> IsFraud = new("is_fraud");
    private static readonly DataField<bool> IsLaundering = new("is_laundering");
    private static readonly ParquetSchema Schema = new(Id, Kind, Owner, Merchant, Opening, Limit, Currency, FraudRole, LaunderingRole, IsFraud, IsLaundering);

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

    /// <summary>Writes <c>accounts.parquet</c> to <paramref name="path"/> atomically.</summary>
    public static void WriteParquet(string path, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AccountTable a = context.Accounts;
        ReadOnlyMemory<char>[] kinds = ParquetSupport.Names<AccountKind>(FinanceNames.Of);
        ReadOnlyMemory<char>[] roles = ParquetSupport.Names<PartyRole>(FinanceNames.Of);
        int size = Math.Min(a.Count, RowGroupSize);
        var texts = new ReadOnlyMemory<char>[size];
        var ints = new int?[size];
        var doubles = new double[size];
        var nullableDoubles = new double?[size];
        var flags = new bool[size];
        using var file = new AtomicFileStream(path);
        ParquetWriter writer = ParquetSupport.Wait(ParquetWriter.CreateAsync(Schema, file.Stream, ParquetSupport.Options([Kind, Currency, FraudRole, LaunderingRole], [])));
        try
        {
            for (int first = 0; first < a.Count; first += RowGroupSize)
            {
                int n = Math.Min(RowGroupSize, a.Count - first);
                using ParquetRowGroupWriter g = writer.CreateRowGroup();
                Fill(texts, n, i => a.Id[first + i].AsMemory());
                ParquetSupport.Write(g, Id, texts, n);
                Fill(texts, n, i => kinds[(int)a.Kind[first + i]]);
                ParquetSupport.Write(g, Kind, texts, n);
                Fill(ints, n, i => a.Owner[first + i] >= 0 ? a.Owner[first + i] : null);
                ParquetSupport.Write(g, Owner, ints, n);
                Fill(ints, n, i => a.Merchant[first + i] >= 0 ? a.Merchant[first + i] : null);
                ParquetSupport.Write(g, Merchant, ints, n);
                Fill(doubles, n, i => ParquetSupport.Major(a.Opening[first + i]));
                ParquetSupport.Write(g, Opening, doubles, n);
                Fill(nullableDoubles, n, i => a.Limit[first + i] >= 0 ? ParquetSupport.Major(a.Limit[first + i]) : null);
                ParquetSupport.Write(g, Limit, nullableDoubles, n);
                texts.AsSpan(0, n).Fill(context.Currency.AsMemory());
                ParquetSupport.Write(g, Currency, texts, n);
                Fill(texts, n, i => roles[(int)a.FraudRole[first + i]]);
                ParquetSupport.Write(g, FraudRole, texts, n);
                Fill(texts, n, i => roles[(int)a.LaunderingRole[first + i]]);
                ParquetSupport.Write(g, LaunderingRole, texts, n);
                Fill(flags, n, i => a.FraudRole[first + i] != PartyRole.None);
                ParquetSupport.Write(g, IsFraud, flags, n);
                Fill(flags, n, i => a.LaunderingRole[first + i] != PartyRole.None);
                ParquetSupport.Write(g, IsLaundering, flags, n);
                g.CompleteValidate();
            }
        }
        finally
        {
            ParquetSupport.Wait(writer.DisposeAsync());
        }

        file.Commit();
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
