using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Export.Tests.Ledger;

/// <summary>
/// A small, balanced ledger for writer tests: 40 customers with current accounts (10 with credit cards), 10 merchants,
/// the cash network and the employers; every transaction type; running balances (some below zero); an account-takeover
/// fraud (a victim drained to 0 by a transfer to a mule, who cashes out) and a laundering fan-out every 250 entries, with
/// alerts and late fraud reports; one transfer above PaySim's 200,000 flag. Deterministic for a seed.
/// </summary>
internal sealed class LedgerTestData
{
    public const int Customers = 40;
    public const int CreditCards = 10;
    public const int Merchants = 10;
    public const int CashNetwork = Customers + CreditCards + Merchants;
    public const int Employers = CashNetwork + 1;

    public static readonly DateOnly Start = new(2026, 1, 5);

    private LedgerTestData(LedgerContext context, List<TransactionBatch> batches, List<PatternRecord> patterns)
    {
        Context = context;
        Batches = batches;
        Patterns = patterns;
    }

    public LedgerContext Context { get; }

    public List<TransactionBatch> Batches { get; }

    public List<PatternRecord> Patterns { get; }

    public int Entries => Batches.Sum(b => b.Count);

    public static AccountTable Accounts(Func<int, string>? id = null)
    {
        var a = new AccountTable(Employers + 1);
        for (int i = 0; i < a.Count; i++)
        {
            (AccountKind kind, int owner, int merchant, string prefix) = i switch
            {
                < Customers => (AccountKind.Current, i, -1, "C"),
                < Customers + CreditCards => (AccountKind.Credit, i - Customers, -1, "C"),
                < CashNetwork => (AccountKind.Merchant, -1, i - Customers - CreditCards, "M"),
                _ => (AccountKind.External, -1, -1, "X"),
            };
            a.Id[i] = id?.Invoke(i) ?? prefix + ((i * 7_919_113L + 1_234_567L) % 10_000_000_000L).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            a.Kind[i] = kind;
            a.Owner[i] = owner;
            a.Merchant[i] = merchant;
            a.Opening[i] = kind is AccountKind.Current ? 150_000 + (i * 1_001) : 0;
            a.Limit[i] = kind switch
            {
                AccountKind.Current => i % 2 == 0 ? 50_000 : 0,
                AccountKind.Credit => 250_000,
                AccountKind.Merchant => 0,
                _ => -1,
            };
        }

        return a;
    }

