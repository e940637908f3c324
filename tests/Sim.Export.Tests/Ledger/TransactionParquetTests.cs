using Parquet;
using Parquet.Meta;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class TransactionParquetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Entries_round_trip_one_row_group_per_batch()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 2_500, batchSize: 1_000);
        string path = Write(data, "transactions.parquet");
        List<Sim.Core.Finance.TransactionBatch> read = [.. TransactionParquetReader.Read(path, data.Context)];
        Assert.Equal([1_000, 1_000, 500], read.Select(b => b.Count));
        LedgerTestData.AssertSameEntries(data.Batches, read);
    }

    [Fact]
    public async Task Merchants_numbered_with_gaps_round_trip_and_stay_dictionary_encoded()
    {
        // Merchant numbers 0, 2, 4, …: the odd ones have no settlement account. The merchant column's dictionary holds
        // only merchants with accounts (a dictionary of repeated placeholders would make Arrow give up on it).
        Sim.Core.Finance.AccountTable accounts = LedgerTestData.Accounts();
        for (int a = 0; a < accounts.Count; a++)
        {
            accounts.Merchant[a] = accounts.Merchant[a] >= 0 ? 2 * accounts.Merchant[a] : -1;
        }

        var context = new LedgerContext(accounts, "EUR", LedgerTestData.Start);
        int[] merchants = [0, -1, 4, 18, 0, -1, 8, 2];
        var batch = new Sim.Core.Finance.TransactionBatch(merchants.Length) { Count = merchants.Length };
        for (int i = 0; i < merchants.Length; i++)
        {
            int merchantAccount = merchants[i] >= 0 ? context.MerchantAccount(merchants[i]) : LedgerTestData.CashNetwork;
            batch.Id[i] = i + 1;
            batch.Time[i] = context.StartUnixSeconds + (i * 60);
            batch.Amount[i] = 1_000 + i;
            batch.From[i] = i;
            batch.To[i] = merchantAccount;
            batch.Merchant[i] = merchants[i];
            batch.Pattern[i] = -1;
            batch.Type[i] = merchants[i] >= 0 ? Sim.Core.Finance.TransactionType.CardPresent : Sim.Core.Finance.TransactionType.CashOut;
        }

        string path = Path.Combine(_dir, "gaps.parquet");
        using (var writer = new TransactionParquetWriter(path, context))
        {
            writer.Append(batch);
            writer.Complete();
        }

        Sim.Core.Finance.TransactionBatch read = Assert.Single(TransactionParquetReader.Read(path, context));
        Assert.Equal(merchants, read.Merchant.Take(read.Count));
        Assert.Equal(batch.To, read.To.Take(read.Count));
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        ColumnChunk merchant = reader.Metadata!.RowGroups[0].Columns[LedgerColumns.Transactions.ToList().IndexOf("merchant")];
        // Every data page dictionary-indexed (the dictionary page itself is PLAIN); a fallback writes PLAIN data pages.
        List<PageEncodingStats> pages = [.. merchant.MetaData!.EncodingStats!.Where(p => p.PageType == PageType.DATA_PAGE)];
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Equal(Encoding.RLE_DICTIONARY, p.Encoding));
    }

    [Fact]
    public async Task The_columns_have_the_documented_names_and_types()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 300);
        string path = Write(data, "transactions.parquet");
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(LedgerColumns.Transactions, reader.Schema.GetDataFields().Select(f => f.Name));
        Dictionary<string, SchemaElement> elements = reader.Metadata!.Schema.Skip(1).ToDictionary(e => e.Name);
        foreach (string name in new[] { "time", "reported_at" })
        {
            Assert.Equal(Parquet.Meta.Type.INT64, elements[name].Type);
            Assert.NotNull(elements[name].LogicalType!.TIMESTAMP);
            Assert.True(elements[name].LogicalType!.TIMESTAMP!.IsAdjustedToUTC);
            Assert.NotNull(elements[name].LogicalType!.TIMESTAMP!.Unit.MICROS);
        }

        Assert.Equal(Parquet.Meta.Type.INT64, elements["id"].Type);
        Assert.Equal(Parquet.Meta.Type.INT32, elements["step"].Type);
        Assert.Equal(Parquet.Meta.Type.DOUBLE, elements["amount"].Type);
        Assert.Equal(Parquet.Meta.Type.DOUBLE, elements["to_balance_after"].Type);
        Assert.Equal(Parquet.Meta.Type.BOOLEAN, elements["is_fraud"].Type);
        Assert.Equal(Parquet.Meta.Type.BYTE_ARRAY, elements["from_account"].Type);
        Assert.NotNull(elements["from_account"].LogicalType!.STRING);
        Assert.Equal(FieldRepetitionType.OPTIONAL, elements["pattern_id"].RepetitionType);
        Assert.Equal(FieldRepetitionType.OPTIONAL, elements["merchant"].RepetitionType);
        Assert.Equal(FieldRepetitionType.REQUIRED, elements["from_account"].RepetitionType);
        Assert.StartsWith("parquet-cpp-arrow version ", reader.Metadata.CreatedBy, StringComparison.Ordinal);
        Assert.Empty(reader.CustomMetadata);

        // The values a pandas user sees: amounts in major units, times in UTC, nulls for none.
        ParquetRowGroupReader group = reader.OpenRowGroupReader(0);
        var amounts = new double[group.RowCount];
        await group.ReadAsync<double>(reader.Schema.FindDataField("amount"), amounts);
        Assert.Equal(data.Batches[0].Amount[0] / 100.0, amounts[0]);
        var times = new DateTime[group.RowCount];
        await group.ReadAsync<DateTime>(reader.Schema.FindDataField("time"), times);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(data.Batches[0].Time[0]), times[0]);
        var patterns = new int?[group.RowCount];
        await group.ReadAsync<int>(reader.Schema.FindDataField("pattern_id"), patterns);
        Assert.Equal(data.Batches[0].Pattern.Take(patterns.Length).Select(p => p >= 0 ? p : (int?)null), patterns);
    }

    [Fact]
    public void The_same_batches_give_the_same_bytes()
    {
        byte[] a = File.ReadAllBytes(Write(LedgerTestData.Create(), "a.parquet"));
        byte[] b = File.ReadAllBytes(Write(LedgerTestData.Create(), "b.parquet"));
        Assert.Equal(a, b);
    }

    [Fact]
    public void The_bytes_do_not_depend_on_the_number_of_encoding_threads()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 5_000, batchSize: 2_000);
        byte[] one = File.ReadAllBytes(Write(data, "one.parquet", threads: 1));
        Assert.Equal(one, File.ReadAllBytes(Write(data, "two.parquet", threads: 2)));
        Assert.Equal(one, File.ReadAllBytes(Write(data, "seven.parquet", threads: 7)));
        Assert.Equal(one, File.ReadAllBytes(Write(data, "all.parquet", threads: 64)));
        LedgerTestData.AssertSameEntries(data.Batches, [.. TransactionParquetReader.Read(Path.Combine(_dir, "seven.parquet"), data.Context)]);
    }

    [Fact]
    public async Task Account_ids_of_differing_widths_and_non_ascii_text_round_trip()
    {
        // The writer copies fixed-width ids into a contiguous buffer; ids of differing byte lengths take the other path.
        LedgerTestData data = LedgerTestData.Create(entries: 1_200, batchSize: 500, id: i => i % 3 == 0 ? $"Konto-ß{i}" : $"A{i}");
        string path = Write(data, "wide.parquet");
        LedgerTestData.AssertSameEntries(data.Batches, [.. TransactionParquetReader.Read(path, data.Context)]);
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        var from = new string?[reader.RowGroups[0].RowCount];
        await reader.OpenRowGroupReader(0).ReadAsync(reader.Schema.FindDataField("from_account"), from.AsMemory()!);
        Assert.Equal(data.Batches[0].From.Take(from.Length).Select(a => data.Context.Accounts.Id[a]), from);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_time_past_year_9999_is_refused_naming_the_entry(bool reported)
    {
        LedgerTestData data = LedgerTestData.Create(entries: 100);
        Sim.Core.Finance.TransactionBatch batch = data.Batches[0];
        const long YearTenThousand = 253_402_300_800;
        if (reported)
        {
            batch.ReportedAt[5] = YearTenThousand;
        }
        else
        {
            batch.Time[5] = YearTenThousand;
        }

        using var writer = new TransactionParquetWriter(Path.Combine(_dir, "late.parquet"), data.Context);
        var e = Assert.Throws<ArgumentException>(() => writer.Append(batch));
        Assert.Contains($"ledger entry {batch.Id[5]}", e.Message, StringComparison.Ordinal);
        Assert.Contains("9999-12-31T23:59:59Z", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_appears_before_Complete_and_an_abandoned_writer_leaves_nothing()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 100);
        string path = Path.Combine(_dir, "t.parquet");
        using (var writer = new TransactionParquetWriter(path, data.Context))
        {
            writer.Append(data.Batches[0]);
            Assert.False(File.Exists(path));
        }

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void An_empty_ledger_is_a_valid_file_without_rows()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 1);
        string path = Path.Combine(_dir, "empty.parquet");
        using (var writer = new TransactionParquetWriter(path, data.Context))
        {
            writer.Complete();
        }

        Assert.Empty(TransactionParquetReader.Read(path, data.Context));
    }

    private string Write(LedgerTestData data, string name, int threads = 2)
    {
        string path = Path.Combine(_dir, name);
        using var writer = new TransactionParquetWriter(path, data.Context, threads);
        data.WriteAll(writer);
        return path;
    }
}
