namespace Sim.Core.Finance;

/// <summary>How a proposed entry's amount is settled when it is posted.</summary>
internal enum AmountRule : byte
{
    /// <summary>The amount as proposed; the entry is declined when the debited account cannot cover it.</summary>
    Fixed,

    /// <summary>As proposed, or what the debited account can still cover if that is less (fraud takes what it can).</summary>
    ClipToAvailable,

    /// <summary><see cref="Proposal.Amount"/> is a share in millionths of the debited account's available money.</summary>
    ShareOfAvailable,

    /// <summary><see cref="Proposal.Amount"/> is a share in millionths of what the debited account has received in the
    /// same pattern so far (a mule passing money on, keeping a commission).</summary>
    ShareOfReceived,

    /// <summary>What the credited account owes (the negative of its balance), or what the debited account can cover
    /// if that is less: a credit card's monthly settlement.</summary>
    RepayDebt,
}

/// <summary>A ledger entry waiting to be posted: made by a customer's day, a pattern, or a delayed consequence
/// (refunds, chargebacks). Posting sorts a day's proposals by time (stable), checks limits and settles amounts.</summary>
internal struct Proposal
{
    /// <summary>Unix seconds.</summary>
    public long Time;

    /// <summary>Minor units, or a share in millionths (see <see cref="Rule"/>).</summary>
    public long Amount;

    /// <summary>Debited account.</summary>
    public int From;

    /// <summary>Credited account.</summary>
    public int To;

    /// <summary>Merchant index, or −1.</summary>
    public int Merchant;

    /// <summary>Pattern index, or −1.</summary>
    public int Pattern;

    /// <summary>Kind of entry.</summary>
    public TransactionType Type;

    /// <summary>Typology of the pattern.</summary>
    public Typology Typology;

    /// <summary>Debited owner's role.</summary>
    public PartyRole FromRole;

    /// <summary>Credited owner's role.</summary>
    public PartyRole ToRole;

    /// <summary>Laundering stage.</summary>
    public LaunderingStage Stage;

    /// <summary>How the amount settles.</summary>
    public AmountRule Rule;

    /// <summary>Truth labels.</summary>
    public bool IsFraud
    {
        readonly get => (_flags & FraudFlag) != 0;
        set => _flags = value ? (byte)(_flags | FraudFlag) : (byte)(_flags & ~FraudFlag);
    }

    /// <summary>Truth labels.</summary>
    public bool IsLaundering
    {
        readonly get => (_flags & LaunderingFlag) != 0;
        set => _flags = value ? (byte)(_flags | LaunderingFlag) : (byte)(_flags & ~LaunderingFlag);
    }

    /// <summary>A legitimate card payment to refund later (set by the day generator).</summary>
    public bool RefundLater
    {
        readonly get => (_flags & RefundFlag) != 0;
        set => _flags = value ? (byte)(_flags | RefundFlag) : (byte)(_flags & ~RefundFlag);
    }

    // The three flags in one byte: 40 bytes a proposal instead of 48 (a run of a million customers holds two days of
    // them, up to four million).
    private const int FraudFlag = 1, LaunderingFlag = 2, RefundFlag = 4;

    private byte _flags;
}

/// <summary>
/// Fixed-size blocks of proposals shared by the day being posted and the day being generated: a list takes a block when
/// its last is full and gives all of them back when it is cleared, so the blocks a run holds follow the busiest two
/// days in a row, exactly (no growth by copying, no arrays left behind for the collector, and a few kilobytes unused per
/// list). A proposal's address is its block number and its place in the block, in one <see cref="int"/>.
/// </summary>
internal sealed class ProposalStore
{
    /// <summary>Proposals per block: 256 (10 KB); a day of a million customers fills about a thousand lists, one per ECS
    /// chunk, each with half a block unused on average.</summary>
    public const int BlockShift = 8;

    /// <summary>Proposals per block.</summary>
    public const int BlockSize = 1 << BlockShift;

    /// <summary>A proposal's place in its block, from its address.</summary>
    public const int BlockMask = BlockSize - 1;

    /// <summary>The most blocks: addresses are <see cref="int"/>s (2³¹ proposals).</summary>
    private const int MaxBlocks = int.MaxValue >> BlockShift;

    private readonly Lock _lock = new();
    private readonly Stack<int> _free = [];
    private Proposal[][] _blocks = new Proposal[64][];
    private int _made;

    /// <summary>Every block made so far, indexed by number. The array is replaced when blocks outgrow it (the old one
    /// still holds every block it held), so a reader may keep the one it read while others take new blocks.</summary>
    public Proposal[][] Blocks => Volatile.Read(ref _blocks);

