using System.Text;
using Parquet;
using Parquet.Schema;
using Sim.Core.Finance;
using Sim.Export.Files;

namespace Sim.Export.Ledger;

/// <summary>
/// Writes the pattern table as <c>patterns.csv</c> or <c>patterns.parquet</c> with the columns of
/// <see cref="LedgerColumns.Patterns"/>: the pattern's id (the <c>pattern_id</c> of its entries), its typology,
/// <c>fraud</c> or <c>laundering</c>, its members' public account ids in the typology's order (joined by <c>;</c> in CSV,
/// a LIST of strings in Parquet), its first and last entries' times (ISO 8601 UTC in CSV, TIMESTAMP(MICROS, UTC) in
/// Parquet), its entry count and the sum of its amounts in major units (two decimals in CSV, DOUBLE in Parquet).
/// </summary>
public static class PatternTableWriter
{
    /// <summary>What joins member ids in CSV.</summary>
    public const char MemberSeparator = ';';

    private const int RowGroupSize = 1 << 20;

    private static readonly DataField<int> Id = new("pattern_id");
    private static readonly DataField<string> Typology = new("typology", nullable: false);
    private static readonly DataField<string> Kind = new("kind", nullable: false);
    private static readonly DataField<string> Member = new("element", nullable: true);
    private static readonly ListField Members = new("members", Member);
    private static readonly DateTimeDataField Start = ParquetSupport.Timestamp("start");
    private static readonly DateTimeDataField End = ParquetSupport.Timestamp("end");
    private static readonly DataField<int> Transactions = new("transactions");
    private static readonly DataField<double> Amount = new("amount");
    private static readonly ParquetSchema Schema = new(Id, Typology, Kind, Members, Start, End, Transactions, Amount);

    /// <summary>Writes <c>patterns.csv</c> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">A pattern is out of place (its index is not its position), has no members, or
    /// names an account outside the table or one whose id holds the separator.</exception>
    public static void WriteCsv(string path, IReadOnlyList<PatternRecord> patterns, LedgerContext context)
    {
        Validate(patterns, context);
        byte[][] typologies = TransactionCsvWriter.Words<Sim.Core.Finance.Typology>(FinanceNames.Of);
        byte[] fraud = CsvOutput.Word("fraud"), laundering = CsvOutput.Word("laundering");
        var members = new StringBuilder();
        using var o = new CsvOutput(path, LedgerColumns.Patterns);
        foreach (PatternRecord p in patterns)
        {
            o.Integer(p.Index);
            o.Comma();
            o.Raw(typologies[(int)p.Typology]);
            o.Comma();
            o.Raw(FinanceNames.IsLaundering(p.Typology) ? laundering : fraud);
            o.Comma();
            members.Clear();
            foreach (int account in p.Members)
            {
                members.Append(members.Length > 0 ? MemberSeparator.ToString() : "").Append(context.Accounts.Id[account]);
            }

            o.Text(members.ToString());
            o.Comma();
            o.Time(p.Start);
            o.Comma();
            o.Time(p.End);
            o.Comma();
            o.Integer(p.Transactions);
            o.Comma();
            o.Money(p.Amount);
            o.EndRow();
        }

        o.Commit();
    }

    /// <summary>Writes <c>patterns.parquet</c> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">As for <see cref="WriteCsv"/>.</exception>
    public static void WriteParquet(string path, IReadOnlyList<PatternRecord> patterns, LedgerContext context)
    {
        Validate(patterns, context);
        ReadOnlyMemory<char>[] typologies = ParquetSupport.Names<Sim.Core.Finance.Typology>(FinanceNames.Of);
        using var file = new AtomicFileStream(path);
        ParquetWriter writer = ParquetSupport.Wait(ParquetWriter.CreateAsync(Schema, file.Stream, ParquetSupport.Options([Typology, Kind], [])));
        try
        {
            for (int first = 0; first < patterns.Count; first += RowGroupSize)
            {
                int n = Math.Min(RowGroupSize, patterns.Count - first);
                using ParquetRowGroupWriter g = writer.CreateRowGroup();
                var ints = new int[n];
                var texts = new ReadOnlyMemory<char>[n];
                var times = new DateTime[n];
                AccountTableWriter.Fill(ints, n, i => patterns[first + i].Index);
                ParquetSupport.Write(g, Id, ints, n);
                AccountTableWriter.Fill(texts, n, i => typologies[(int)patterns[first + i].Typology]);
                ParquetSupport.Write(g, Typology, texts, n);
                AccountTableWriter.Fill(texts, n, i => (FinanceNames.IsLaundering(patterns[first + i].Typology) ? "laundering" : "fraud").AsMemory());
                ParquetSupport.Write(g, Kind, texts, n);
                WriteMembers(g, patterns, first, n, context);
                AccountTableWriter.Fill(times, n, i => ParquetSupport.FromUnix(patterns[first + i].Start));
                ParquetSupport.Write(g, Start, times, n);
                AccountTableWriter.Fill(times, n, i => ParquetSupport.FromUnix(patterns[first + i].End));
                ParquetSupport.Write(g, End, times, n);
                AccountTableWriter.Fill(ints, n, i => patterns[first + i].Transactions);
                ParquetSupport.Write(g, Transactions, ints, n);
                var doubles = new double[n];
                AccountTableWriter.Fill(doubles, n, i => ParquetSupport.Major(patterns[first + i].Amount));
                ParquetSupport.Write(g, Amount, doubles, n);
                g.CompleteValidate();
            }
        }
        finally
        {
            ParquetSupport.Wait(writer.DisposeAsync());
        }

        file.Commit();
    }

    /// <summary>The members as one flat column of ids and repetition levels (0 opens a pattern's list, 1 continues it).</summary>
    private static void WriteMembers(ParquetRowGroupWriter g, IReadOnlyList<PatternRecord> patterns, int first, int n, LedgerContext context)
    {
        int total = 0;
        for (int i = 0; i < n; i++)
        {
            total += patterns[first + i].Members.Count;
        }

        var ids = new ReadOnlyMemory<char>?[total];
        var levels = new int[total];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            IReadOnlyList<int> members = patterns[first + i].Members;
            for (int m = 0; m < members.Count; m++, k++)
            {
                ids[k] = context.Accounts.Id[members[m]].AsMemory();
                levels[k] = m == 0 ? 0 : 1;
            }
        }

        ParquetSupport.Wait(g.WriteAsync<ReadOnlyMemory<char>>(Member, ids, levels));
    }

    /// <summary>Checks the pattern table before anything is written.</summary>
    internal static void Validate(IReadOnlyList<PatternRecord> patterns, LedgerContext context)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(context);
        for (int i = 0; i < patterns.Count; i++)
        {
            PatternRecord p = patterns[i];
            if (p.Index != i || p.Members.Count == 0)
            {
                throw new ArgumentException(p.Index != i ? $"pattern {p.Index} is at position {i} of the table" : $"pattern {i} has no members", nameof(patterns));
            }

            foreach (int account in p.Members)
            {
                if ((uint)account >= (uint)context.Accounts.Count || context.Accounts.Id[account].Contains(MemberSeparator, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"pattern {i} names account {account}, which is outside the table or whose id holds '{MemberSeparator}'", nameof(patterns));
                }
            }
        }
    }
}
