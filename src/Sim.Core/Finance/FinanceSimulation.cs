using System.Runtime.Intrinsics.X86;
using Sim.Core.Random;

namespace Sim.Core.Finance;

/// <summary>What a finished run posted, for manifests and progress lines.</summary>
/// <param name="Posted">Entries posted.</param>
/// <param name="Declined">Proposed entries declined (the debited account could not cover them).</param>
/// <param name="Fraud">Posted entries labelled fraud.</param>
/// <param name="Laundering">Posted entries labelled laundering.</param>
/// <param name="Patterns">Typology instances made.</param>
/// <param name="ByTypology">Labelled entries posted per typology name.</param>
public sealed record FinanceSummary(long Posted, long Declined, long Fraud, long Laundering, int Patterns, IReadOnlyDictionary<string, long> ByTypology);

/// <summary>
/// Runs a financial scenario day by day and streams the ledger: each day, every customer's legitimate activity is
/// proposed (on all cores, <see cref="LegitimateDay"/>), typology instances are added until the day's share of the
/// fraud and laundering targets is met (<see cref="PatternFactory"/>), and the day's proposals are posted in time
/// order through the double-entry ledger — each entry debits one account and credits another, an entry the debited
/// account cannot cover (balance plus overdraft or credit limit) is declined, and money enters and leaves only
/// through the external accounts. Posted entries go to the sink in batches with their truth labels and what the bank
/// observes (rule alerts, late and noisy fraud reports); delayed consequences (refunds, chargebacks, a pattern's later
/// steps) wait for their day. Memory holds two days' proposals (the day posted and the next, generated meanwhile, in
/// blocks reused from day to day) and what is still pending, whatever the number of days.
/// </summary>
/// <remarks>
/// Prevalence control: with targets r_f (fraud) and r_l (laundering) as shares of all posted entries, the labelled
/// entries wanted after a day are r/(1 − r_f − r_l) times the unlabelled entries posted so far (today's estimated from
/// its proposals and the decline rate so far); instances are made, each sized to the remaining need, until what
/// is committed — posted or pending — reaches it. Labelled entries declined at posting are taken off, so later days
/// make up for them.
/// </remarks>
public sealed class FinanceSimulation
{
    /// <summary>Entries per batch handed to the sink unless told otherwise: 262,144 — a Parquet row group of about 15 MB,
    /// and a batch (with the writer's copy) of about 45 MB. Batches of 1,048,576 made the Parquet writer's memory four
    /// times larger and grow for longer with the run.</summary>
    public const int DefaultBatchRows = 1 << 18;

    private const uint ChoiceStream = 21, ReportStream = 30, RefundStream = 31;

    private readonly FinanceSpec _spec;
    private readonly CounterRng _rng;
    private readonly long _start;
    private readonly long _end;
    // What posting reads and writes of an account, side by side in Stride longs (32 bytes: half a cache line): the
    // balance, the limit (negative for none), and the hour and count of its card-not-present payments (velocity alerts).
    // Posting meets the day's accounts in no order; scattered over four arrays, their loads were the largest cost of a
    // single-threaded day (perf), and one line per account can be prefetched (see Prefetch).
    private readonly long[] _funds;
    private const int Stride = 4, BalanceAt = 0, LimitAt = 1, CardHourAt = 2, CardCountAt = 3;
    private readonly LegitimateDay _legit;
    private readonly PatternFactory _factory;
    private readonly Dictionary<int, ProposalList> _pending = []; // by day, in the block store
    private readonly Dictionary<long, long> _received = [];
    private readonly long[] _cashDay;
    private readonly long[] _cashSum;
    private readonly ulong _reportKey;
    private readonly List<PatternState> _patterns = [];
    private readonly Dictionary<string, long> _byTypology = new(StringComparer.Ordinal);
    private readonly ProposalStore _store = new();
    private int[] _order = []; // the day's proposals' store addresses in posting order
    // Entries deferred into the day being posted (a refund hours after its purchase), posted in time order among the rest:
    // by time, then in the order they were deferred.
    private readonly PriorityQueue<Proposal, (long Time, long Order)> _late = new();
    private long _lateOrder;
    private int _postingDay = -1;
    private readonly int[] _secondCounts = new int[86_401];

