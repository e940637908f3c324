using Sim.Core.Random;

namespace Sim.Core.Finance;

/// <summary>
/// Makes one instance of a typology as the ledger entries it proposes, sized to a budget of labelled entries (the
/// prevalence control's remaining need): the typology's main count (mules, tests, degree, length …) is reduced until
/// the instance fits, and nothing is made when even its smallest shape does not. Every draw comes from the pattern's own
/// random stream (stable id = pattern index), so instances do not depend on anything else being made.
/// </summary>
/// <remarks>
/// Laundering instances go through the three stages: placement (cash paid in, or structured deposits), layering
/// (transfers shaped as the typology says, each intermediary passing on what it received less a commission of 1–3 %)
/// and integration (the money spent at a merchant or taken out in cash). Fraud instances take what the victim's
/// account can cover when they are posted (a card payment beyond the limit is not approved in full).
/// </remarks>
internal sealed class PatternFactory(FinancePopulation population, ulong seed, long start, long end)
{
    /// <summary>Random stream of a pattern (stable id = pattern index).</summary>
    private const uint PatternStream = 20;

    private readonly CounterRng _rng = new(seed);

    /// <summary>
    /// Makes instance <paramref name="index"/> of <paramref name="schedule"/> starting on day <paramref name="day"/> with
    /// at most <paramref name="budget"/> labelled entries; appends its proposals to <paramref name="output"/> and
    /// returns the labelled entries made (0: none fitted) and its members.
    /// </summary>
    public (int Labelled, IReadOnlyList<int> Members) Make(TypologySchedule schedule, int index, int day, int budget, List<Proposal> output)
    {
        RandomStream r = _rng.Stream((ulong)index, PatternStream, 0);
        var maker = new Maker(this, schedule, index, start + (day * 86_400L) + r.NextInt(86_400), r);
        int size = maker.Fit(budget);
        if (size < 0)
        {
            return (0, []);
        }

        maker.Build(size);
        int labelled = 0;
        foreach (Proposal p in maker.Proposals)
        {
            if (p.Time < end)
            {
                output.Add(p);
                labelled += p.IsFraud || p.IsLaundering ? 1 : 0;
            }
        }

        return (labelled, maker.Members);
    }

    /// <summary>The labelled entries of <paramref name="typology"/> at size <paramref name="n"/> (its main count; the
    /// second count of stacks and bipartites is fixed by the schedule).</summary>
    private static int Entries(Typology typology, int n, int second) => typology switch
    {
        Typology.AccountTakeover => 2 * n,
        Typology.CardTesting => n + 1,
        Typology.StolenCardSpree => n,
        Typology.BustOut => (2 * n) + second,
        Typology.CompromisedTerminal => n * second,
        Typology.RefundAbuse => n,
        Typology.FanOut or Typology.FanIn => (2 * n) + 1,
        Typology.Cycle => n + 2,
        Typology.ScatterGather => (2 * n) + 2,
        Typology.GatherScatter => 3 * n,
        Typology.Bipartite => n + (n * second) + second,
        Typology.Stack => second + ((n - 1) * second * second) + second,
        Typology.RandomWalk => n + 2,
        Typology.Structuring => n + 1,
        _ => throw new ArgumentOutOfRangeException(nameof(typology), typology, null),
    };

    /// <summary>The name of a typology's main count parameter and its second one (or null).</summary>
    private static (string Main, string? Second) Counts(Typology typology) => typology switch
    {
        Typology.AccountTakeover => ("mules", null),
        Typology.CardTesting => ("tests", null),
        Typology.StolenCardSpree => ("purchases", null),
        Typology.BustOut => ("build_purchases", "bust_purchases"),
        Typology.CompromisedTerminal => ("cards", "uses"),
        Typology.RefundAbuse => ("refunds", null),
        Typology.FanOut or Typology.FanIn or Typology.ScatterGather or Typology.GatherScatter => ("degree", null),
        Typology.Cycle => ("length", null),
        Typology.Bipartite => ("senders", "receivers"),
        Typology.Stack => ("layers", "width"),
        Typology.RandomWalk => ("hops", null),
        Typology.Structuring => ("deposits", null),
        _ => throw new ArgumentOutOfRangeException(nameof(typology), typology, null),
    };

