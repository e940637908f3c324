using System.Text.Json;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

public sealed class LeakageCheckTests : IDisposable
{
    private const int Rows = 20_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-ledger-leakage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_balance_left_at_zero_is_flagged_and_a_clean_amount_is_not()
    {
        LeakageReport report = Check(Planted((b, i, fraud, random) =>
        {
            if (fraud)
            {
                // PaySim's tell: fraud empties the origin account.
                b.FromBefore[i] = b.Amount[i];
                b.FromAfter[i] = 0;
            }
        }));

        LeakageFinding zero = report.Find("from_balance_after_is_zero")!;
        Assert.True(zero.Flagged);
        Assert.Equal(LeakageSource.Derived, zero.Source);
        Assert.Equal(LeakageFinding.RulePrecision, zero.Measure);
        Assert.Equal("from_balance_after_is_zero = true", zero.Rule);
        Assert.Equal(1.0, zero.Value);
        Assert.Equal(1.0, zero.Recall);
        Assert.Contains("a leak", zero.Explanation, StringComparison.Ordinal);

        LeakageFinding after = report.Find("from_balance_after")!;
        Assert.True(after.Flagged);
        Assert.False(after.HigherMeansLabel);

        LeakageFinding amount = report.Find("amount")!;
        Assert.False(amount.Flagged);
        Assert.Equal(LeakageFinding.Auc, amount.Measure);
        Assert.InRange(amount.Value, 0.5, 0.56);
        Assert.False(report.Find("type")!.Flagged);
        Assert.False(report.Find("to_balance_before")!.Flagged);
        Assert.Contains(report.Leaks, f => f.Column == "from_balance_after_is_zero");
        Assert.DoesNotContain(report.Leaks, f => f.Column is "amount" or "type" or "id" or "time" or "step");
    }

    [Fact]
    public void Amounts_that_separate_fraud_are_flagged_by_AUC()
    {
        LeakageReport report = Check(Planted((b, i, fraud, random) =>
        {
            b.Amount[i] = fraud ? 500_000 + random.Next(500_000) : 100 + random.Next(400_000);
            b.FromBefore[i] = b.Amount[i] + 1_000_000;
            b.FromAfter[i] = b.FromBefore[i] - b.Amount[i];
            b.ToAfter[i] = b.ToBefore[i] + b.Amount[i];
        }));

        LeakageFinding amount = report.Find("amount")!;
        Assert.True(amount.Flagged);
        Assert.True(amount.HigherMeansLabel);
        Assert.InRange(amount.Value, 0.99, 1.0);
        Assert.False(report.Find("from_balance_after_is_zero")!.Flagged);
    }

