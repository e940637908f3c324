using System.Globalization;
using Sim.Core.Ecs;
using Sim.Core.Random;

namespace Sim.Core.Finance;

/// <summary>
/// The agents of a financial scenario: customers, merchants and accounts as ECS entities (<see cref="CustomerProfile"/>
/// + <see cref="Holdings"/>, <see cref="MerchantProfile"/>, <see cref="BankAccount"/>), and the account table and
/// lookup arrays the day loop reads. Every draw is a pure function of (seed, agent index), so the same scenario and seed
/// give the same population whatever the thread count.
/// </summary>
/// <remarks>Account numbers: 0 is the employers (external), 1 the cash network (external), then every customer's
/// current account, the credit-card accounts, and the merchants' settlement accounts. Public ids come from a keyed
/// permutation, so an id says nothing of an account's number, kind of owner or role.</remarks>
public sealed class FinancePopulation
{
    /// <summary>The employers' external account: salaries come from it.</summary>
    public const int Employers = 0;

    /// <summary>The cash network's external account: cash deposits come from it, withdrawals go to it.</summary>
    public const int CashNetwork = 1;

    /// <summary>Customers per region.</summary>
    public const int CustomersPerRegion = 2_000;

    /// <summary>Random stream numbers for population draws (stable id = agent index).</summary>
    private const uint CustomerStream = 1, MerchantStream = 2;

    private FinancePopulation(FinanceSpec spec, World world, AccountTable accounts, CustomerProfile[] customers, Holdings[] holdings, MerchantProfile[] merchants, int[][][] merchantsByCategoryRegion, int[] billers, int regions)
    {
        Spec = spec;
        World = world;
        Accounts = accounts;
        Customers = customers;
        Holdings = holdings;
        Merchants = merchants;
        MerchantsByCategoryRegion = merchantsByCategoryRegion;
        Billers = billers;
        Regions = regions;
    }

    /// <summary>The scenario.</summary>
    public FinanceSpec Spec { get; }

    /// <summary>The ECS world holding the agents.</summary>
    public World World { get; }

    /// <summary>Every account.</summary>
    public AccountTable Accounts { get; }

    /// <summary>Customer profiles by index (the same values as the entities' components, for the day loop).</summary>
    public CustomerProfile[] Customers { get; }

    /// <summary>Each customer's accounts.</summary>
    public Holdings[] Holdings { get; }

    /// <summary>Merchant profiles by index.</summary>
    public MerchantProfile[] Merchants { get; }

    /// <summary>Merchants (indices) by category, then region; a region with none of a category borrows the whole
    /// category's list.</summary>
    public int[][][] MerchantsByCategoryRegion { get; }

    /// <summary>The merchants that take bill payments.</summary>
    public int[] Billers { get; }

    /// <summary>Regions.</summary>
    public int Regions { get; }

