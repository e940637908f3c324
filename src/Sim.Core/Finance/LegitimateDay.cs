using Sim.Core.Ecs;
using Sim.Core.Random;

namespace Sim.Core.Finance;

/// <summary>
/// One day of legitimate activity for every customer, generated chunk by chunk on all cores: card purchases by
/// category (count from the customer's activity and the day's weekday and month weights, hour from the category's
/// hourly weights, amount log-normal), transfers to acquaintances, cash in and out, bill payments and salaries on pay
/// day. Each customer's draws come from its own random stream for the day, and each chunk writes to its own list, so
/// the result does not depend on the number of threads.
/// </summary>
internal sealed class LegitimateDay
{
    private static readonly QueryDescription CustomersQuery = new QueryDescription().WithAll<CustomerProfile, Holdings>();

    /// <summary>Random stream of a customer's day (stable id = customer, tick = day).</summary>
    private const uint DayStream = 10;

    /// <summary>Random stream of the key of customers' repayment delays.</summary>
    private const uint RepayStream = 11;

    /// <summary>The most days from pay day to a credit card's repayment: each customer settles on the same day after pay
    /// day every month, 1 to 5 days after (its own, uniformly), not all on pay day.</summary>
    private const int MaxRepayDelay = 5;

    private readonly FinancePopulation _population;
    private readonly CounterRng _rng;
    private readonly double[][] _hourly;
    private readonly ulong _repayKey;

    // The day being generated.
    private int _day;
    private long _midnight;
    private double[] _dayShares = [];
    private double _dayRate;
    private bool _payDay;
    private int _sincePayDay; // days since the last pay day, up to MaxRepayDelay; −1 when longer
    private DayProposals? _into;

    public LegitimateDay(FinancePopulation population, ulong seed)
    {
        _population = population;
        _rng = new CounterRng(seed);
        _hourly = [.. population.Spec.Categories.Select(c => Cumulative(c.Hourly))];
        _repayKey = _rng.Stream(0, RepayStream, 0).NextULong();
    }

    /// <summary>Generates day <paramref name="day"/> (0-based) into <paramref name="into"/>'s chunk lists (each emptied
    /// first).</summary>
    public void Generate(int day, long midnight, DateOnly date, DayProposals into)
    {
        _into = into;
        _day = day;
        _midnight = midnight;
        int weekday = ((int)date.DayOfWeek + 6) % 7; // Monday = 0
        IReadOnlyList<SpendingCategory> categories = _population.Spec.Categories;
        // A category's share today: its share times its weekday and month weights (each relative to its mean); the day's
        // purchase rate scales by how the day's total compares with an average day's.
        double[] today = [.. categories.Select(c => c.Share * (c.Weekday[weekday] / c.Weekday.Average()) * (c.Monthly[date.Month - 1] / c.Monthly.Average()))];
        _dayRate = today.Sum() / categories.Sum(c => c.Share);
        _dayShares = Cumulative(today);
        _sincePayDay = -1;
        for (int k = 0; k <= MaxRepayDelay && _sincePayDay < 0; k++)
        {
            _sincePayDay = date.AddDays(-k).Day == _population.Spec.Behaviour.PayDay ? k : -1;
        }

        _payDay = _sincePayDay == 0;
        int chunks = _population.World.Query(CustomersQuery).ChunkCount;
        while (into.Chunks.Count < chunks)
        {
            into.Chunks.Add(new ProposalList(into.Store));
        }

        if (_payDay && into.SalarySecond.Length != _population.Customers.Length)
        {
            throw new InvalidOperationException($"the day's salary table holds {into.SalarySecond.Length} customers, not {_population.Customers.Length}");
        }

        _population.World.ParallelQuery(CustomersQuery, new Job(this));
        into.HasSalaries = _payDay;
    }