    // The pay day being posted: its customers in the order they are paid, how many, the next, their seconds and midnight.
    private int[] _salaryOrder = [];
    private int _salaryCount;
    private int _salaryNext;
    private int[] _salarySecond = [];
    private long _salaryMidnight;

    // Nothing (a same-day entry or a salary) is due before a proposal at or before this time.
    private long _nextDue = long.MinValue;
    private long _nextId = 1;
    private long _posted, _declined, _fraud, _laundering, _unlabelled;
    private long _fraudCommitted, _launderingCommitted;
    private TypologySchedule? _heldFraud, _heldLaundering;

    private sealed class PatternState(Typology typology, IReadOnlyList<int> members)
    {
        public Typology Typology { get; } = typology;

        public IReadOnlyList<int> Members { get; } = members;

        public long Start { get; set; } = long.MaxValue;

        public long End { get; set; } = long.MinValue;

        public int Transactions { get; set; }

        public long Amount { get; set; }
    }

    /// <summary>Builds the population of <paramref name="spec"/> with <paramref name="seed"/>; <paramref name="threads"/>
    /// cores generate each day (the output does not depend on it).</summary>
    public FinanceSimulation(FinanceSpec spec, ulong seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _spec = spec;
        _rng = new CounterRng(seed);
        Population = FinancePopulation.Build(spec, seed, threads);
        Population.World.WorkerThreads = threads;
        _start = (spec.Start.DayNumber - new DateOnly(1970, 1, 1).DayNumber) * 86_400L;
        _end = _start + (spec.Days * 86_400L);
        int accounts = Population.Accounts.Count;
        _funds = new long[Stride * accounts];
        for (int a = 0; a < accounts; a++)
        {
            _funds[(Stride * a) + BalanceAt] = Population.Accounts.Opening[a];
            _funds[(Stride * a) + LimitAt] = Population.Accounts.Limit[a];
        }

        _cashDay = new long[accounts];
        _cashSum = new long[accounts];
        _reportKey = _rng.Stream(0, ReportStream, 0).NextULong();
        _legit = new LegitimateDay(Population, seed);
        _factory = new PatternFactory(Population, seed, _start, _end);
    }

    /// <summary>The agents and accounts (account roles are filled in as patterns are made).</summary>
    public FinancePopulation Population { get; }

    /// <summary>Unix seconds of the first day's midnight (UTC).</summary>
    public long Start => _start;

    /// <summary>Unix seconds of the midnight after the last day.</summary>
    public long End => _end;

    /// <summary>Every account's balance now, minor units, indexed by account (a copy).</summary>
    public long[] CopyBalances()
    {
        long[] balances = new long[_funds.Length / Stride];
        for (int a = 0; a < balances.Length; a++)
        {
            balances[a] = _funds[(Stride * a) + BalanceAt];
        }

        return balances;
    }

    /// <summary>The typology instances made so far, with what was posted of them.</summary>
    public IReadOnlyList<PatternRecord> Patterns => [.. _patterns.Select((p, i) => new PatternRecord(i, p.Typology, p.Members, p.Transactions > 0 ? p.Start : 0, p.Transactions > 0 ? p.End : 0, p.Transactions, p.Amount))];

    /// <summary>Counts so far.</summary>
    public FinanceSummary Summary => new(_posted, _declined, _fraud, _laundering, _patterns.Count, new SortedDictionary<string, long>(_byTypology, StringComparer.Ordinal));

    /// <summary>
    /// Runs every day, handing posted entries to <paramref name="sink"/> in batches of at most
    /// <paramref name="batchRows"/> rows (the batch is reused: the sink must be done with it when it returns), and
    /// reporting each finished day to <paramref name="dayDone"/>.
    /// </summary>
    public void Run(Action<TransactionBatch> sink, int batchRows = DefaultBatchRows, Action<int>? dayDone = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Run(
            batch =>
            {
                sink(batch);
                return batch;
            },
            batchRows,
            dayDone);
    }

