using System.Text;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class TransactionCsvTests : IDisposable
{
    private const string Header =
        "id,time,step,type,amount,currency,from_account,to_account,merchant,from_balance_before,from_balance_after,to_balance_before,to_balance_after,"
        + "is_fraud,is_laundering,typology,pattern_id,from_role,to_role,stage,alert,reported_at\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_header_is_the_documented_columns_in_order()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 10);
        string path = Path.Combine(_dir, "transactions.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        string text = File.ReadAllText(path);
        Assert.StartsWith(Header, text, StringComparison.Ordinal);
        Assert.Equal(Header, string.Join(',', LedgerColumns.Transactions) + "\n");
    }

    [Fact]
    public void An_entry_is_written_as_documented()
    {
        AccountTable accounts = LedgerTestData.Accounts();
        var context = new LedgerContext(accounts, "EUR", LedgerTestData.Start);
        var batch = new TransactionBatch(2) { Count = 2 };
        long t = context.StartUnixSeconds + (13 * 3600) + (45 * 60) + 7; // 2026-01-05T13:45:07Z
        int shop = LedgerTestData.Customers + LedgerTestData.CreditCards + 3;
        Entry(batch, 0, 41, t, TransactionType.CardNotPresent, 1_250, from: 5, to: shop, merchant: 3, fromBefore: 30, fromAfter: -1_220, toBefore: 0, toAfter: 1_250);
        Entry(batch, 1, 42, t + 86_400 + 3_600, TransactionType.Transfer, 10_000_000, from: 6, to: 7, merchant: -1, fromBefore: 10_000_000, fromAfter: 0, toBefore: 5, toAfter: 10_000_005);
        (batch.IsFraud[1], batch.Typology[1], batch.Pattern[1], batch.FromRole[1], batch.ToRole[1]) = (true, Typology.AccountTakeover, 12, PartyRole.Victim, PartyRole.Mule);
        (batch.Alert[1], batch.ReportedAt[1]) = (AlertRule.RapidDrain, t + (3 * 86_400));
        string path = Path.Combine(_dir, "one.csv");
        using (var writer = new TransactionCsvWriter(path, context))
        {
            writer.Append(batch);
            writer.Complete();
        }

        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(
            $"41,2026-01-05T13:45:07Z,13,card_not_present,12.50,EUR,{accounts.Id[5]},{accounts.Id[shop]},{accounts.Id[shop]},0.30,-12.20,0.00,12.50,0,0,none,,none,none,none,,",
            lines[1]);
        Assert.Equal(
            $"42,2026-01-06T14:45:07Z,38,transfer,100000.00,EUR,{accounts.Id[6]},{accounts.Id[7]},,100000.00,0.00,0.05,100000.05,1,0,account_takeover,12,victim,mule,none,rapid_drain,2026-01-08T13:45:07Z",
            lines[2]);
        Assert.Equal("", lines[3]); // the file ends with LF, no CR anywhere
        Assert.DoesNotContain('\r', File.ReadAllText(path));
    }

    [Fact]
    public void Entries_round_trip_through_the_reader()
    {
        LedgerTestData data = LedgerTestData.Create();
        string path = Path.Combine(_dir, "transactions.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        LedgerTestData.AssertSameEntries(data.Batches, TransactionCsvReader.Read(path, data.Context, batchSize: 700));
    }

    [Fact]
    public void Ids_with_commas_or_quotes_are_quoted_as_RFC_4180_says_and_read_back()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 300, id: i => i == 3 ? "C\"odd\", id" : "A" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string path = Path.Combine(_dir, "quoted.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        Assert.Contains(",\"C\"\"odd\"\", id\",", File.ReadAllText(path), StringComparison.Ordinal);
        LedgerTestData.AssertSameEntries(data.Batches, TransactionCsvReader.Read(path, data.Context));
    }

    [Fact]
    public void The_same_batches_give_the_same_bytes_in_UTF8_without_a_byte_order_mark()
    {
        string a = Path.Combine(_dir, "a.csv"), b = Path.Combine(_dir, "b.csv");
        foreach (string path in new[] { a, b })
        {
            LedgerTestData data = LedgerTestData.Create();
            using var writer = new TransactionCsvWriter(path, data.Context);
            data.WriteAll(writer);
        }

        byte[] bytes = File.ReadAllBytes(a);
        Assert.Equal(bytes, File.ReadAllBytes(b));
        Assert.Equal((byte)'i', bytes[0]);
    }

    [Fact]
    public void Nothing_appears_before_Complete_and_an_abandoned_writer_leaves_nothing()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 100);
        string path = Path.Combine(_dir, "t.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            writer.Append(data.Batches[0]);
            Assert.False(File.Exists(path));
        }

        Assert.Empty(Directory.GetFiles(_dir));
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
            Assert.Throws<InvalidOperationException>(() => writer.Append(data.Batches[0]));
        }

        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_batch_that_breaks_the_contract_is_refused_naming_the_entry()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 100);
        TransactionBatch batch = data.Batches[0];
        batch.To[17] = 10_000;
        using var writer = new TransactionCsvWriter(Path.Combine(_dir, "bad.csv"), data.Context);
        var e = Assert.Throws<ArgumentException>(() => writer.Append(batch));
        Assert.Contains($"ledger entry {batch.Id[17]}", e.Message, StringComparison.Ordinal);
        Assert.Contains("10000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_file_is_reported_by_line_and_column()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 20);
        string path = Path.Combine(_dir, "t.csv");
        using (var writer = new TransactionCsvWriter(path, data.Context))
        {
            data.WriteAll(writer);
        }

        string[] lines = File.ReadAllLines(path);
        string[] fields = lines[3].Split(',');
        fields[4] = "12.5";
        lines[3] = string.Join(',', fields);
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        var e = Assert.Throws<LedgerFormatException>(() => TransactionCsvReader.Read(path, data.Context).ToList());
        Assert.Contains("line 4, column amount", e.Message, StringComparison.Ordinal);
    }

    private static void Entry(TransactionBatch b, int i, long id, long time, TransactionType type, long amount, int from, int to, int merchant, long fromBefore, long fromAfter, long toBefore, long toAfter)
    {
        (b.Id[i], b.Time[i], b.Type[i], b.Amount[i], b.From[i], b.To[i], b.Merchant[i], b.Pattern[i]) = (id, time, type, amount, from, to, merchant, -1);
        (b.FromBefore[i], b.FromAfter[i], b.ToBefore[i], b.ToAfter[i]) = (fromBefore, fromAfter, toBefore, toAfter);
    }
}
