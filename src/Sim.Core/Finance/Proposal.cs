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

    // The three flags in one byte: 40 bytes a proposal instead of 48 (a day of a million customers holds two million of
    // them, twice: as generated and sorted).
    private const int FraudFlag = 1, LaunderingFlag = 2, RefundFlag = 4;

    private byte _flags;
}

/// <summary>A growable array of proposals, reused across days.</summary>
internal sealed class ProposalList
{
    private Proposal[] _items = new Proposal[64];

    /// <summary>Proposals held.</summary>
    public int Count { get; private set; }

    /// <summary>The proposals held.</summary>
    public Span<Proposal> Items => _items.AsSpan(0, Count);

    /// <summary>Adds one.</summary>
    public ref Proposal Add()
    {
        if (Count == _items.Length)
        {
            // A quarter more, not double: a list's capacity follows the busiest day it has held (a payday is half as busy
            // again as other days), and doubling would leave most of that unused on every other day.
            Array.Resize(ref _items, _items.Length + Math.Max(64, _items.Length / 4));
        }

        ref Proposal p = ref _items[Count++];
        p = default;
        p.Merchant = -1;
        p.Pattern = -1;
        return ref p;
    }

    /// <summary>Adds a copy.</summary>
    public void Add(in Proposal proposal) => Add() = proposal;

    /// <summary>Empties the list (keeping its storage).</summary>
    public void Clear() => Count = 0;
}