    /// <summary>
    /// Runs every day as <see cref="Run(Action{TransactionBatch}, int, Action{int})"/> does, handing each full batch
    /// over: <paramref name="exchange"/> takes it and returns the batch to fill next — the same one, or another of at
    /// least <paramref name="batchRows"/> rows, so that a sink can keep a batch (write it in the background) without
    /// copying it. The returned batch's count is reset; its old contents are overwritten. What the last call returns
    /// is not used.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="exchange"/> returned no batch, or one too small.</exception>
    public void Run(Func<TransactionBatch, TransactionBatch> exchange, int batchRows = DefaultBatchRows, Action<int>? dayDone = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        var batch = new TransactionBatch(batchRows);
        if (_spec.Days == 0)
        {
            return;
        }

        // Day d is posted while day d + 1's legitimate activity is generated: that needs nothing from the ledger. Its
        // patterns, which depend on what was posted (prevalence), are made after day d is posted, as in a plain loop.
        int customers = Population.Customers.Length;
        DayProposals posting = new(_store) { SalarySecond = new int[customers] }, generated = new(_store) { SalarySecond = new int[customers] };
        _salaryOrder = new int[customers];
        _legit.Generate(0, _start, _spec.Start, posting);
        int n = Prepare(0, posting);
        for (int d = 0; d < _spec.Days; d++)
        {
            int next = d + 1;
            DayProposals into = generated;
            void GenerateNext() => _legit.Generate(next, _start + (next * 86_400L), _spec.Start.AddDays(next), into);

            // On one thread (WorkerThreads 1) the next day is generated after this one is posted, on this thread.
            bool overlap = next < _spec.Days && Population.World.WorkerThreads > 1;
            Task generating = overlap ? Task.Run(GenerateNext) : Task.CompletedTask;
            try
            {
                // Every block of this day is in this array (blocks taken meanwhile may go to a larger one).
                Proposal[][] blocks = _store.Blocks;
                int[] order = _order;
                _postingDay = d;
                for (int i = 0; i < n; i++)
                {
                    long time = At(blocks, order[i]).Time;
                    if (time > _nextDue)
                    {
                        batch = PostDue(time, batch, exchange, batchRows);
                    }

                    if (i + (2 * PrefetchAhead) < n)
                    {
                        Prefetch(blocks, order[i + (2 * PrefetchAhead)]);
                    }

                    if (i + PrefetchAhead < n)
                    {
                        ref Proposal ahead = ref At(blocks, order[i + PrefetchAhead]);
                        Prefetch(ahead.From);
                        Prefetch(ahead.To);
                    }

                    if (Post(in At(blocks, order[i]), batch) && batch.Count == batchRows)
                    {
                        batch = Exchange(exchange, batch, batchRows);
                    }
                }

                batch = PostDue(long.MaxValue, batch, exchange, batchRows);
            }
            finally
            {
                generating.GetAwaiter().GetResult();
            }

            posting.Clear(); // its blocks go to the day after next
            if (!overlap && next < _spec.Days)
            {
                GenerateNext();
            }

            dayDone?.Invoke(d);
            (posting, generated) = (generated, posting);
            if (next < _spec.Days)
            {
                n = Prepare(next, posting);
            }
        }

        if (batch.Count > 0)
        {
            _ = exchange(batch); // the last: what comes back is not filled
        }
    }

    /// <summary>Hands the full <paramref name="batch"/> over; returns the (emptied) batch to fill next.</summary>
    private static TransactionBatch Exchange(Func<TransactionBatch, TransactionBatch> exchange, TransactionBatch batch, int rows)
    {
        TransactionBatch next = exchange(batch) ?? throw new InvalidOperationException("the sink returned no batch to fill next");
        if (next.Capacity < rows)
        {
            throw new InvalidOperationException($"the sink returned a batch of {next.Capacity} rows to fill next; batches here have {rows}");
        }

        next.Count = 0;
        return next;
    }

