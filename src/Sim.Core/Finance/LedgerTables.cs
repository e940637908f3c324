namespace Sim.Core.Finance;

/// <summary>
/// A block of posted ledger entries in time order, column by column (one array per field, the first <see cref="Count"/>
/// elements used), as writers stream them out. Amounts and balances are in minor units (cents) of the scenario's
/// currency; times are Unix seconds (UTC). Accounts are indices into the <see cref="AccountTable"/>.
/// </summary>
public sealed class TransactionBatch
{
    /// <summary>A batch with room for <paramref name="capacity"/> entries.</summary>
    public TransactionBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        Id = new long[capacity];
        Time = new long[capacity];
        Amount = new long[capacity];
        From = new int[capacity];
        To = new int[capacity];
        Merchant = new int[capacity];
        Pattern = new int[capacity];
        Type = new TransactionType[capacity];
        Typology = new Typology[capacity];
        FromRole = new PartyRole[capacity];
        ToRole = new PartyRole[capacity];
        Stage = new LaunderingStage[capacity];
        IsFraud = new bool[capacity];
        IsLaundering = new bool[capacity];
        FromBefore = new long[capacity];
        FromAfter = new long[capacity];
        ToBefore = new long[capacity];
        ToAfter = new long[capacity];
        Alert = new AlertRule[capacity];
        ReportedAt = new long[capacity];
    }

    /// <summary>Entries held.</summary>
    public int Count { get; set; }

    /// <summary>Copies the entries held into <paramref name="destination"/>, replacing what it held.</summary>
    /// <exception cref="ArgumentException">The destination has less room than this batch holds.</exception>
    public void CopyTo(TransactionBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Capacity < Count)
        {
            throw new ArgumentException($"a batch of {Count} entries does not fit in one of {destination.Capacity}", nameof(destination));
        }

        int n = Count;
        Id.AsSpan(0, n).CopyTo(destination.Id);
        Time.AsSpan(0, n).CopyTo(destination.Time);
        Amount.AsSpan(0, n).CopyTo(destination.Amount);
        From.AsSpan(0, n).CopyTo(destination.From);
        To.AsSpan(0, n).CopyTo(destination.To);
        Merchant.AsSpan(0, n).CopyTo(destination.Merchant);
        Pattern.AsSpan(0, n).CopyTo(destination.Pattern);
        Type.AsSpan(0, n).CopyTo(destination.Type);
        Typology.AsSpan(0, n).CopyTo(destination.Typology);
        FromRole.AsSpan(0, n).CopyTo(destination.FromRole);
        ToRole.AsSpan(0, n).CopyTo(destination.ToRole);
        Stage.AsSpan(0, n).CopyTo(destination.Stage);
        IsFraud.AsSpan(0, n).CopyTo(destination.IsFraud);
        IsLaundering.AsSpan(0, n).CopyTo(destination.IsLaundering);
        FromBefore.AsSpan(0, n).CopyTo(destination.FromBefore);
        FromAfter.AsSpan(0, n).CopyTo(destination.FromAfter);
        ToBefore.AsSpan(0, n).CopyTo(destination.ToBefore);
        ToAfter.AsSpan(0, n).CopyTo(destination.ToAfter);
        Alert.AsSpan(0, n).CopyTo(destination.Alert);
        ReportedAt.AsSpan(0, n).CopyTo(destination.ReportedAt);
        destination.Count = n;
    }

    /// <summary>Appends entry <paramref name="i"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidOperationException">The destination is full.</exception>
    public void AppendTo(int i, TransactionBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Count, nameof(i));
        if (destination.Count == destination.Capacity)
        {
            throw new InvalidOperationException($"the destination batch is full ({destination.Capacity} entries)");
        }

        int j = destination.Count++;
        destination.Id[j] = Id[i];
        destination.Time[j] = Time[i];
        destination.Amount[j] = Amount[i];
        destination.From[j] = From[i];
        destination.To[j] = To[i];
        destination.Merchant[j] = Merchant[i];
        destination.Pattern[j] = Pattern[i];
        destination.Type[j] = Type[i];
        destination.Typology[j] = Typology[i];
        destination.FromRole[j] = FromRole[i];
        destination.ToRole[j] = ToRole[i];
        destination.Stage[j] = Stage[i];
        destination.IsFraud[j] = IsFraud[i];
        destination.IsLaundering[j] = IsLaundering[i];
        destination.FromBefore[j] = FromBefore[i];
        destination.FromAfter[j] = FromAfter[i];
        destination.ToBefore[j] = ToBefore[i];
        destination.ToAfter[j] = ToAfter[i];
        destination.Alert[j] = Alert[i];
        destination.ReportedAt[j] = ReportedAt[i];
    }

    /// <summary>Room for entries.</summary>
    public int Capacity { get; }

    /// <summary>Sequence number in the whole ledger, from 1, in time order.</summary>
    public long[] Id { get; }

    /// <summary>Unix seconds (UTC).</summary>
    public long[] Time { get; }

    /// <summary>Amount, minor units, &gt; 0.</summary>
    public long[] Amount { get; }

    /// <summary>Debited account.</summary>
    public int[] From { get; }

    /// <summary>Credited account.</summary>
    public int[] To { get; }

    /// <summary>The merchant (index) for card payments, bills, refunds and chargebacks; −1 otherwise.</summary>
    public int[] Merchant { get; }

    /// <summary>The pattern (index into the pattern table) this entry belongs to; −1 for legitimate activity.</summary>
    public int[] Pattern { get; }

    /// <summary>The kind of entry.</summary>
    public TransactionType[] Type { get; }

    /// <summary>The pattern's typology; <see cref="Finance.Typology.None"/> when legitimate.</summary>
    public Typology[] Typology { get; }

    /// <summary>The role of the debited account's owner in the pattern.</summary>
    public PartyRole[] FromRole { get; }

    /// <summary>The role of the credited account's owner in the pattern.</summary>
    public PartyRole[] ToRole { get; }

    /// <summary>Laundering stage; <see cref="LaunderingStage.None"/> for all else.</summary>
    public LaunderingStage[] Stage { get; }

    /// <summary>Truth: part of a fraud pattern.</summary>
    public bool[] IsFraud { get; }

    /// <summary>Truth: part of a laundering pattern.</summary>
    public bool[] IsLaundering { get; }

    /// <summary>Debited account's balance before the entry.</summary>
    public long[] FromBefore { get; }

    /// <summary>Debited account's balance after the entry.</summary>
    public long[] FromAfter { get; }

    /// <summary>Credited account's balance before the entry.</summary>
    public long[] ToBefore { get; }

    /// <summary>Credited account's balance after the entry.</summary>
    public long[] ToAfter { get; }

    /// <summary>Observed: the bank's rule that alerted on this entry, if any.</summary>
    public AlertRule[] Alert { get; }

    /// <summary>Observed: when the entry was reported as fraud (a victim's report or a chargeback), Unix seconds; 0 when
    /// it was not reported within the simulated period. Reports are noisy: some fraud is never reported, some
    /// legitimate entries are.</summary>
    public long[] ReportedAt { get; }
}