    /// <summary>The smallest labelled entries an instance of <paramref name="schedule"/> can have.</summary>
    public static int Smallest(TypologySchedule schedule)
    {
        (string main, string? second) = Counts(schedule.Kind);
        return Entries(schedule.Kind, (int)TypologyCatalog.Parameter(schedule.Kind, main).Min, second is null ? 0 : (int)schedule.Get(second));
    }

    private sealed class Maker(PatternFactory factory, TypologySchedule schedule, int index, long t0, RandomStream r)
    {
        private readonly HashSet<int> _used = [];
        private RandomStream _r = r;
        private long _t = t0;

        public List<Proposal> Proposals { get; } = [];

        public List<int> Members { get; } = [];

        private FinancePopulation Population => factory.Population;

        private Typology Kind => schedule.Kind;

        private bool Laundering => FinanceNames.IsLaundering(Kind);

        /// <summary>The largest main count that fits the budget, or −1.</summary>
        public int Fit(int budget)
        {
            (string main, string? second) = Counts(Kind);
            TypologyParameter p = TypologyCatalog.Parameter(Kind, main);
            int other = second is null ? 0 : (int)schedule.Get(second);
            for (int n = (int)schedule.Get(main); n >= (int)p.Min; n--)
            {
                if (Entries(Kind, n, other) <= budget)
                {
                    return n;
                }
            }

            return -1;
        }

        public void Build(int n)
        {
            switch (Kind)
            {
                case Typology.AccountTakeover: AccountTakeover(n); break;
                case Typology.CardTesting: CardTesting(n); break;
                case Typology.StolenCardSpree: StolenCardSpree(n); break;
                case Typology.BustOut: BustOut(n, (int)schedule.Get("bust_purchases")); break;
                case Typology.CompromisedTerminal: CompromisedTerminal(n, (int)schedule.Get("uses")); break;
                case Typology.RefundAbuse: RefundAbuse(n); break;
                case Typology.FanOut: FanOut(n); break;
                case Typology.FanIn: FanIn(n); break;
                case Typology.Cycle: Cycle(n); break;
                case Typology.ScatterGather: ScatterGather(n); break;
                case Typology.GatherScatter: GatherScatter(n); break;
                case Typology.Bipartite: Bipartite(n, (int)schedule.Get("receivers")); break;
                case Typology.Stack: Stack(n, (int)schedule.Get("width")); break;
                case Typology.RandomWalk: RandomWalk(n); break;
                case Typology.Structuring: Structuring(n); break;
                default: throw new ArgumentOutOfRangeException(nameof(n), Kind, null);
            }
        }

        // ---- parties ----

        /// <summary>A customer not yet in this pattern (its index).</summary>
        private int Customer(Func<int, bool>? eligible = null)
        {
            int customers = Population.Customers.Length;
            for (int attempt = 0; attempt < 64; attempt++)
            {
                int c = _r.NextInt(customers);
                if (!_used.Contains(c) && (eligible is null || eligible(c)))
                {
                    _used.Add(c);
                    return c;
                }
            }

            // A tiny or exhausted population: the first free customer in order.
            for (int c = 0; c < customers; c++)
            {
                if (!_used.Contains(c) && (eligible is null || eligible(c)))
                {
                    _used.Add(c);
                    return c;
                }
            }

            return -1;
        }

        /// <summary>A customer's current account, recorded as a member.</summary>
        private int Account(int customer)
        {
            int account = Population.Holdings[customer].Current;
            Members.Add(account);
            return account;
        }

        /// <summary>A customer's card: the credit card when there is one, else the debit card of the current account.</summary>
        private int Card(int customer)
        {
            Holdings h = Population.Holdings[customer];
            int account = h.Credit >= 0 ? h.Credit : h.Current;
            Members.Add(account);
            return account;
        }

        private int Merchant(bool online)
        {
            MerchantProfile[] merchants = Population.Merchants;
            for (int attempt = 0; attempt < 64; attempt++)
            {
                MerchantProfile m = merchants[_r.NextInt(merchants.Length)];
                if (m.Category >= 0 && (!online || m.Online || Population.Spec.Categories[m.Category].OnlineShare >= 0.3))
                {
                    return m.Index;
                }
            }

            return merchants[0].Index;
        }