    /// <summary>Day <paramref name="d"/>'s proposals — its generated legitimate activity (in <paramref name="day"/>), what
    /// was pending for it and its new patterns (added to it) — ordered for posting in <c>_order</c>; returns how many.</summary>
    private int Prepare(int d, DayProposals day)
    {
        long midnight = _start + (d * 86_400L);
        int count = day.Count + day.Salaries;
        day.Pending = _pending.Remove(d, out ProposalList? due) ? due : null;
        var made = new List<Proposal>();
        int unlabelledToday = count + (day.Pending?.CountWhere(p => !p.IsFraud && !p.IsLaundering) ?? 0);
        MakePatterns(d, unlabelledToday, made);
        foreach (Proposal p in made)
        {
            if (p.Time < midnight + 86_400)
            {
                day.Patterns.Add(p);
            }
            else
            {
                Defer(p); // later steps of today's patterns wait for their day
            }
        }

        // In a fixed order (chunks, then what was pending, then today's patterns), sorted stably by the second each
        // happens in: a counting sort of the proposals' addresses, 4 bytes each. The proposals stay where they were
        // made; posting reads them through the addresses (prefetched ahead), so a day is held once, not twice.
        int n = day.Count;
        if (_order.Length < n)
        {
            _order = new int[n + (n / 16)];
        }

        Array.Clear(_secondCounts);
        foreach (ProposalList list in day.Lists)
        {
            for (int b = 0; b < list.BlockCount; b++)
            {
                CountSeconds(list.Block(b), midnight);
            }
        }

        CountsToStarts();

        foreach (ProposalList list in day.Lists)
        {
            for (int b = 0; b < list.BlockCount; b++)
            {
                Scatter(list.Block(b), list.BlockAddress(b), midnight);
            }
        }

        _salaryCount = OrderSalaries(day, midnight);
        _nextDue = long.MinValue; // PostDue finds what comes first
        return n;
    }

    /// <summary>The counting sort's middle step: <c>_secondCounts[s + 1]</c>, how many fall in second s, becomes
    /// <c>_secondCounts[s]</c>, where second s's first goes.</summary>
    private void CountsToStarts()
    {
        for (int s = 1; s < _secondCounts.Length; s++)
        {
            _secondCounts[s] += _secondCounts[s - 1];
        }
    }

    private void CountSeconds(ReadOnlySpan<Proposal> proposals, long midnight)
    {
        foreach (ref readonly Proposal p in proposals)
        {
            _secondCounts[Second(p.Time, midnight) + 1]++;
        }
    }

    private void Scatter(ReadOnlySpan<Proposal> proposals, int address, long midnight)
    {
        int[] order = _order;
        for (int k = 0; k < proposals.Length; k++)
        {
            order[_secondCounts[Second(proposals[k].Time, midnight)]++] = address + k;
        }
    }

    /// <summary>Posts, in time order, the same-day entries (<c>_late</c>) and salaries due before <paramref name="before"/>
    /// (an entry at the same second as the next proposal comes after it; a late entry before a salary of its second).</summary>
    private TransactionBatch PostDue(long before, TransactionBatch batch, Func<TransactionBatch, TransactionBatch> exchange, int rows)
    {
        while (true)
        {
            long late = _late.TryPeek(out _, out (long Time, long Order) due) ? due.Time : long.MaxValue;
            long salary = _salaryNext < _salaryCount ? _salaryMidnight + _salarySecond[_salaryOrder[_salaryNext]] : long.MaxValue;
            _nextDue = Math.Min(late, salary) - 1; // a proposal after this may have something due before it
            if (_nextDue >= before - 1)
            {
                return batch;
            }

            bool posted = late <= salary ? Post(_late.Dequeue(), batch) : Post(Salary(_salaryOrder[_salaryNext++]), batch);
            if (posted && batch.Count == rows)
            {
                batch = Exchange(exchange, batch, rows);
            }
        }
    }

    /// <summary>Customer <paramref name="customer"/>'s salary on the pay day being posted: its monthly income, from the
    /// employers to its current account.</summary>
    private Proposal Salary(int customer) => new()
    {
        Time = _salaryMidnight + _salarySecond[customer],
        Amount = Population.Customers[customer].MonthlyIncome,
        From = FinancePopulation.Employers,
        To = Population.Holdings[customer].Current,
        Merchant = -1,
        Pattern = -1,
        Type = TransactionType.Salary,
    };

    /// <summary>The pay day's customers in the order they are paid: by second, then by number (a counting sort), in
    /// <c>_salaryOrder</c>; returns how many (0 on other days).</summary>
    private int OrderSalaries(DayProposals day, long midnight)
    {
        _salarySecond = day.SalarySecond;
        _salaryMidnight = midnight;
        _salaryNext = 0;
        if (day.Salaries == 0)
        {
            return 0;
        }

        int[] seconds = day.SalarySecond;
        Array.Clear(_secondCounts);
        foreach (int second in seconds)
        {
            _secondCounts[second + 1]++;
        }

        CountsToStarts();

        for (int c = 0; c < seconds.Length; c++)
        {
            _salaryOrder[_secondCounts[seconds[c]]++] = c;
        }

        return seconds.Length;
    }

