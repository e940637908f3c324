using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class LedgerWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_file_is_written_and_the_transactions_read_back()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 2_500);
        string folder = Path.Combine(_dir, "ledger");
        LeakageReport? report;
        using (var writer = new LedgerWriter(folder, data.Context))
        {
            foreach (TransactionBatch batch in data.Batches)
            {
                writer.Append(batch);
            }

            Assert.All(Directory.GetFiles(folder), f => Assert.StartsWith(".", Path.GetFileName(f), StringComparison.Ordinal)); // only temporary files so far
            report = writer.Complete(data.Patterns);
        }

        Assert.Equal(
            ["accounts.csv", "accounts.parquet", "edges.csv", "leakage.json", "patterns.csv", "patterns.parquet", "paysim.csv", "transactions.csv", "transactions.parquet"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertBothFilesHold(folder, data);
        Assert.NotNull(report);
        Assert.Equal(2_500, report.Rows);
        Assert.Equal(LedgerTestData.Concat(data.Batches).IsFraud.Count(f => f), report.FraudRows);
    }

    [Fact]
    public void The_caller_may_refill_its_batch_as_soon_as_Append_returns()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 3_000);
        string folder = Path.Combine(_dir, "reuse");
        var reused = new TransactionBatch(1_000);
        using (var writer = new LedgerWriter(folder, data.Context, LedgerFormats.Csv | LedgerFormats.Parquet))
        {
            foreach (TransactionBatch batch in data.Batches)
            {
                CopyInto(batch, reused);
                writer.Append(reused);
                Scribble(reused); // the writer must have copied it
            }

            writer.Complete(data.Patterns);
        }

        AssertBothFilesHold(folder, data);
    }

    [Fact]
    public void Handed_over_batches_are_written_as_appended_ones_and_the_previous_one_comes_back_to_fill()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 3_000);
        string appended = Path.Combine(_dir, "appended"), handed = Path.Combine(_dir, "handed");
        WriteAppended(appended, data);

        var given = new List<TransactionBatch>();
        var fill = new TransactionBatch(1_000);
        using (var writer = new LedgerWriter(handed, data.Context))
        {
            foreach (TransactionBatch batch in data.Batches)
            {
                CopyInto(batch, fill);
                given.Add(fill);
                fill = writer.Handover(fill);
                Assert.NotSame(given[^1], fill); // the writers keep the one handed over
                Assert.Equal(0, fill.Count);
                Assert.True(fill.Capacity >= 1_000);
            }

            writer.Complete(data.Patterns);
        }

        Assert.Same(given[0], given[2]); // two batches take turns: the first came back once the writers were done with it
        foreach (string file in Directory.GetFiles(appended))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(handed, Path.GetFileName(file))));
        }
    }

    [Fact]
    public void Appended_and_handed_over_batches_mix_and_a_batch_handed_over_cannot_be_given_again()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 3_000);
        string folder = Path.Combine(_dir, "mixed");
        var fill = new TransactionBatch(1_000);
        using (var writer = new LedgerWriter(folder, data.Context, LedgerFormats.Csv | LedgerFormats.Parquet))
        {
            CopyInto(data.Batches[0], fill);
            TransactionBatch handed = fill;
            fill = writer.Handover(handed);
            var again = Assert.Throws<ArgumentException>(() => writer.Handover(handed)); // the writers' now
            Assert.Contains("handed over", again.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => writer.Append(handed));

            writer.Append(data.Batches[1]); // copied into the writer's own batch, not into the one given back
            Assert.Equal(0, fill.Count);
            CopyInto(data.Batches[2], fill);
            writer.Handover(fill);
            writer.Complete(data.Patterns);
        }

        AssertBothFilesHold(folder, data);
    }

    [Fact]
    public void A_rerun_writes_the_same_bytes()
    {
        string[] folders = [Path.Combine(_dir, "a"), Path.Combine(_dir, "b")];
        foreach (string folder in folders)
        {
            WriteAppended(folder, LedgerTestData.Create());
        }

        foreach (string file in Directory.GetFiles(folders[0]))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(folders[1], Path.GetFileName(file))));
        }
    }

    [Fact]
    public void A_bad_batch_is_refused_at_Append_and_an_abandoned_ledger_leaves_no_files()
    {
        LedgerTestData data = LedgerTestData.Create(entries: 1_500);
        string folder = Path.Combine(_dir, "bad");
        using (var writer = new LedgerWriter(folder, data.Context))
        {
            writer.Append(data.Batches[0]);
            data.Batches[1].Amount[5] = 0;
            var e = Assert.Throws<ArgumentException>(() => writer.Append(data.Batches[1]));
            Assert.Contains($"ledger entry {data.Batches[1].Id[5]}", e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void When_one_file_cannot_be_completed_none_is_left_at_its_final_name()
    {
        // The files are completed at once on several threads; the patterns table cannot take its name (a folder holds
        // it), and the others, though finished, must not stay behind without it.
        LedgerTestData data = LedgerTestData.Create(entries: 1_500);
        string folder = Path.Combine(_dir, "blocked");
        Directory.CreateDirectory(Path.Combine(folder, LedgerWriter.PatternsParquet, "occupied"));
        using (var writer = new LedgerWriter(folder, data.Context))
        {
            foreach (TransactionBatch batch in data.Batches)
            {
                writer.Append(batch);
            }

            Assert.ThrowsAny<IOException>(() => writer.Complete(data.Patterns));
        }

        Assert.Empty(Directory.GetFiles(folder));
    }

    /// <summary>Every file of <paramref name="data"/>, its batches appended one by one.</summary>
    private static void WriteAppended(string folder, LedgerTestData data)
    {
        using var writer = new LedgerWriter(folder, data.Context);
        foreach (TransactionBatch batch in data.Batches)
        {
            writer.Append(batch);
        }

        writer.Complete(data.Patterns);
    }

    /// <summary>The folder's CSV and Parquet transactions, read back, are <paramref name="data"/>'s entries.</summary>
    private static void AssertBothFilesHold(string folder, LedgerTestData data)
    {
        LedgerTestData.AssertSameEntries(data.Batches, TransactionCsvReader.Read(Path.Combine(folder, LedgerWriter.TransactionsCsv), data.Context));
        LedgerTestData.AssertSameEntries(data.Batches, TransactionParquetReader.Read(Path.Combine(folder, LedgerWriter.TransactionsParquet), data.Context));
    }

    private static void CopyInto(TransactionBatch from, TransactionBatch to) => LedgerTestData.AssertSameEntries([from], [Copy(from, to)]);

    private static TransactionBatch Copy(TransactionBatch from, TransactionBatch to)
    {
        TransactionBatch all = LedgerTestData.Concat([from]);
        Array.Copy(all.Id, to.Id, all.Count);
        Array.Copy(all.Time, to.Time, all.Count);
        Array.Copy(all.Amount, to.Amount, all.Count);
        Array.Copy(all.From, to.From, all.Count);
        Array.Copy(all.To, to.To, all.Count);
        Array.Copy(all.Merchant, to.Merchant, all.Count);
        Array.Copy(all.Pattern, to.Pattern, all.Count);
        Array.Copy(all.Type, to.Type, all.Count);
        Array.Copy(all.Typology, to.Typology, all.Count);
        Array.Copy(all.FromRole, to.FromRole, all.Count);
        Array.Copy(all.ToRole, to.ToRole, all.Count);
        Array.Copy(all.Stage, to.Stage, all.Count);
        Array.Copy(all.IsFraud, to.IsFraud, all.Count);
        Array.Copy(all.IsLaundering, to.IsLaundering, all.Count);
        Array.Copy(all.FromBefore, to.FromBefore, all.Count);
        Array.Copy(all.FromAfter, to.FromAfter, all.Count);
        Array.Copy(all.ToBefore, to.ToBefore, all.Count);
        Array.Copy(all.ToAfter, to.ToAfter, all.Count);
        Array.Copy(all.Alert, to.Alert, all.Count);
        Array.Copy(all.ReportedAt, to.ReportedAt, all.Count);
        to.Count = all.Count;
        return to;
    }

    private static void Scribble(TransactionBatch b)
    {
        Array.Fill(b.Amount, 1);
        Array.Fill(b.From, 0);
        Array.Fill(b.IsFraud, true);
        Array.Fill(b.Time, long.MaxValue / 2);
    }
}