        // ---- time ----

        private long After(double meanSeconds)
        {
            _t += 1 + (long)_r.Exponential(1 / Math.Max(1, meanSeconds));
            return _t;
        }

        // ---- entries ----

        private ref Proposal Entry(TransactionType type, int from, int to, long amount, AmountRule rule, PartyRole fromRole, PartyRole toRole, LaunderingStage stage, long time)
        {
            var p = new Proposal
            {
                Time = time, Amount = amount, From = from, To = to, Merchant = -1, Pattern = index, Type = type,
                Typology = Kind, FromRole = fromRole, ToRole = toRole, Stage = stage, Rule = rule,
                IsFraud = !Laundering, IsLaundering = Laundering,
            };
            Proposals.Add(p);
            return ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Proposals)[^1];
        }

        private void Payment(int from, int merchant, long amount, AmountRule rule, bool online, PartyRole fromRole, LaunderingStage stage, long time, bool labelled = true)
        {
            ref Proposal p = ref Entry(online ? TransactionType.CardNotPresent : TransactionType.CardPresent, from, Population.Merchants[merchant].Account, amount, rule, fromRole, PartyRole.None, stage, time);
            p.Merchant = merchant;
            p.IsFraud &= labelled;
            p.IsLaundering &= labelled;
        }

        private long Money(string name, double sigma = 0.25) => FinancePopulation.Cents(schedule.Get(name) * Math.Exp(sigma * _r.ZigguratNormal()));

        private static long Share(double share) => (long)Math.Round(share * 1_000_000);

        private double Commission() => 1 - _r.Uniform(0.01, 0.03);

        /// <summary>Uneven split weights that sum to 1.</summary>
        private double[] Split(int n)
        {
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                total += w[i] = _r.Uniform(0.5, 1.5);
            }

            for (int i = 0; i < n; i++)
            {
                w[i] /= total;
            }