    private static ref Proposal At(Proposal[][] blocks, int address) =>
        ref blocks[address >> ProposalStore.BlockShift][address & ProposalStore.BlockMask];

    private static int Second(long time, long midnight) => (int)Math.Clamp(time - midnight, 0, 86_399);

    private void Defer(in Proposal p)
    {
        int day = (int)((p.Time - _start) / 86_400);
        if (p.Time >= _end)
        {
            return;
        }

        if (day <= _postingDay)
        {
            // Its day is being posted (it is due after the entry that made it: posting has not reached it yet).
            _late.Enqueue(p, (p.Time, _lateOrder++));
            _nextDue = Math.Min(_nextDue, p.Time - 1);
            return;
        }

        if (!_pending.TryGetValue(day, out ProposalList? list))
        {
            _pending[day] = list = new ProposalList(_store);
        }

        list.Add(p);
    }

    /// <summary>Makes today's typology instances, fraud then laundering, until each target's need is met.</summary>
    private void MakePatterns(int day, int unlabelledToday, List<Proposal> made)
    {
        double rf = _spec.FraudRate ?? 0, rl = _spec.LaunderingRate ?? 0;
        if (rf <= 0 && rl <= 0)
        {
            return;
        }

        double decline = _posted + _declined > 0 ? _declined / (double)(_posted + _declined) : 0;
        double unlabelled = _unlabelled + (unlabelledToday * (1 - decline));
        double scale = 1 / (1 - rf - rl);
        int k = 0;
        _fraudCommitted += Make(day, ref k, false, (long)Math.Round(rf * scale * unlabelled) - _fraudCommitted, made);
        _launderingCommitted += Make(day, ref k, true, (long)Math.Round(rl * scale * unlabelled) - _launderingCommitted, made);
    }

    private long Make(int day, ref int k, bool laundering, long need, List<Proposal> made)
    {
        List<TypologySchedule> open = [.. _spec.Typologies.Where(s => FinanceNames.IsLaundering(s.Kind) == laundering && s.FirstDay <= day && day <= s.LastDay)];
        long committed = 0;
        while (open.Count > 0 && need > 0)
        {
            // The schedule drawn last that did not fit yet is made first: drawing again would favour small typologies
            // whenever a day's need is small, and the mix of instances would drift from the weights.
            TypologySchedule? held = laundering ? _heldLaundering : _heldFraud;
            TypologySchedule schedule;
            if (held is not null && open.Contains(held))
            {
                schedule = held;
            }
            else
            {
                double[] weights = [.. open.Select(s => s.Weight)];
                RandomStream r = _rng.Stream((ulong)day, ChoiceStream, k++);
                schedule = open[FinancePopulation.Pick(ref r, weights)];
            }

            if (PatternFactory.Smallest(schedule) > need)
            {
                Hold(laundering, schedule); // waits until the need has grown enough
                break;
            }

            Hold(laundering, null);
            int index = _patterns.Count;
            var proposals = new List<Proposal>();
            (int labelled, IReadOnlyList<int> members) = _factory.Make(schedule, index, day, (int)Math.Min(need, int.MaxValue), proposals);
            if (labelled == 0)
            {
                open.Remove(schedule); // nothing of it fits in the period any more
                continue;
            }

            _patterns.Add(new PatternState(schedule.Kind, members));
            foreach (Proposal p in proposals)
            {
                MarkRoles(p);
            }

            made.AddRange(proposals);
            need -= labelled;
            committed += labelled;
        }

        return committed;
    }

    private void Hold(bool laundering, TypologySchedule? schedule)
    {
        if (laundering)
        {
            _heldLaundering = schedule;
        }
        else
        {
            _heldFraud = schedule;
        }
    }

    private void MarkRoles(in Proposal p)
    {
        PartyRole[] roles = FinanceNames.IsLaundering(p.Typology) ? Population.Accounts.LaunderingRole : Population.Accounts.FraudRole;
        Raise(roles, p.From, p.FromRole);
        Raise(roles, p.To, p.ToRole);
    }