    public static LedgerTestData Create(int entries = 3_000, int batchSize = 1_000, int seed = 7, Func<int, string>? id = null)
    {
        AccountTable accounts = Accounts(id);
        var context = new LedgerContext(accounts, "EUR", Start);
        var random = new Random(seed);
        long[] balance = [.. accounts.Opening];
        var batches = new List<TransactionBatch>();
        var patterns = new List<PatternRecord>();
        var members = new List<int>();
        (int Index, long Start, long End, int Count, long Amount) open = (-1, 0, 0, 0, 0);
        TransactionBatch batch = new(batchSize);
        long time = context.StartUnixSeconds + 3_600 + 7;
        int plan = 0; // steps left of the pattern being posted

        void Post(TransactionType type, int from, int to, long amount, int merchant, Action<TransactionBatch, int>? label = null)
        {
            if (batch.Count == batchSize)
            {
                batches.Add(batch);
                batch = new TransactionBatch(batchSize);
            }

            int i = batch.Count++;
            time += 30 + random.Next(600);
            batch.Id[i] = batches.Count * batchSize + i + 1;
            batch.Time[i] = time;
            batch.Amount[i] = amount;
            batch.Type[i] = type;
            batch.From[i] = from;
            batch.To[i] = to;
            batch.Merchant[i] = merchant;
            batch.Pattern[i] = -1;
            batch.FromBefore[i] = balance[from];
            batch.FromAfter[i] = balance[from] -= amount;
            batch.ToBefore[i] = balance[to];
            batch.ToAfter[i] = balance[to] += amount;
            batch.Alert[i] = amount >= 500_000 ? AlertRule.LargeAmount : AlertRule.None;
            batch.ReportedAt[i] = random.Next(2_000) == 0 ? time + 86_400 : 0;
            batch.Typology[i] = Typology.None;
            batch.FromRole[i] = batch.ToRole[i] = PartyRole.None;
            batch.Stage[i] = LaunderingStage.None;
            batch.IsFraud[i] = batch.IsLaundering[i] = false;
            label?.Invoke(batch, i);
            if (batch.Pattern[i] >= 0)
            {
                open = (open.Index, open.Count == 0 ? time : open.Start, time, open.Count + 1, open.Amount + amount);
            }
        }

        void Close()
        {
            if (open.Index >= 0)
            {
                patterns.Add(new PatternRecord(open.Index, batch.Typology[batch.Count - 1], [.. members], open.Start, open.End, open.Count, open.Amount));
                open = (-1, 0, 0, 0, 0);
            }
        }

        Action<TransactionBatch, int> Fraud(PartyRole fromRole, PartyRole toRole, AlertRule alert = AlertRule.None) => (b, i) =>
        {
            (b.Pattern[i], b.Typology[i], b.IsFraud[i], b.FromRole[i], b.ToRole[i]) = (open.Index, Typology.AccountTakeover, true, fromRole, toRole);
            b.Alert[i] = alert == AlertRule.None ? b.Alert[i] : alert;
            b.ReportedAt[i] = random.Next(4) == 0 ? 0 : b.Time[i] + 3 * 86_400;
        };

        Action<TransactionBatch, int> Laundering(LaunderingStage stage) => (b, i) =>
            (b.Pattern[i], b.Typology[i], b.IsLaundering[i], b.FromRole[i], b.ToRole[i], b.Stage[i]) = (open.Index, Typology.FanOut, true, PartyRole.Fraudster, PartyRole.Mule, stage);

        int posted = 0;
        while (posted < entries)
        {
            if (posted % 250 == 125 && plan == 0)
            {
                // Account takeover: the victim's balance goes to a mule in one transfer (to exactly 0), the mule takes it out.
                int victim = random.Next(Customers), mule = (victim + 1 + random.Next(Customers - 1)) % Customers;
                open = (patterns.Count, 0, 0, 0, 0);
                members.Clear();
                members.AddRange([victim, mule]);
                long all = Math.Max(balance[victim], 1);
                Post(TransactionType.Transfer, victim, mule, all, -1, Fraud(PartyRole.Victim, PartyRole.Mule, AlertRule.RapidDrain));
                Post(TransactionType.CashOut, mule, CashNetwork, all, -1, Fraud(PartyRole.Mule, PartyRole.None));
                Close();
                posted += 2;
                continue;
            }

            if (posted % 250 == 0 && posted > 0 && plan == 0)
            {
                // Laundering fan-out: one account sends to three.
                int source = random.Next(Customers);
                open = (patterns.Count, 0, 0, 0, 0);
                members.Clear();
                members.Add(source);
                for (int k = 1; k <= 3; k++)
                {
                    int mule = (source + k) % Customers;
                    members.Add(mule);
                    Post(TransactionType.Transfer, source, mule, 90_000 + random.Next(9_000), -1, Laundering(LaunderingStage.Layering));
                }

                Close();
                posted += 3;
                continue;
            }

            if (posted is 1_100 or 1_101)
            {
                // Either side of PaySim's flag: 200,000.01 is flagged, 200,000.00 is not.
                Post(TransactionType.Transfer, posted - 1_100, 2, posted == 1_100 ? 20_000_001 : 20_000_000, -1);
                posted++;
                continue;
            }

            int customer = random.Next(Customers + CreditCards), merchant = random.Next(Merchants), merchantAccount = Customers + CreditCards + merchant;
            long amount = 100 + random.Next(20_000);
            switch (random.Next(12))
            {
                case 0 or 1 or 2:
                    Post(TransactionType.CardPresent, customer, merchantAccount, amount, merchant);
                    break;
                case 3 or 4:
                    Post(TransactionType.CardNotPresent, customer, merchantAccount, amount, merchant);
                    break;
                case 5:
                    Post(TransactionType.Transfer, customer % Customers, random.Next(Customers), amount * 3, -1);
                    break;
                case 6:
                    Post(TransactionType.CashIn, CashNetwork, customer % Customers, amount * 5, -1);
                    break;
                case 7:
                    Post(TransactionType.CashOut, customer % Customers, CashNetwork, amount, -1);
                    break;
                case 8:
                    Post(TransactionType.Payment, customer % Customers, merchantAccount, amount * 4, merchant);
                    break;
                case 9:
                    Post(TransactionType.Salary, Employers, customer % Customers, 240_000 + amount, -1);
                    break;
                case 10:
                    Post(TransactionType.Refund, merchantAccount, customer, amount, merchant);
                    break;
                default:
                    Post(TransactionType.Chargeback, merchantAccount, customer, amount, merchant);
                    break;
            }

            posted++;
        }

        batches.Add(batch);
        return new LedgerTestData(context, batches, patterns);
    }