    private readonly struct Job(LegitimateDay day) : IChunkJob
    {
        public void Execute(in Chunk chunk, CommandBuffer commands)
        {
            ProposalList list = day._into!.Chunks[chunk.Index];
            list.Clear();
            Span<CustomerProfile> profiles = chunk.GetSpan<CustomerProfile>();
            Span<Holdings> holdings = chunk.GetSpan<Holdings>();
            for (int i = 0; i < profiles.Length; i++)
            {
                day.Customer(profiles[i], holdings[i], list);
            }
        }
    }

    private void Customer(in CustomerProfile c, in Holdings h, ProposalList list)
    {
        FinanceBehaviour b = _population.Spec.Behaviour;
        RandomStream r = _rng.Stream((ulong)c.Index, DayStream, _day);
        double activity = c.Activity;

        if (_payDay)
        {
            // Only the second: the posting makes the entry (FinanceSimulation.Salary), from the customer's income.
            _into!.SalarySecond[c.Index] = (6 * 3600) + r.NextInt(3 * 3600);
        }

        // Card purchases.
        int purchases = r.PoissonByInversion(b.PurchasesPerDay * activity * _dayRate);
        IReadOnlyList<SpendingCategory> categories = _population.Spec.Categories;
        for (int k = 0; k < purchases; k++)
        {
            int category = Draw(ref r, _dayShares);
            SpendingCategory cat = categories[category];
            int[] merchants = _population.MerchantsByCategoryRegion[category][Chance(ref r, 0.85) ? c.Region : r.NextInt(_population.Regions)];
            if (merchants.Length == 0)
            {
                continue;
            }

            int merchant = merchants[r.NextInt(merchants.Length)];
            MerchantProfile m = _population.Merchants[merchant];
            bool online = m.Online || Chance(ref r, cat.OnlineShare);
            ref Proposal p = ref list.Add();
            p.Time = _midnight + (Draw(ref r, _hourly[category]) * 3600) + r.NextInt(3600);
            p.Amount = FinancePopulation.Cents(cat.MedianAmount * c.SpendScale * Math.Exp(cat.AmountSigma * r.ZigguratNormal()));
            p.From = h.Credit >= 0 && Chance(ref r, 0.45) ? h.Credit : h.Current;
            p.To = m.Account;
            p.Merchant = merchant;
            p.Type = online ? TransactionType.CardNotPresent : TransactionType.CardPresent;
            p.RefundLater = Chance(ref r, b.RefundShare);
        }

        // Transfers to acquaintances: customers whose numbers are near (a neighbourhood of the social graph) or any.
        int transfers = r.PoissonByInversion(b.TransfersPerMonth / 30 * activity);
        int customers = _population.Customers.Length;
        for (int k = 0; k < transfers && customers > 1; k++)
        {
            int other = Chance(ref r, 0.7) ? (int)((c.Index + 1 + (long)r.NextInt(50) + customers) % customers) : r.NextInt(customers);
            if (other == c.Index)
            {
                continue;
            }

            ref Proposal p = ref list.Add();
            p.Time = _midnight + (Draw(ref r, Evening) * 3600) + r.NextInt(3600);
            p.Amount = FinancePopulation.Cents(Math.Round(60 * Math.Exp(0.9 * r.ZigguratNormal())));
            p.From = h.Current;
            p.To = _population.Holdings[other].Current;
            p.Type = TransactionType.Transfer;
        }

        // Cash: withdrawals in round amounts, occasional deposits.
        int cashOut = r.PoissonByInversion(b.CashOutPerMonth / 30 * activity);
        for (int k = 0; k < cashOut; k++)
        {
            ref Proposal p = ref list.Add();
            p.Time = _midnight + (Draw(ref r, Daytime) * 3600) + r.NextInt(3600);
            p.Amount = 100 * 20 * (1 + r.NextInt(10));
            p.From = h.Current;
            p.To = FinancePopulation.CashNetwork;
            p.Type = TransactionType.CashOut;
        }

        if (Chance(ref r, b.CashInPerMonth / 30))
        {
            ref Proposal p = ref list.Add();
            p.Time = _midnight + (Draw(ref r, Daytime) * 3600) + r.NextInt(3600);
            p.Amount = FinancePopulation.Cents(Math.Round(150 * Math.Exp(0.8 * r.ZigguratNormal())));
            p.From = FinancePopulation.CashNetwork;
            p.To = h.Current;
            p.Type = TransactionType.CashIn;
        }

        // Bills.
        int bills = r.PoissonByInversion(b.BillsPerMonth / 30);
        int[] billers = _population.Billers;
        for (int k = 0; k < bills && billers.Length > 0; k++)
        {
            int biller = billers[r.NextInt(billers.Length)];
            ref Proposal p = ref list.Add();
            p.Time = _midnight + (Draw(ref r, Daytime) * 3600) + r.NextInt(3600);
            p.Amount = FinancePopulation.Cents(55 * Math.Exp(0.6 * r.ZigguratNormal()));
            p.From = h.Current;
            p.To = _population.Merchants[biller].Account;
            p.Merchant = biller;
            p.Type = TransactionType.Payment;
        }

        // Credit-card repayment a few days after pay day (the customer's own delay): the month's spending settled from the
        // current account.
        if (h.Credit >= 0 && _sincePayDay > 0 && _sincePayDay == RepayDelay(c.Index))
        {
            ref Proposal p = ref list.Add();
            p.Time = _midnight + (20 * 3600) + r.NextInt(3600);
            p.Amount = 0; // settled at posting: what the card owes
            p.From = h.Current;
            p.To = h.Credit;
            p.Type = TransactionType.Transfer;
            p.Rule = AmountRule.RepayDebt;
        }
    }

