using Sim.Core.Finance;

namespace Sim.Core.Tests.Finance;

/// <summary>One run with every typology scheduled, shared by the property tests.</summary>
public sealed class LedgerFixture
{
    internal LedgerRun Run { get; } = LedgerRun.Of(LedgerRun.Spec(customers: 6_000, days: 21, fraud: 0.01, laundering: 0.01));
}

public sealed class LedgerPropertyTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private LedgerRun Run => fixture.Run;

    [Fact]
    public void Every_entry_debits_one_account_and_credits_another_by_its_amount_and_money_is_conserved()
    {
        Assert.True(Run.Entries.Count > 50_000, $"{Run.Entries.Count} entries");
        var last = new Dictionary<int, long>();
        long Balance(int account) => last.TryGetValue(account, out long b) ? b : Run.Accounts.Opening[account];
        foreach (Entry e in Run.Entries)
        {
            Assert.True(e.Amount > 0, $"entry {e.Id}: amount {e.Amount}");
            Assert.NotEqual(e.From, e.To);
            Assert.Equal(e.FromBefore - e.Amount, e.FromAfter);
            Assert.Equal(e.ToBefore + e.Amount, e.ToAfter);

            // The balances an entry reports are the ledger's: each account's entries chain from its opening balance.
            Assert.Equal(Balance(e.From), e.FromBefore);
            last[e.From] = e.FromAfter;
            Assert.Equal(Balance(e.To), e.ToBefore);
            last[e.To] = e.ToAfter;
        }

        long opening = Run.Accounts.Opening.Sum(), now = 0;
        long[] balances = Run.Simulation.CopyBalances();
        foreach (long b in balances)
        {
            now += b;
        }

        Assert.Equal(opening, now);
        for (int a = 0; a < Run.Accounts.Count; a++)
        {
            Assert.Equal(Balance(a), balances[a]);
        }
    }

    [Fact]
    public void No_balance_leaves_its_limits()
    {
        long[] lowest = [.. Run.Accounts.Opening];
        foreach (Entry e in Run.Entries)
        {
            lowest[e.From] = Math.Min(lowest[e.From], e.FromAfter);
        }

        for (int a = 0; a < Run.Accounts.Count; a++)
        {
            long limit = Run.Accounts.Limit[a];
            if (limit >= 0)
            {
                Assert.True(lowest[a] >= -limit, $"account {a} ({Run.Accounts.Kind[a]}) went to {lowest[a]} with limit {limit}");
            }
        }

        Assert.Contains(Run.Entries, e => e.FromAfter < 0 && Run.Accounts.Kind[e.From] == AccountKind.Credit); // credit is used
    }

    [Fact]
    public void Money_enters_and_leaves_only_through_the_external_accounts_by_their_documented_flows()
    {
        foreach (Entry e in Run.Entries)
        {
            bool fromExternal = Run.Accounts.Kind[e.From] == AccountKind.External, toExternal = Run.Accounts.Kind[e.To] == AccountKind.External;
            switch (e.Type)
            {
                case TransactionType.Salary:
                    Assert.Equal(FinancePopulation.Employers, e.From);
                    break;
                case TransactionType.CashIn:
                    Assert.Equal(FinancePopulation.CashNetwork, e.From);
                    break;
                case TransactionType.CashOut:
                    Assert.Equal(FinancePopulation.CashNetwork, e.To);
                    break;
                default:
                    Assert.False(fromExternal || toExternal, $"entry {e.Id} ({e.Type}) touches an external account");
                    break;
            }

            if (e.Type is TransactionType.CardPresent or TransactionType.CardNotPresent or TransactionType.Payment)
            {
                Assert.Equal(AccountKind.Merchant, Run.Accounts.Kind[e.To]);
                Assert.Equal(e.Merchant, Run.Accounts.Merchant[e.To]);
            }
        }

        Assert.All(Enum.GetValues<TransactionType>(), t => Assert.Contains(Run.Entries, e => e.Type == t));
    }

    [Fact]
    public void Entries_are_in_time_order_inside_the_period_with_consecutive_ids()
    {
        for (int i = 0; i < Run.Entries.Count; i++)
        {
            Entry e = Run.Entries[i];
            Assert.Equal(i + 1, e.Id);
            Assert.InRange(e.Time, Run.Simulation.Start, Run.Simulation.End - 1);
            if (i > 0)
            {
                Assert.True(Run.Entries[i - 1].Time <= e.Time, $"entry {e.Id} is before entry {e.Id - 1}");
            }
        }
    }

    [Fact]
    public void The_transaction_account_and_pattern_tables_agree()
    {
        IReadOnlyList<PatternRecord> patterns = Run.Simulation.Patterns;
        Assert.Equal(TypologyCatalog.All.Count, patterns.Select(p => p.Typology).Distinct().Count()); // every typology made
        foreach (IGrouping<int, Entry> g in Run.Entries.Where(e => e.Pattern >= 0).GroupBy(e => e.Pattern))
        {
            PatternRecord p = patterns[g.Key];
            Assert.Equal(p.Transactions, g.Count());
            Assert.Equal(p.Amount, g.Sum(e => e.Amount));
            Assert.Equal(p.Start, g.Min(e => e.Time));
            Assert.Equal(p.End, g.Max(e => e.Time));
            Assert.All(g, e => Assert.Equal(p.Typology, e.Typology));
            foreach (Entry e in g.Where(e => e.IsFraud || e.IsLaundering))
            {
                Assert.Equal(FinanceNames.IsLaundering(e.Typology), e.IsLaundering);
                Assert.NotEqual(e.IsFraud, e.IsLaundering);
                foreach ((int account, PartyRole role) in new[] { (e.From, e.FromRole), (e.To, e.ToRole) })
                {
                    if (role != PartyRole.None)
                    {
                        Assert.Contains(account, p.Members);
                        PartyRole marked = e.IsLaundering ? Run.Accounts.LaunderingRole[account] : Run.Accounts.FraudRole[account];
                        Assert.NotEqual(PartyRole.None, marked);
                    }
                }
            }
        }

        Assert.All(Run.Entries.Where(e => e.Pattern < 0), e => Assert.True(!e.IsFraud && !e.IsLaundering && e.Typology == Typology.None));
        Assert.All(Run.Entries.Where(e => e.IsLaundering), e => Assert.NotEqual(LaunderingStage.None, e.Stage));
        Assert.All(Run.Entries.Where(e => !e.IsLaundering), e => Assert.Equal(LaunderingStage.None, e.Stage));
    }

    [Fact]
    public void Account_ids_are_unique_and_say_nothing_of_roles()
    {
        Assert.Equal(Run.Accounts.Count, Run.Accounts.Id.Distinct().Count());
        Assert.All(Run.Accounts.Id, id => Assert.Matches("^[CMX][0-9]{10}$", id));

        // Customer accounts with a role and without one share the same prefix and spread of numbers.
        bool Role(int a) => Run.Accounts.FraudRole[a] != PartyRole.None || Run.Accounts.LaunderingRole[a] != PartyRole.None;
        int[] customers = [.. Enumerable.Range(0, Run.Accounts.Count).Where(a => Run.Accounts.Kind[a] is AccountKind.Current or AccountKind.Credit)];
        Assert.All(customers, a => Assert.StartsWith("C", Run.Accounts.Id[a], StringComparison.Ordinal));
        double Mean(IEnumerable<int> accounts) => accounts.Average(a => double.Parse(Run.Accounts.Id[a][1..], System.Globalization.CultureInfo.InvariantCulture));
        double withRole = Mean(customers.Where(Role)), without = Mean(customers.Where(a => !Role(a)));
        Assert.InRange(withRole / without, 0.85, 1.15);
    }
}
