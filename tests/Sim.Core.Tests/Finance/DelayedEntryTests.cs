using Sim.Core.Finance;

namespace Sim.Core.Tests.Finance;

/// <summary>Entries that follow others: refunds (possibly the same day) and credit-card repayments after pay day.</summary>
public class DelayedEntryTests
{
    [Fact]
    public void Refunds_due_the_same_day_as_their_purchase_are_posted_that_day_at_the_refund_share()
    {
        // A refund an hour and a half after its purchase on average: most fall on the purchase's own day, which is being
        // posted when the refund is made. They must be posted among that day's entries, in time order, not dropped.
        FinanceSpec spec = LedgerRun.Spec(customers: 3_000, days: 4, fraud: null, laundering: null) with
        {
            Behaviour = FinanceSpec.Default.Behaviour with { RefundShare = 0.05, RefundDelayDays = 0.02 },
        };
        LedgerRun run = LedgerRun.Of(spec);
        int card = run.Entries.Count(e => e.Type is TransactionType.CardPresent or TransactionType.CardNotPresent);
        List<Entry> refunds = [.. run.Entries.Where(e => e.Type == TransactionType.Refund)];
        Assert.True(card > 10_000, $"{card} card payments");

        // 5 % of card payments, less those whose refund would fall after the period (a few percent on the last day):
        // about 600 refunds, a binomial standard deviation of 4 % of the count, so ± 20 % is five of them. Dropping the
        // same-day refunds (most of them) would leave well under half.
        double share = refunds.Count / (double)card;
        Assert.InRange(share, 0.05 * 0.8, 0.05 * 1.2);
        int sameDay = refunds.Count(r => run.Entries.Any(e => e.Type != TransactionType.Refund && e.From == r.To && e.To == r.From && e.Amount == r.Amount
            && e.Time < r.Time && (e.Time - run.Simulation.Start) / 86_400 == (r.Time - run.Simulation.Start) / 86_400));
        Assert.True(sameDay > refunds.Count / 2, $"only {sameDay} of {refunds.Count} refunds on their purchase's day");
        for (int i = 1; i < run.Entries.Count; i++)
        {
            Assert.True(run.Entries[i - 1].Time <= run.Entries[i].Time, $"entry {run.Entries[i].Id} is before entry {run.Entries[i - 1].Id}");
        }
    }

    [Theory]
    [InlineData(1)] // the next day generated after this one is posted
    [InlineData(2)] // the next day generated while this one is posted
    public void On_pay_day_every_customer_is_paid_its_income_once_between_six_and_nine_among_the_days_entries(int threads)
    {
        // Salaries are not proposals (a million of them set a run's peak memory): the posting makes them from the
        // customers' incomes, merged in time order with the day's other entries.
        LedgerRun run = LedgerRun.Of(LedgerRun.Spec(customers: 3_000, days: 9, fraud: 0.01, laundering: 0.005), threads: threads, batchRows: 997);
        FinancePopulation population = run.Simulation.Population;
        List<Entry> salaries = [.. run.Entries.Where(e => e.Type == TransactionType.Salary)];
        Assert.Equal(population.Customers.Length, salaries.Count);
        Assert.Equal(Enumerable.Range(0, population.Customers.Length).Select(c => population.Holdings[c].Current).Order(), salaries.Select(e => e.To).Order());
        long midnight = new DateTimeOffset(2026, 1, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.All(salaries, e =>
        {
            Assert.InRange(e.Time - midnight, 6 * 3600, (9 * 3600) - 1);
            Assert.Equal(FinancePopulation.Employers, e.From);
            int customer = Owner(e.To);
            Assert.Equal(population.Customers[customer].MonthlyIncome, e.Amount);
            Assert.Equal(e.ToBefore + e.Amount, e.ToAfter);
        });

        // Interleaved with the morning's purchases, not posted as a block before or after them.
        List<Entry> morning = [.. run.Entries.Where(e => e.Time >= midnight + (6 * 3600) && e.Time < midnight + (9 * 3600))];
        int switches = morning.Zip(morning.Skip(1)).Count(p => (p.First.Type == TransactionType.Salary) != (p.Second.Type == TransactionType.Salary));
        Assert.True(switches > 100, $"{switches} changes between salaries and other entries in {morning.Count} morning entries");
        Assert.Equal(run.Entries.Select(e => e.Time).Order(), run.Entries.Select(e => e.Time));

        int Owner(int account) => run.Accounts.Owner[account];
    }

    [Fact]
    public void Credit_cards_are_repaid_one_to_five_days_after_pay_day_each_customer_on_its_own_day()
    {
        // 19 January to 1 February 2026: pay day on the 25th.
        LedgerRun run = LedgerRun.Of(LedgerRun.Spec(customers: 2_000, days: 14, fraud: null, laundering: null));
        AccountTable accounts = run.Accounts;
        List<Entry> repayments = [.. run.Entries.Where(e => e.Type == TransactionType.Transfer && accounts.Kind[e.To] == AccountKind.Credit
            && accounts.Owner[e.To] == accounts.Owner[e.From] && accounts.Kind[e.From] == AccountKind.Current)];
        int holders = Enumerable.Range(0, accounts.Count).Count(a => accounts.Kind[a] == AccountKind.Credit);
        Assert.True(holders > 400, $"{holders} credit cards");

        var payDay = new DateOnly(2026, 1, 25);
        var days = repayments.Select(e => DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(e.Time))).ToList();
        Assert.All(days, d => Assert.InRange(d.DayNumber - payDay.DayNumber, 1, 5));

        // Each day gets about a fifth of them (some cards owe nothing and repay nothing).
        foreach (IGrouping<DateOnly, DateOnly> day in days.GroupBy(d => d))
        {
            Assert.InRange(day.Count(), repayments.Count / 5 * 0.75, repayments.Count / 5 * 1.25);
        }

        Assert.Equal(5, days.Distinct().Count());

        // And no customer repays twice in one month.
        Assert.Equal(repayments.Count, repayments.Select(e => e.From).Distinct().Count());
    }
}
