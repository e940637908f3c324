using Sim.Core.Finance;

namespace Sim.Core.Tests.Finance;

public sealed class FinanceDeterminismTests
{
    [Fact]
    public void The_same_seed_gives_the_same_ledger_whatever_the_thread_count_and_batch_size()
    {
        FinanceSpec spec = LedgerRun.Spec(customers: 3_000, days: 7);
        LedgerRun one = LedgerRun.Of(spec, seed: 11, threads: 1, batchRows: 7_777);
        LedgerRun two = LedgerRun.Of(spec, seed: 11, threads: 2, batchRows: 50_000);
        Assert.Equal(one.Entries.Count, two.Entries.Count);
        Assert.Equal(one.Hash, two.Hash);
        Assert.NotEqual(one.Batches, two.Batches);
        Assert.Equal(one.Accounts.Id, two.Accounts.Id);
        Assert.Equal(one.Accounts.FraudRole, two.Accounts.FraudRole);
        Assert.Equal(one.Simulation.Patterns.Select(p => (p.Typology, p.Start, p.Transactions, p.Amount, string.Join(",", p.Members))), two.Simulation.Patterns.Select(p => (p.Typology, p.Start, p.Transactions, p.Amount, string.Join(",", p.Members))));
    }

    [Fact]
    public void Handing_batches_over_gives_the_same_ledger_in_batches_of_the_same_size()
    {
        FinanceSpec spec = LedgerRun.Spec(customers: 2_000, days: 4);
        LedgerRun reused = LedgerRun.Of(spec, seed: 5, batchRows: 3_001);
        LedgerRun handed = LedgerRun.Of(spec, seed: 5, batchRows: 3_001, handover: true);
        Assert.True(reused.Batches > 3, $"{reused.Batches} batches");
        Assert.All(handed.BatchSizes.SkipLast(1), size => Assert.Equal(3_001, size)); // the spare is larger; batches are not
        Assert.Equal(reused.BatchSizes, handed.BatchSizes);
        Assert.Equal(reused.Entries, handed.Entries);
        Assert.Equal(reused.Hash, handed.Hash);
    }

    [Fact]
    public void A_sink_that_gives_back_no_batch_or_a_smaller_one_is_refused()
    {
        FinanceSpec spec = LedgerRun.Spec(customers: 500, days: 2);
        var none = Assert.Throws<InvalidOperationException>(() => new FinanceSimulation(spec, 1, 1).Run(_ => null!, 100));
        Assert.Contains("no batch", none.Message, StringComparison.Ordinal);
        var small = Assert.Throws<InvalidOperationException>(() => new FinanceSimulation(spec, 1, 1).Run(_ => new TransactionBatch(99), 100));
        Assert.Contains("99 rows", small.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_seed_gives_another_ledger()
    {
        FinanceSpec spec = LedgerRun.Spec(customers: 1_000, days: 3);
        Assert.NotEqual(LedgerRun.Of(spec, seed: 1).Hash, LedgerRun.Of(spec, seed: 2).Hash);
    }
}

public sealed class PrevalenceTests
{
    [Theory]
    [InlineData(0.001, null)]
    [InlineData(0.01, null)]
    [InlineData(0.05, null)]
    [InlineData(null, 0.002)]
    [InlineData(0.003, 0.02)]
    public void The_fraud_and_laundering_rates_are_met_within_five_percent(double? fraud, double? laundering)
    {
        LedgerRun run = LedgerRun.Of(LedgerRun.Spec(customers: 10_000, days: 14, fraud: fraud, laundering: laundering));
        FinanceSummary s = run.Simulation.Summary;
        Assert.Equal(run.Entries.Count, s.Posted);
        Assert.Equal(run.Entries.Count(e => e.IsFraud), s.Fraud);
        Assert.Equal(run.Entries.Count(e => e.IsLaundering), s.Laundering);
        Assert.Equal(s.Fraud + s.Laundering, s.ByTypology.Values.Sum());
        Check("fraud", fraud, s.Fraud, s.Posted);
        Check("laundering", laundering, s.Laundering, s.Posted);
    }

    private static void Check(string what, double? target, long labelled, long posted)
    {
        if (target is not { } rate)
        {
            Assert.Equal(0, labelled);
            return;
        }

        double actual = labelled / (double)posted;
        Assert.True(Math.Abs(actual - rate) <= 0.05 * rate, $"{what} rate {actual:P4} against a target of {rate:P4} ({labelled} of {posted})");
    }

    [Fact]
    public void Without_typologies_nothing_is_labelled()
    {
        LedgerRun run = LedgerRun.Of(LedgerRun.Spec(customers: 1_000, days: 3, fraud: null, laundering: null));
        Assert.DoesNotContain(run.Entries, e => e.IsFraud || e.IsLaundering || e.Pattern >= 0);
        Assert.All(run.Accounts.FraudRole, r => Assert.Equal(PartyRole.None, r));
    }
}