    /// <summary>Severity of roles, for an account's most serious one.</summary>
    private static int Severity(PartyRole role) => role switch { PartyRole.Fraudster => 4, PartyRole.Mule => 3, PartyRole.Beneficiary => 2, PartyRole.Victim => 1, _ => 0 };

    private static void Raise(PartyRole[] roles, int account, PartyRole role)
    {
        if (Severity(role) > Severity(roles[account]))
        {
            roles[account] = role;
        }
    }

    /// <summary>How many proposals ahead posting asks for the debited and credited accounts' funds to be brought into the
    /// cache (and twice as far ahead, the proposal itself): a day's accounts come in no order, and the load otherwise
    /// stalls every posting (measured: a fifth of a single-threaded run's time before).</summary>
    private const int PrefetchAhead = 16;

    private static unsafe void Prefetch(Proposal[][] blocks, int address)
    {
        if (Sse.IsSupported)
        {
            fixed (Proposal* p = &At(blocks, address))
            {
                Sse.Prefetch0(p);
                Sse.Prefetch0((byte*)p + sizeof(Proposal) - 1);
            }
        }
    }

    private unsafe void Prefetch(int account)
    {
        if (Sse.IsSupported)
        {
            fixed (long* funds = &_funds[Stride * account])
            {
                // Both ends: an array's elements start 16 bytes into its object, so half the entries straddle two lines.
                Sse.Prefetch0(funds);
                Sse.Prefetch0(funds + Stride - 1);
            }
        }
    }

    private long Available(int account)
    {
        long limit = _funds[(Stride * account) + LimitAt];
        return limit < 0 ? long.MaxValue : _funds[(Stride * account) + BalanceAt] + limit;
    }

    /// <summary>Posts one proposal; returns whether an entry was added to the batch.</summary>
    private bool Post(in Proposal p, TransactionBatch batch)
    {
        long available = Available(p.From);
        long amount = p.Rule switch
        {
            AmountRule.Fixed => p.Amount <= available ? p.Amount : 0,
            AmountRule.ClipToAvailable => Math.Min(p.Amount, available),
            AmountRule.ShareOfAvailable => available == long.MaxValue ? 0 : (long)((Int128)available * p.Amount / 1_000_000),
            AmountRule.ShareOfReceived => Math.Min(available, (long)((Int128)_received.GetValueOrDefault(Key(p.Pattern, p.From)) * p.Amount / 1_000_000)),
            AmountRule.RepayDebt => Math.Min(available, Math.Max(0, -_funds[(Stride * p.To) + BalanceAt])),
            _ => 0,
        };
        bool labelled = p.IsFraud || p.IsLaundering;
        if (amount <= 0)
        {
            if (p.Rule != AmountRule.RepayDebt)
            {
                _declined++;
                if (p.IsFraud)
                {
                    _fraudCommitted--;
                }
                else if (p.IsLaundering)
                {
                    _launderingCommitted--;
                }
            }

            return false;
        }

        int i = batch.Count++;
        long id = _nextId++;
        batch.Id[i] = id;
        batch.Time[i] = p.Time;
        batch.Amount[i] = amount;
        batch.From[i] = p.From;
        batch.To[i] = p.To;
        batch.Merchant[i] = p.Merchant;
        batch.Pattern[i] = p.Pattern;
        batch.Type[i] = p.Type;
        batch.Typology[i] = p.Typology;
        batch.FromRole[i] = p.FromRole;
        batch.ToRole[i] = p.ToRole;
        batch.Stage[i] = p.Stage;
        batch.IsFraud[i] = p.IsFraud;
        batch.IsLaundering[i] = p.IsLaundering;
        ref long from = ref _funds[(Stride * p.From) + BalanceAt];
        ref long to = ref _funds[(Stride * p.To) + BalanceAt];
        batch.FromBefore[i] = from;
        batch.ToBefore[i] = to;
        from -= amount;
        to += amount;
        batch.FromAfter[i] = from;
        batch.ToAfter[i] = to;
        batch.Alert[i] = Alert(p, amount, batch.FromBefore[i], batch.FromAfter[i]);
        batch.ReportedAt[i] = Report(p, id, amount);

        _posted++;
        if (p.IsFraud)
        {
            _fraud++;
        }
        else if (p.IsLaundering)
        {
            _laundering++;
        }
        else
        {
            _unlabelled++;
        }

        if (p.Pattern >= 0)
        {
            PatternState s = _patterns[p.Pattern];
            s.Start = Math.Min(s.Start, p.Time);
            s.End = Math.Max(s.End, p.Time);
            s.Transactions++;
            s.Amount += amount;
            _received[Key(p.Pattern, p.To)] = _received.GetValueOrDefault(Key(p.Pattern, p.To)) + amount;
            if (labelled)
            {
                string name = FinanceNames.Of(p.Typology);
                _byTypology[name] = _byTypology.GetValueOrDefault(name) + 1;
            }
        }

        if (p.RefundLater)
        {
            RandomStream r = _rng.Stream((ulong)id, RefundStream, 0);
            Defer(new Proposal
            {
                Time = p.Time + 3600 + (long)r.Exponential(1 / (_spec.Behaviour.RefundDelayDays * 86_400)),
                Amount = amount, From = p.To, To = p.From, Merchant = p.Merchant, Pattern = -1, Type = TransactionType.Refund,
            });
        }

        return true;
    }