    /// <summary>A free block, made when none is free; <paramref name="number"/> is its number. Thread-safe.</summary>
    /// <exception cref="InvalidOperationException">More than 2³¹ proposals would be held at once.</exception>
    public Proposal[] Take(out int number)
    {
        lock (_lock)
        {
            if (_free.Count > 0)
            {
                number = _free.Pop();
                return _blocks[number];
            }

            if (_made == MaxBlocks)
            {
                throw new InvalidOperationException($"more than {(long)MaxBlocks * BlockSize:N0} proposed entries held at once; simulate fewer customers or days with less activity");
            }

            if (_made == _blocks.Length)
            {
                Proposal[][] larger = new Proposal[Math.Min(MaxBlocks, 2L * _blocks.Length)][];
                Array.Copy(_blocks, larger, _made);
                Volatile.Write(ref _blocks, larger);
            }

            number = _made++;
            return _blocks[number] = new Proposal[BlockSize];
        }
    }

    /// <summary>Gives blocks back. Thread-safe.</summary>
    public void Return(List<int> numbers)
    {
        lock (_lock)
        {
            foreach (int number in numbers)
            {
                _free.Push(number);
            }
        }
    }
}

/// <summary>A list of proposals in blocks of a <see cref="ProposalStore"/>, reused across days.</summary>
internal sealed class ProposalList(ProposalStore store)
{
    private readonly List<int> _blocks = [];
    private Proposal[] _last = [];

    /// <summary>Proposals held.</summary>
    public int Count { get; private set; }

    /// <summary>Blocks of proposals held, in order.</summary>
    public int BlockCount => _blocks.Count;

    /// <summary>Adds one.</summary>
    public ref Proposal Add()
    {
        int at = Count & ProposalStore.BlockMask;
        if (at == 0)
        {
            _last = store.Take(out int number);
            _blocks.Add(number);
        }

        Count++;
        ref Proposal p = ref _last[at];
        p = default;
        p.Merchant = -1;
        p.Pattern = -1;
        return ref p;
    }

    /// <summary>Adds a copy.</summary>
    public void Add(in Proposal proposal) => Add() = proposal;

    /// <summary>The proposals of block <paramref name="b"/> (the last may be part full).</summary>
    public ReadOnlySpan<Proposal> Block(int b) =>
        store.Blocks[_blocks[b]].AsSpan(0, Math.Min(ProposalStore.BlockSize, Count - (b << ProposalStore.BlockShift)));

    /// <summary>How many proposals held satisfy <paramref name="match"/>.</summary>
    public int CountWhere(Func<Proposal, bool> match)
    {
        int n = 0;
        for (int b = 0; b < BlockCount; b++)
        {
            foreach (Proposal p in Block(b))
            {
                n += match(p) ? 1 : 0;
            }
        }

        return n;
    }

    /// <summary>The store address of the first proposal of block <paramref name="b"/>.</summary>
    public int BlockAddress(int b) => _blocks[b] << ProposalStore.BlockShift;

    /// <summary>Empties the list, giving its blocks back to the store.</summary>
    public void Clear()
    {
        store.Return(_blocks);
        _blocks.Clear();
        _last = [];
        Count = 0;
    }
}

/// <summary>One day's proposals: each ECS chunk's generated legitimate activity, what was pending for the day, and its
/// new patterns, in that order.</summary>
internal sealed class DayProposals(ProposalStore store)
{
    /// <summary>The legitimate activity of each chunk of customers, in chunk order.</summary>
    public List<ProposalList> Chunks { get; } = [];

    /// <summary>What was pending for the day (delayed consequences and later steps of patterns), if anything.</summary>
    public ProposalList? Pending { get; set; }

    /// <summary>The day's new patterns.</summary>
    public ProposalList Patterns { get; } = new(store);

    /// <summary>The store the lists take blocks from.</summary>
    public ProposalStore Store => store;

    /// <summary>Every list, in the order the day is posted when times are equal.</summary>
    public IEnumerable<ProposalList> Lists => Pending is null ? Chunks.Append(Patterns) : Chunks.Append(Pending).Append(Patterns);

    /// <summary>The proposals held.</summary>
    public int Count => Lists.Sum(l => l.Count);

    /// <summary>Pay day's salaries, one per customer, by customer number: the second of the day each is paid in (the
    /// generator writes each customer's own), valid when <see cref="HasSalaries"/>. Four bytes a customer, made once,
    /// instead of a 40-byte proposal each: a pay day holds a million of them for a million customers, and without this
    /// that day's proposals set the run's peak memory.</summary>
    public int[] SalarySecond { get; init; } = [];

    /// <summary>Whether the day is a pay day: every customer is paid, at <see cref="SalarySecond"/>.</summary>
    public bool HasSalaries { get; set; }

    /// <summary>The day's salaries: every customer's on a pay day, else none.</summary>
    public int Salaries => HasSalaries ? SalarySecond.Length : 0;

    /// <summary>Empties every list, giving the blocks back, and lets the pending list go.</summary>
    public void Clear()
    {
        foreach (ProposalList list in Lists)
        {
            list.Clear();
        }

        Pending = null;
        HasSalaries = false;
    }
}