            return w;
        }

        private void Placement(int account, long amount, long time, PartyRole role = PartyRole.Fraudster) =>
            Entry(TransactionType.CashIn, FinancePopulation.CashNetwork, account, amount, AmountRule.Fixed, PartyRole.None, role, LaunderingStage.Placement, time);

        private void CashOut(int account, double share, PartyRole role, LaunderingStage stage, long time) =>
            Entry(TransactionType.CashOut, account, FinancePopulation.CashNetwork, Share(share), AmountRule.ShareOfReceived, role, PartyRole.None, stage, time);

        private void Pass(int from, int to, double share, PartyRole fromRole, PartyRole toRole, long time) =>
            Entry(TransactionType.Transfer, from, to, Share(share), AmountRule.ShareOfReceived, fromRole, toRole, LaunderingStage.Layering, time);

        // ---- fraud ----

        private void AccountTakeover(int mules)
        {
            double taken = schedule.Get("share_taken");
            double delay = schedule.Get("cash_out_delay_hours") * 3600;
            int victim = Account(Customer());
            int[] to = [.. Enumerable.Range(0, mules).Select(_ => Account(Customer()))];
            long time = _t;
            for (int j = 0; j < mules; j++)
            {
                // Equal parts of the victim's money at the takeover: part j takes S / (m − j·S) of what is left.
                Entry(TransactionType.Transfer, victim, to[j], Share(taken / (mules - (j * taken))), AmountRule.ShareOfAvailable, PartyRole.Victim, PartyRole.Mule, LaunderingStage.None, time += 30 + _r.NextInt(600));
            }

            for (int j = 0; j < mules; j++)
            {
                CashOut(to[j], Commission(), PartyRole.Mule, LaunderingStage.None, time + 60 + (long)_r.Exponential(1 / Math.Max(60, delay)));
            }
        }

        private void CardTesting(int tests)
        {
            int card = Card(Customer());
            double span = schedule.Get("minutes") * 60;
            long time = _t;
            for (int k = 0; k < tests; k++)
            {
                Payment(card, Merchant(online: true), FinancePopulation.Cents(_r.Uniform(0.01, schedule.Get("test_amount"))), AmountRule.Fixed, true, PartyRole.Victim, LaunderingStage.None, time + (long)(span * k / tests) + _r.NextInt(30));
            }

            Payment(card, Merchant(online: true), Money("hit_amount", 0.5), AmountRule.ClipToAvailable, true, PartyRole.Victim, LaunderingStage.None, time + (long)span + 60 + (long)_r.Exponential(1 / 1800.0));
        }

        private void StolenCardSpree(int purchases)
        {
            int owner = Customer();
            int card = Card(owner);
            CustomerProfile c = Population.Customers[owner];
            double span = schedule.Get("hours") * 3600;
            double factor = schedule.Get("amount_factor");
            long time = _t;
            for (int k = 0; k < purchases; k++)
            {
                int merchant = Merchant(online: false);
                SpendingCategory cat = Population.Spec.Categories[Math.Max(0, Population.Merchants[merchant].Category)];
                long amount = FinancePopulation.Cents(cat.MedianAmount * c.SpendScale * factor * Math.Exp(0.4 * _r.ZigguratNormal()));
                Payment(card, merchant, amount, AmountRule.ClipToAvailable, _r.Bernoulli(0.3), PartyRole.Victim, LaunderingStage.None, time + (long)(span * k / purchases) + _r.NextInt(600));
            }
        }

        private void BustOut(int build, int bust)
        {
            int fraudster = Customer(c => Population.Holdings[c].Credit >= 0);
            if (fraudster < 0)
            {
                fraudster = Customer();
            }

            Holdings h = Population.Holdings[fraudster];
            int card = Card(fraudster);
            int current = h.Current;
            if (current != card)
            {
                Members.Add(current);
            }

            double spacing = schedule.Get("build_days") * 86_400 / build;
            long time = _t;
            for (int k = 0; k < build; k++)
            {
                time += (long)(spacing * _r.Uniform(0.5, 1.5));
                Payment(card, Merchant(online: false), FinancePopulation.Cents(_r.Uniform(15, 80)), AmountRule.Fixed, false, PartyRole.Fraudster, LaunderingStage.None, time);
                Entry(TransactionType.Transfer, current, card, 0, AmountRule.RepayDebt, PartyRole.Fraudster, PartyRole.Fraudster, LaunderingStage.None, time + 86_400 + _r.NextInt(86_400));
            }

            time += 3 * 86_400;
            long limit = Population.Accounts.Limit[card];
            for (int k = 0; k < bust; k++)
            {
                Payment(card, Merchant(online: _r.Bernoulli(0.5)), Math.Max(100, (long)(limit * 1.5 / bust)), AmountRule.ClipToAvailable, _r.Bernoulli(0.5), PartyRole.Fraudster, LaunderingStage.None, time += 600 + _r.NextInt(7_200));
            }
        }

        private void CompromisedTerminal(int cards, int uses)
        {
            int terminal = Merchant(online: false);
            long skimmed = _t;
            double delay = schedule.Get("delay_days") * 86_400;
            for (int k = 0; k < cards; k++)
            {
                int victim = Customer();
                int card = Card(victim);
                long at = skimmed + _r.NextInt(8 * 3600);

                // The skim: the victim's own, genuine purchase at the compromised terminal (not fraud, but in the pattern).
                Payment(card, terminal, FinancePopulation.Cents(30 * Math.Exp(0.6 * _r.ZigguratNormal())), AmountRule.Fixed, false, PartyRole.Victim, LaunderingStage.None, at, labelled: false);
                long use = at + 3600 + (long)_r.Exponential(1 / Math.Max(3600, delay));
                for (int u = 0; u < uses; u++)
                {
                    Payment(card, Merchant(online: true), FinancePopulation.Cents(150 * Math.Exp(0.7 * _r.ZigguratNormal())), AmountRule.ClipToAvailable, true, PartyRole.Victim, LaunderingStage.None, use += 60 + _r.NextInt(3600));
                }
            }
        }

        private void RefundAbuse(int refunds)
        {
            int fraudster = Account(Customer());
            long time = _t;
            for (int k = 0; k < refunds; k++)
            {
                int merchant = Merchant(online: true);
                ref Proposal p = ref Entry(TransactionType.Refund, Population.Merchants[merchant].Account, fraudster, Money("amount", 0.5), AmountRule.ClipToAvailable, PartyRole.None, PartyRole.Fraudster, LaunderingStage.None, time);
                p.Merchant = merchant;
                time = After(86_400);
            }
        }

        // ---- laundering ----

        private void FanOut(int degree)
        {
            long amount = Money("amount");
            int source = Account(Customer());
            int[] receivers = [.. Enumerable.Range(0, degree).Select(_ => Account(Customer()))];
            Placement(source, amount, _t);
            double[] w = Split(degree);
            for (int i = 0; i < degree; i++)
            {
                Entry(TransactionType.Transfer, source, receivers[i], (long)(amount * w[i] * 0.99), AmountRule.Fixed, PartyRole.Fraudster, PartyRole.Mule, LaunderingStage.Layering, After(2 * 3600));
            }

            for (int i = 0; i < degree; i++)
            {
                CashOut(receivers[i], Commission(), PartyRole.Mule, LaunderingStage.Integration, After(6 * 3600));
            }
        }

        private void FanIn(int degree)
        {
            long amount = Money("amount");
            int[] senders = [.. Enumerable.Range(0, degree).Select(_ => Account(Customer()))];
            int target = Account(Customer());
            double[] w = Split(degree);
            for (int i = 0; i < degree; i++)
            {
                Placement(senders[i], (long)(amount * w[i]), After(3 * 3600), PartyRole.Mule);
            }

            for (int i = 0; i < degree; i++)
            {
                Pass(senders[i], target, Commission(), PartyRole.Mule, PartyRole.Beneficiary, After(3 * 3600));
            }

            Entry(TransactionType.CashOut, target, FinancePopulation.CashNetwork, Share(0.95), AmountRule.ShareOfReceived, PartyRole.Beneficiary, PartyRole.None, LaunderingStage.Integration, After(12 * 3600));
        }

        private void Cycle(int length)
        {
            long amount = Money("amount");
            int[] ring = [.. Enumerable.Range(0, length).Select(_ => Account(Customer()))];
            Placement(ring[0], amount, _t);
            for (int i = 0; i < length; i++)
            {
                int from = ring[i], to = ring[(i + 1) % length];
                if (i == 0)
                {
                    Entry(TransactionType.Transfer, from, to, (long)(amount * Commission()), AmountRule.Fixed, PartyRole.Fraudster, PartyRole.Mule, LaunderingStage.Layering, After(3 * 3600));
                }
                else
                {
                    Pass(from, to, Commission(), PartyRole.Mule, to == ring[0] ? PartyRole.Fraudster : PartyRole.Mule, After(3 * 3600));
                }
            }

            Payment(ring[0], Merchant(online: false), (long)(amount * 0.85), AmountRule.ClipToAvailable, false, PartyRole.Fraudster, LaunderingStage.Integration, After(24 * 3600));
        }

        private void ScatterGather(int degree)
        {
            long amount = Money("amount");
            int source = Account(Customer());
            int[] middle = [.. Enumerable.Range(0, degree).Select(_ => Account(Customer()))];
            int target = Account(Customer());
            Placement(source, amount, _t);
            double[] w = Split(degree);
            for (int i = 0; i < degree; i++)
            {
                Entry(TransactionType.Transfer, source, middle[i], (long)(amount * w[i] * 0.99), AmountRule.Fixed, PartyRole.Fraudster, PartyRole.Mule, LaunderingStage.Layering, After(2 * 3600));
            }

            for (int i = 0; i < degree; i++)
            {
                Pass(middle[i], target, Commission(), PartyRole.Mule, PartyRole.Beneficiary, After(4 * 3600));
            }

            Entry(TransactionType.CashOut, target, FinancePopulation.CashNetwork, Share(0.95), AmountRule.ShareOfReceived, PartyRole.Beneficiary, PartyRole.None, LaunderingStage.Integration, After(12 * 3600));
        }

        private void GatherScatter(int degree)
        {
            long amount = Money("amount");
            int[] sources = [.. Enumerable.Range(0, degree).Select(_ => Account(Customer()))];
            int hub = Account(Customer());
            int[] receivers = [.. Enumerable.Range(0, degree).Select(_ => Account(Customer()))];
            double[] w = Split(degree);
            for (int i = 0; i < degree; i++)
            {
                Placement(sources[i], (long)(amount * w[i]), After(2 * 3600), PartyRole.Mule);
            }

            for (int i = 0; i < degree; i++)
            {
                Pass(sources[i], hub, Commission(), PartyRole.Mule, PartyRole.Mule, After(2 * 3600));
            }

            for (int i = 0; i < degree; i++)
            {
                Pass(hub, receivers[i], 0.98 / degree, PartyRole.Mule, PartyRole.Beneficiary, After(2 * 3600)); // all gathered before the first goes out
            }
        }

        private void Bipartite(int senders, int receivers)
        {
            long amount = Money("amount");
            int[] from = [.. Enumerable.Range(0, senders).Select(_ => Account(Customer()))];
            int[] to = [.. Enumerable.Range(0, receivers).Select(_ => Account(Customer()))];
            double[] w = Split(senders);
            for (int i = 0; i < senders; i++)
            {
                Placement(from[i], (long)(amount * w[i]), After(2 * 3600), PartyRole.Mule);
            }

            for (int i = 0; i < senders; i++)
            {
                for (int j = 0; j < receivers; j++)
                {
                    Pass(from[i], to[j], 0.98 / receivers, PartyRole.Mule, PartyRole.Beneficiary, After(3600));
                }
            }

            for (int j = 0; j < receivers; j++)
            {
                CashOut(to[j], 0.95, PartyRole.Beneficiary, LaunderingStage.Integration, After(6 * 3600));
            }
        }

        private void Stack(int layers, int width)
        {
            long amount = Money("amount");
            int[][] layer = [.. Enumerable.Range(0, layers).Select(_ => Enumerable.Range(0, width).Select(_ => Account(Customer())).ToArray())];
            double[] w = Split(width);
            for (int i = 0; i < width; i++)
            {
                Placement(layer[0][i], (long)(amount * w[i]), After(2 * 3600), PartyRole.Mule);
            }

            for (int l = 0; l + 1 < layers; l++)
            {
                PartyRole to = l + 2 == layers ? PartyRole.Beneficiary : PartyRole.Mule;
                for (int i = 0; i < width; i++)
                {
                    for (int j = 0; j < width; j++)
                    {
                        Pass(layer[l][i], layer[l + 1][j], 0.98 / width, PartyRole.Mule, to, After(1800));
                    }
                }
            }

            for (int j = 0; j < width; j++)
            {
                CashOut(layer[^1][j], 0.95, PartyRole.Beneficiary, LaunderingStage.Integration, After(6 * 3600));
            }
        }

        private void RandomWalk(int hops)
        {
            long amount = Money("amount");
            int current = Account(Customer());
            Placement(current, amount, _t);
            for (int h = 0; h < hops; h++)
            {
                int next = Account(Customer());
                if (h == 0)
                {
                    Entry(TransactionType.Transfer, current, next, (long)(amount * Commission()), AmountRule.Fixed, PartyRole.Fraudster, PartyRole.Mule, LaunderingStage.Layering, After(4 * 3600));
                }
                else
                {
                    Pass(current, next, Commission(), PartyRole.Mule, h + 1 == hops ? PartyRole.Beneficiary : PartyRole.Mule, After(4 * 3600));
                }

                current = next;
            }

            CashOut(current, 0.95, PartyRole.Beneficiary, LaunderingStage.Integration, After(12 * 3600));
        }

        private void Structuring(int deposits)
        {
            double threshold = Population.Spec.Observation.ReportingThreshold, margin = schedule.Get("margin");
            int source = Account(Customer());
            int beneficiary = Account(Customer());
            long time = _t;
            for (int k = 0; k < deposits; k++)
            {
                // Just below the threshold: within `margin` of it, never at it.
                long amount = FinancePopulation.Cents(Math.Floor(threshold * (1 - (margin * _r.Uniform(0.05, 1)))));
                Placement(source, Math.Min(amount, FinancePopulation.Cents(threshold) - 100), time);
                time = After(20 * 3600);
            }

            Pass(source, beneficiary, Commission(), PartyRole.Fraudster, PartyRole.Beneficiary, After(24 * 3600));
        }
    }

    private FinancePopulation Population => population;
}