    private static long Key(int pattern, int account) => ((long)pattern << 32) | (uint)account;

    /// <summary>The bank's rules on a posted entry.</summary>
    private AlertRule Alert(in Proposal p, long amount, long before, long after)
    {
        ObservationSpec o = _spec.Observation;
        if (amount >= FinancePopulation.Cents(o.LargeAmount))
        {
            return AlertRule.LargeAmount;
        }

        if (p.Type == TransactionType.CashIn && Population.Accounts.Kind[p.To] != AccountKind.External)
        {
            long day = (p.Time - _start) / 86_400;
            _cashSum[p.To] = (_cashDay[p.To] == day + 1 ? _cashSum[p.To] : 0) + amount;
            _cashDay[p.To] = day + 1;
            if (_cashSum[p.To] >= FinancePopulation.Cents(o.ReportingThreshold))
            {
                return AlertRule.CashNearThreshold;
            }
        }

        if (p.Type is TransactionType.Transfer or TransactionType.CashOut && before >= 100_000 && after * 20 <= before && p.Rule != AmountRule.RepayDebt)
        {
            return AlertRule.RapidDrain;
        }

        if (p.Type == TransactionType.CardNotPresent)
        {
            long hour = (p.Time / 3600) + 1;
            ref long cardHour = ref _funds[(Stride * p.From) + CardHourAt];
            ref long cardCount = ref _funds[(Stride * p.From) + CardCountAt];
            cardCount = cardHour == hour ? cardCount + 1 : 1;
            cardHour = hour;
            if (cardCount >= 5)
            {
                return AlertRule.Velocity;
            }
        }

        return AlertRule.None;
    }

    /// <summary>When the entry is reported as fraud (0: not within the period): victims report most fraud after some
    /// days, a few legitimate card payments are disputed; a reported card payment is charged back a day or three later.</summary>
    private long Report(in Proposal p, long id, long amount)
    {
        ObservationSpec o = _spec.Observation;
        bool card = p.Type is TransactionType.CardPresent or TransactionType.CardNotPresent;
        double share = p.IsFraud ? o.ReportShare : (card && !p.IsLaundering ? o.FalseReportShare : 0);
        if (share <= 0)
        {
            return 0;
        }

        // Whether it is reported: a uniform from a keyed hash of the entry id (cheaper than a stream for every card
        // payment); the delay and the chargeback's day from the entry's own stream when it is.
        if (KeyedHash.Uniform(_reportKey, (ulong)id) >= share)
        {
            return 0;
        }

        RandomStream r = _rng.Stream((ulong)id, ReportStream, 0);

        long at = p.Time + 600 + (long)r.Exponential(1 / Math.Max(3600, o.MeanReportDelayDays * 86_400));
        if (at >= _end)
        {
            return 0;
        }

        if (card)
        {
            Defer(new Proposal
            {
                Time = at + 86_400 + r.NextInt(2 * 86_400), Amount = amount, From = p.To, To = p.From, Merchant = p.Merchant,
                Pattern = p.Pattern, Type = TransactionType.Chargeback, Typology = p.Typology, ToRole = p.FromRole,
                Rule = AmountRule.ClipToAvailable,
            });
        }

        return at;
    }
}