/// <summary>The bank's simple rules, as a bank would run them; what they flag is an observation, not the truth.</summary>
public enum AlertRule : byte
{
    /// <summary>No alert.</summary>
    None,

    /// <summary>An amount at or above <see cref="ObservationSpec.LargeAmount"/>.</summary>
    LargeAmount,

    /// <summary>Cash deposits of one account within a day adding up to the reporting threshold or more.</summary>
    CashNearThreshold,

    /// <summary>An account's balance taken to (nearly) nothing within an hour by transfers.</summary>
    RapidDrain,

    /// <summary>Many card-not-present payments on one card within minutes.</summary>
    Velocity,
}

/// <summary>
/// Every account, column by column: its public id, kind, owner, opening balance and limit, and the truth about its
/// owner's roles. Index = account number used in <see cref="TransactionBatch"/>.
/// </summary>
public sealed class AccountTable
{
    /// <summary>A table of <paramref name="count"/> accounts.</summary>
    public AccountTable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Id = new string[count];
        Kind = new AccountKind[count];
        Owner = new int[count];
        Merchant = new int[count];
        Opening = new long[count];
        Limit = new long[count];
        FraudRole = new PartyRole[count];
        LaunderingRole = new PartyRole[count];
    }

    /// <summary>Accounts.</summary>
    public int Count { get; }

    /// <summary>Public identifier: <c>C</c> (customer), <c>M</c> (merchant) or <c>X</c> (external) and ten digits from
    /// a keyed permutation of the index, so an id says nothing of when or why its account was made.</summary>
    public string[] Id { get; }

    /// <summary>Kind.</summary>
    public AccountKind[] Kind { get; }

    /// <summary>Owning customer (index), or −1.</summary>
    public int[] Owner { get; }

    /// <summary>Owning merchant (index), or −1.</summary>
    public int[] Merchant { get; }

    /// <summary>Opening balance, minor units.</summary>
    public long[] Opening { get; }

    /// <summary>How far below zero the balance may go, minor units (overdraft or credit limit); −1 for no limit
    /// (external accounts).</summary>
    public long[] Limit { get; }

    /// <summary>Truth: the owner's most serious role in any fraud pattern.</summary>
    public PartyRole[] FraudRole { get; }

    /// <summary>Truth: the owner's most serious role in any laundering pattern.</summary>
    public PartyRole[] LaunderingRole { get; }
}

/// <summary>One instance of a typology: what, who, when and how much.</summary>
/// <param name="Index">Index in the pattern table (the <see cref="TransactionBatch.Pattern"/> value), from 0.</param>
/// <param name="Typology">The typology.</param>
/// <param name="Members">The accounts taking part (indices), in the order the typology names them.</param>
/// <param name="Start">First entry's time, Unix seconds.</param>
/// <param name="End">Last entry's time, Unix seconds.</param>
/// <param name="Transactions">Entries posted.</param>
/// <param name="Amount">Sum of the entries' amounts, minor units.</param>
public sealed record PatternRecord(int Index, Typology Typology, IReadOnlyList<int> Members, long Start, long End, int Transactions, long Amount);