    [Fact]
    public void An_id_prefix_that_marks_fraudsters_is_flagged_while_each_single_account_is_not()
    {
        LeakageReport report = Check(Planted(
            (b, i, fraud, random) => b.From[i] = fraud ? random.Next(5) : 5 + random.Next(LedgerTestData.Customers - 5),
            id: i => (i < 5 ? "F" : "C") + (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        LeakageFinding prefix = report.Find("from_account_prefix")!;
        Assert.True(prefix.Flagged);
        Assert.Equal("from_account_prefix = F", prefix.Rule);
        LeakageFinding account = report.Find("from_account")!;
        Assert.False(account.Flagged); // each of the five fraudsters has precision 1 but about a fifth of the recall
        Assert.Equal(1.0, account.Value);
        Assert.InRange(account.Recall!.Value, 0.1, 0.3);
        Assert.False(report.Find("to_account_prefix")!.Flagged);
    }

    [Fact]
    public void Observed_labels_are_scored_but_never_flagged_and_truth_columns_are_not_scored()
    {
        LeakageReport report = Check(Planted((b, i, fraud, random) =>
        {
            b.Alert[i] = fraud ? AlertRule.RapidDrain : AlertRule.None;
            b.ReportedAt[i] = fraud ? b.Time[i] + 86_400 : 0;
        }));

        foreach (string column in new[] { "alert", "reported_at" })
        {
            LeakageFinding f = report.Find(column)!;
            Assert.Equal(LeakageSource.ObservedLabel, f.Source);
            Assert.False(f.Flagged);
            Assert.Equal(1.0, f.Value);
            Assert.Contains("observed label", f.Explanation, StringComparison.Ordinal);
        }

        Assert.Equal("alert = rapid_drain", report.Find("alert")!.Rule);
        Assert.Empty(report.Findings.Select(f => f.Column).Intersect(LedgerColumns.TransactionLabels));
        Assert.All(report.Findings, f => Assert.Equal("is_fraud", f.Label)); // no laundering rows: that label is not scored
        Assert.Equal(20, report.Findings.Count);
    }

    [Fact]
    public void The_AUC_counts_ties_as_half()
    {
        LedgerContext context = new(LedgerTestData.Accounts(), "EUR", LedgerTestData.Start);
        long[] amounts = [1, 2, 3, 4, 3, 5];
        var batch = new TransactionBatch(amounts.Length) { Count = amounts.Length };
        for (int i = 0; i < amounts.Length; i++)
        {
            Row(batch, i, context, amounts[i], fraud: i >= 4);
        }

        var check = new LeakageCheck(context);
        check.Add(batch);
        Assert.Equal(6.5 / 8, check.Report().Find("amount")!.Value, 6); // fraud 3 beats 1, 2, ties 3; fraud 5 beats all four
    }

    [Fact]
    public void Past_the_cap_values_are_pooled_and_the_finding_says_so()
    {
        (LedgerContext context, TransactionBatch batch) = Planted((_, _, _, _) => { });
        var check = new LeakageCheck(context, new LeakageThresholds(MaxDistinctValues: 8));
        check.Add(batch);
        LeakageFinding account = check.Report().Find("from_account")!;
        Assert.Contains("Approximate: more than 8 distinct values", account.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("Approximate", check.Report().Find("type")!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_serialises_to_JSON_with_every_finding()
    {
        LeakageReport report = Check(Planted((b, i, fraud, _) =>
        {
            if (fraud)
            {
                b.FromBefore[i] = b.Amount[i];
                b.FromAfter[i] = 0;
            }
        }));
        string path = Path.Combine(_dir, LeakageReport.FileName);
        report.Write(path);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = json.RootElement;
        Assert.Equal("sim.leakage", root.GetProperty("format").GetString());
        Assert.Equal(Rows, root.GetProperty("rows").GetInt64());
        Assert.Equal(report.Leaks.Count, root.GetProperty("leaks").GetInt32());
        JsonElement[] findings = [.. root.GetProperty("findings").EnumerateArray()];
        Assert.Equal(report.Findings.Count, findings.Length);
        JsonElement zero = findings.Single(f => f.GetProperty("column").GetString() == "from_balance_after_is_zero");
        Assert.True(zero.GetProperty("flagged").GetBoolean());
        Assert.Equal("derived", zero.GetProperty("source").GetString());
        Assert.Equal("rule_precision", zero.GetProperty("measure").GetString());
        Assert.Equal(1.0, zero.GetProperty("value").GetDouble());
        Assert.Equal("from_balance_after_is_zero = true", zero.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrEmpty(zero.GetProperty("explanation").GetString()));
        Assert.Equal("auc", findings.Single(f => f.GetProperty("column").GetString() == "amount").GetProperty("measure").GetString());
        Assert.StartsWith("leakage check: 20000 entries", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("LEAK is_fraud from_balance_after_is_zero", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\r', File.ReadAllText(path));
    }

    private static LeakageReport Check((LedgerContext Context, TransactionBatch Batch) planted)
    {
        // Two batches, to check that the counts add up across them.
        var check = new LeakageCheck(planted.Context);
        check.Add(Slice(planted.Batch, 0, Rows / 2));
        check.Add(Slice(planted.Batch, Rows / 2, Rows / 2));

        Assert.Equal(Rows, check.Rows);
        return check.Report();
    }

    private static TransactionBatch Slice(TransactionBatch b, int first, int n)
    {
        var s = new TransactionBatch(n) { Count = n };
        for (int i = 0; i < n; i++)
        {
            int j = first + i;
            (s.Id[i], s.Time[i], s.Amount[i], s.From[i], s.To[i], s.Merchant[i], s.Pattern[i]) = (b.Id[j], b.Time[j], b.Amount[j], b.From[j], b.To[j], b.Merchant[j], b.Pattern[j]);
            (s.Type[i], s.Typology[i], s.FromRole[i], s.ToRole[i], s.Stage[i], s.IsFraud[i], s.IsLaundering[i]) = (b.Type[j], b.Typology[j], b.FromRole[j], b.ToRole[j], b.Stage[j], b.IsFraud[j], b.IsLaundering[j]);
            (s.FromBefore[i], s.FromAfter[i], s.ToBefore[i], s.ToAfter[i], s.Alert[i], s.ReportedAt[i]) = (b.FromBefore[j], b.FromAfter[j], b.ToBefore[j], b.ToAfter[j], b.Alert[j], b.ReportedAt[j]);
        }

        return s;
    }

    /// <summary>A ledger of <see cref="Rows"/> entries, one in fifty fraud, every column drawn alike for fraud and
    /// legitimate rows, then <paramref name="plant"/> (batch, row, fraud, random) changes some.</summary>
    private static (LedgerContext Context, TransactionBatch Batch) Planted(Action<TransactionBatch, int, bool, Random> plant, Func<int, string>? id = null)
    {
        var context = new LedgerContext(LedgerTestData.Accounts(id), "EUR", LedgerTestData.Start);
        var random = new Random(11);
        var b = new TransactionBatch(Rows) { Count = Rows };
        for (int i = 0; i < Rows; i++)
        {
            bool fraud = i % 50 == 7;
            Row(b, i, context, 100 + random.Next(100_000), fraud);
            b.Type[i] = (TransactionType)random.Next(5);
            b.From[i] = random.Next(LedgerTestData.Customers);
            b.To[i] = random.Next(LedgerTestData.Customers);
            b.FromBefore[i] = b.Amount[i] + 1 + random.Next(1_000_000);
            b.FromAfter[i] = b.FromBefore[i] - b.Amount[i];
            b.ToBefore[i] = random.Next(1_000_000);
            b.ToAfter[i] = b.ToBefore[i] + b.Amount[i];
            plant(b, i, fraud, random);
        }

        return (context, b);
    }

    private static void Row(TransactionBatch b, int i, LedgerContext context, long amount, bool fraud)
    {
        (b.Id[i], b.Time[i], b.Amount[i], b.Merchant[i]) = (i + 1, context.StartUnixSeconds + (i * 60L), amount, -1);
        (b.From[i], b.To[i], b.Type[i]) = (i % 7, 8 + (i % 5), TransactionType.Transfer);
        (b.FromBefore[i], b.FromAfter[i], b.ToBefore[i], b.ToAfter[i]) = (amount, 0, 0, amount);
        (b.IsFraud[i], b.Typology[i], b.Pattern[i]) = fraud ? (true, Typology.AccountTakeover, 0) : (false, Typology.None, -1);
    }
}