    /// <summary>Builds the population of <paramref name="spec"/> with <paramref name="seed"/>, customers and account ids
    /// drawn on up to <paramref name="threads"/> threads (each from its own stream: the same population for any
    /// number).</summary>
    public static FinancePopulation Build(FinanceSpec spec, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var rng = new CounterRng(seed);
        int customers = spec.Customers, merchants = spec.Merchants;
        int regions = Math.Max(1, customers / CustomersPerRegion);
        FinanceBehaviour b = spec.Behaviour;

        // Customers first: who holds a credit card decides how many accounts there are.
        var profiles = new CustomerProfile[customers];
        var hasCredit = new bool[customers];
        var creditLimit = new long[customers];
        var opening = new long[customers];
        var overdraft = new long[customers];
        Parallel.For(0, customers, parallel, i =>
        {
            RandomStream r = rng.Stream((ulong)i, CustomerStream, 0);
            byte age = (byte)Pick(ref r, [0.12, 0.2, 0.27, 0.24, 0.17]);
            byte segment = (byte)Pick(ref r, [0.7, 0.1, 0.12, 0.08]);
            double incomeFactor = segment switch { 1 => 2.2, 2 => 0.45, 3 => 1.4, _ => 1.0 } * (age == 0 ? 0.7 : age == 4 ? 0.8 : 1.0);
            long income = Cents(b.MedianMonthlyIncome * incomeFactor * Math.Exp(b.IncomeSigma * r.ZigguratNormal()));
            float activity = (float)Math.Exp((0.5 * r.ZigguratNormal()) - 0.125);
            float spend = (float)Math.Clamp(Math.Pow(income / Math.Max(1, Cents(b.MedianMonthlyIncome)), 0.35), 0.3, 4);
            profiles[i] = new CustomerProfile(i, age, segment, (ushort)(i * regions / customers), income, activity, spend);
            hasCredit[i] = r.Bernoulli(b.CreditCardShare);
            creditLimit[i] = Cents(b.MedianCreditLimit * Math.Exp(0.5 * r.ZigguratNormal()));
            opening[i] = (long)(income * r.Uniform(0.3, 2.5));
            overdraft[i] = r.Bernoulli(b.OverdraftShare) ? Cents(b.Overdraft) : 0;
        });
        int credits = hasCredit.Count(has => has);

        int firstCurrent = 2, firstCredit = firstCurrent + customers, firstMerchant = firstCredit + credits;
        var accounts = new AccountTable(firstMerchant + merchants);
        var keys = new AccountIds(seed);
        void Open(int index, AccountKind kind, int owner, int merchant, long balance, long limit)
        {
            accounts.Kind[index] = kind;
            accounts.Owner[index] = owner;
            accounts.Merchant[index] = merchant;
            accounts.Opening[index] = balance;
            accounts.Limit[index] = limit;
        }

        Open(Employers, AccountKind.External, -1, -1, 0, -1);
        Open(CashNetwork, AccountKind.External, -1, -1, 0, -1);
        var holdings = new Holdings[customers];
        int nextCredit = firstCredit;
        for (int i = 0; i < customers; i++)
        {
            Open(firstCurrent + i, AccountKind.Current, i, -1, opening[i], overdraft[i]);
            int credit = -1;
            if (hasCredit[i])
            {
                credit = nextCredit++;
                Open(credit, AccountKind.Credit, i, -1, 0, creditLimit[i]);
            }

            holdings[i] = new Holdings(firstCurrent + i, credit);
        }

        // Merchants: one in twenty is a biller; the rest take a category by the categories' shares.
        IReadOnlyList<SpendingCategory> categories = spec.Categories;
        double[] shares = [.. categories.Select(c => c.Share)];
        var merchantProfiles = new MerchantProfile[merchants];
        var byCategoryRegion = new List<int>[categories.Count][];
        for (int c = 0; c < categories.Count; c++)
        {
            byCategoryRegion[c] = [.. Enumerable.Range(0, regions).Select(_ => new List<int>())];
        }

        var billers = new List<int>();
        for (int m = 0; m < merchants; m++)
        {
            RandomStream r = rng.Stream((ulong)m, MerchantStream, 0);
            bool biller = m % 20 == 19 || merchants < 20 && m == merchants - 1;
            int category = biller ? -1 : Pick(ref r, shares);
            ushort region = (ushort)r.NextInt(regions);
            bool online = category >= 0 && r.Bernoulli(categories[category].OnlineShare * 0.5);
            int account = firstMerchant + m;
            Open(account, AccountKind.Merchant, -1, m, 0, 0);
            merchantProfiles[m] = new MerchantProfile(m, category, account, region, (byte)(online ? 0 : 1 + r.NextInt(8)), online);
            if (biller)
            {
                billers.Add(m);
            }
            else
            {
                byCategoryRegion[category][online ? r.NextInt(regions) : region].Add(m);
            }
        }

        // The public ids last, each a function of its index alone, so they can be formatted in parallel.
        Parallel.For(0, accounts.Count, parallel, a => accounts.Id[a] = keys.Id(a, accounts.Kind[a]));

        int[][][] lists = new int[categories.Count][][];
        for (int c = 0; c < categories.Count; c++)
        {
            int[] all = [.. byCategoryRegion[c].SelectMany(l => l).Order()];
            lists[c] = [.. byCategoryRegion[c].Select(l => l.Count > 0 ? l.ToArray() : all)];
        }

        if (billers.Count == 0 && merchants > 0)
        {
            billers.Add(0);
        }

        // The agents as entities: what systems and tools query; the arrays above are the day loop's copy.
        var world = new World();
        world.EnsureCapacity(customers + merchantProfiles.Length + accounts.Count);
        // Each kind's table sized once, on its first entity, rather than doubled all the way up (about 0.1 s and 300 MB of
        // copies for a million customers).
        static void CreateAll(World world, int count, Func<int, Entity> create)
        {
            for (int i = 0; i < count; i++)
            {
                Entity e = create(i);
                if (i == 0)
                {
                    world.GetArchetype(e).EnsureCapacity(count);
                }
            }
        }

        CreateAll(world, customers, i => world.Create(profiles[i], holdings[i]));
        CreateAll(world, merchantProfiles.Length, m => world.Create(merchantProfiles[m]));
        CreateAll(world, accounts.Count, a => world.Create(new BankAccount(a, accounts.Kind[a])));

        return new FinancePopulation(spec, world, accounts, profiles, holdings, merchantProfiles, lists, [.. billers], regions);
    }

    /// <summary>Major units to minor units (cents), rounded, at least 1.</summary>
    public static long Cents(double major) => Math.Max(1, (long)Math.Round(major * 100, MidpointRounding.AwayFromZero));

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public static int Pick(ref RandomStream r, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        double u = r.NextDouble() * total;
        for (int i = 0; i < weights.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}

/// <summary>
/// Public account ids: a kind letter (<c>C</c> customer, <c>M</c> merchant, <c>X</c> external) and ten digits from the
/// affine permutation <c>(a · n + b) mod 10¹⁰</c> with <c>a</c> and <c>b</c> drawn from the seed (<c>a</c> coprime to
/// 10¹⁰), so ids are unique, stable for a seed and unrelated to the order accounts were opened in.
/// </summary>
public sealed class AccountIds
{
    private const ulong Modulus = 10_000_000_000;
    private readonly ulong _a;
    private readonly ulong _b;

    /// <summary>The permutation for <paramref name="seed"/>.</summary>
    public AccountIds(ulong seed)
    {
        RandomStream r = new CounterRng(seed).Stream(0, 3, 0);
        ulong a;
        do
        {
            a = (r.NextULong() % Modulus) | 1;
        }
        while (a % 5 == 0);
        _a = a;
        _b = r.NextULong() % Modulus;
    }

    /// <summary>The id of account <paramref name="index"/> of <paramref name="kind"/>.</summary>
    public string Id(int index, AccountKind kind)
    {
        ulong n = (ulong)(((UInt128)_a * (ulong)index + _b) % Modulus);
        char letter = kind switch { AccountKind.Merchant => 'M', AccountKind.External => 'X', _ => 'C' };
        return string.Create(CultureInfo.InvariantCulture, $"{letter}{n:D10}");
    }
}