    /// <summary>Days from pay day to customer <paramref name="index"/>'s card repayment, 1 to <see cref="MaxRepayDelay"/>
    /// (a keyed hash: the same every month, and no draw from the customer's streams).</summary>
    private int RepayDelay(int index) => 1 + Math.Min(MaxRepayDelay - 1, (int)(KeyedHash.Uniform(_repayKey, (ulong)index) * MaxRepayDelay));

    /// <summary>Cumulative hourly weights of transfers (evenings).</summary>
    private static readonly double[] Evening = Cumulative([0.3, 0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.6, 0.8, 1, 1, 1.1, 1.3, 1.2, 1.1, 1.1, 1.2, 1.5, 1.9, 2.2, 2.3, 2, 1.4, 0.7]);

    /// <summary>Cumulative hourly weights of cash and bills (daytime).</summary>
    private static readonly double[] Daytime = Cumulative([0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.3, 0.8, 1.4, 1.8, 2, 2, 2, 1.9, 1.8, 1.8, 1.9, 2, 1.8, 1.3, 0.8, 0.5, 0.2, 0.1]);

    /// <summary>Weights as a cumulative distribution: running sums divided by the total, the last exactly 1.</summary>
    private static double[] Cumulative(IReadOnlyList<double> weights)
    {
        double total = weights.Sum(), running = 0;
        double[] c = new double[weights.Count];
        for (int i = 0; i < c.Length; i++)
        {
            running += weights[i];
            c[i] = running / total;
        }

        c[^1] = 1;
        return c;
    }

    /// <summary>True with probability <paramref name="p"/> (clamped to [0, 1]), from one value of the stream.</summary>
    private static bool Chance(ref RandomStream r, double p) => r.NextSingle() < p;

    /// <summary>An index drawn from a cumulative distribution (24-bit uniform: one value of the stream).</summary>
    private static int Draw(ref RandomStream r, double[] cumulative)
    {
        double u = r.NextSingle();
        int i = 0;
        while (cumulative[i] <= u && i < cumulative.Length - 1)
        {
            i++;
        }

        return i;
    }
}