    /// <summary>Every entry of <paramref name="batches"/> as one batch.</summary>
    public static TransactionBatch Concat(IEnumerable<TransactionBatch> batches)
    {
        List<TransactionBatch> all = [.. batches];
        var b = new TransactionBatch(all.Sum(x => x.Count));
        foreach (TransactionBatch x in all)
        {
            int n = x.Count, at = b.Count;
            x.Id.AsSpan(0, n).CopyTo(b.Id.AsSpan(at));
            x.Time.AsSpan(0, n).CopyTo(b.Time.AsSpan(at));
            x.Amount.AsSpan(0, n).CopyTo(b.Amount.AsSpan(at));
            x.From.AsSpan(0, n).CopyTo(b.From.AsSpan(at));
            x.To.AsSpan(0, n).CopyTo(b.To.AsSpan(at));
            x.Merchant.AsSpan(0, n).CopyTo(b.Merchant.AsSpan(at));
            x.Pattern.AsSpan(0, n).CopyTo(b.Pattern.AsSpan(at));
            x.Type.AsSpan(0, n).CopyTo(b.Type.AsSpan(at));
            x.Typology.AsSpan(0, n).CopyTo(b.Typology.AsSpan(at));
            x.FromRole.AsSpan(0, n).CopyTo(b.FromRole.AsSpan(at));
            x.ToRole.AsSpan(0, n).CopyTo(b.ToRole.AsSpan(at));
            x.Stage.AsSpan(0, n).CopyTo(b.Stage.AsSpan(at));
            x.IsFraud.AsSpan(0, n).CopyTo(b.IsFraud.AsSpan(at));
            x.IsLaundering.AsSpan(0, n).CopyTo(b.IsLaundering.AsSpan(at));
            x.FromBefore.AsSpan(0, n).CopyTo(b.FromBefore.AsSpan(at));
            x.FromAfter.AsSpan(0, n).CopyTo(b.FromAfter.AsSpan(at));
            x.ToBefore.AsSpan(0, n).CopyTo(b.ToBefore.AsSpan(at));
            x.ToAfter.AsSpan(0, n).CopyTo(b.ToAfter.AsSpan(at));
            x.Alert.AsSpan(0, n).CopyTo(b.Alert.AsSpan(at));
            x.ReportedAt.AsSpan(0, n).CopyTo(b.ReportedAt.AsSpan(at));
            b.Count += n;
        }

        return b;
    }

    /// <summary>Asserts that two sequences of batches hold the same entries, column by column.</summary>
    public static void AssertSameEntries(IEnumerable<TransactionBatch> expected, IEnumerable<TransactionBatch> actual)
    {
        TransactionBatch e = Concat(expected), a = Concat(actual);
        Assert.Equal(e.Count, a.Count);
        int n = e.Count;
        Assert.Equal(e.Id.AsSpan(0, n).ToArray(), a.Id.AsSpan(0, n).ToArray());
        Assert.Equal(e.Time.AsSpan(0, n).ToArray(), a.Time.AsSpan(0, n).ToArray());
        Assert.Equal(e.Amount.AsSpan(0, n).ToArray(), a.Amount.AsSpan(0, n).ToArray());
        Assert.Equal(e.From.AsSpan(0, n).ToArray(), a.From.AsSpan(0, n).ToArray());
        Assert.Equal(e.To.AsSpan(0, n).ToArray(), a.To.AsSpan(0, n).ToArray());
        Assert.Equal(e.Merchant.AsSpan(0, n).ToArray(), a.Merchant.AsSpan(0, n).ToArray());
        Assert.Equal(e.Pattern.AsSpan(0, n).ToArray(), a.Pattern.AsSpan(0, n).ToArray());
        Assert.Equal(e.Type.AsSpan(0, n).ToArray(), a.Type.AsSpan(0, n).ToArray());
        Assert.Equal(e.Typology.AsSpan(0, n).ToArray(), a.Typology.AsSpan(0, n).ToArray());
        Assert.Equal(e.FromRole.AsSpan(0, n).ToArray(), a.FromRole.AsSpan(0, n).ToArray());
        Assert.Equal(e.ToRole.AsSpan(0, n).ToArray(), a.ToRole.AsSpan(0, n).ToArray());
        Assert.Equal(e.Stage.AsSpan(0, n).ToArray(), a.Stage.AsSpan(0, n).ToArray());
        Assert.Equal(e.IsFraud.AsSpan(0, n).ToArray(), a.IsFraud.AsSpan(0, n).ToArray());
        Assert.Equal(e.IsLaundering.AsSpan(0, n).ToArray(), a.IsLaundering.AsSpan(0, n).ToArray());
        Assert.Equal(e.FromBefore.AsSpan(0, n).ToArray(), a.FromBefore.AsSpan(0, n).ToArray());
        Assert.Equal(e.FromAfter.AsSpan(0, n).ToArray(), a.FromAfter.AsSpan(0, n).ToArray());
        Assert.Equal(e.ToBefore.AsSpan(0, n).ToArray(), a.ToBefore.AsSpan(0, n).ToArray());
        Assert.Equal(e.ToAfter.AsSpan(0, n).ToArray(), a.ToAfter.AsSpan(0, n).ToArray());
        Assert.Equal(e.Alert.AsSpan(0, n).ToArray(), a.Alert.AsSpan(0, n).ToArray());
        Assert.Equal(e.ReportedAt.AsSpan(0, n).ToArray(), a.ReportedAt.AsSpan(0, n).ToArray());
    }

    /// <summary>Writes every batch through <paramref name="writer"/> and completes it.</summary>
    public void WriteAll(ILedgerWriter writer)
    {
        foreach (TransactionBatch b in Batches)
        {
            writer.Append(b);
        }

        writer.Complete();
    }
}
