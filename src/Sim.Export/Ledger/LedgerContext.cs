using System.Diagnostics.CodeAnalysis;
using Sim.Core.Finance;

namespace Sim.Export.Ledger;

/// <summary>
/// What every ledger writer needs besides the entries: the account table (public ids, merchants' accounts), the
/// currency and the first day, whose midnight (UTC) is step 0. Built once per ledger; it keeps a merchant → account
/// map (one int per merchant) and, for readers only, an id → account map built on first use.
/// </summary>
public sealed class LedgerContext
{
    private const int SecondsPerHour = 3600;

    /// <summary>9999-12-31T23:59:59Z in Unix seconds: the last time CSV (ISO 8601, four-digit years) and Parquet
    /// (microseconds in 64 bits, read into .NET's and pandas' date types) both hold.</summary>
    private const long LastSecond = 253_402_300_799;

    private readonly int[] _merchantAccount;
    private readonly Lazy<CsvAccountIds> _csvIds;
    private readonly Lazy<Utf8Values> _utf8Ids;
    private Dictionary<string, int>? _accountById;

    /// <summary>A context for <paramref name="accounts"/>, amounts in <paramref name="currency"/>, steps counted in hours
    /// from midnight (UTC) of <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentException">An account has no id, two merchant accounts name the same merchant, or the
    /// currency is empty.</exception>
    public LedgerContext(AccountTable accounts, string currency, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        Accounts = accounts;
        Currency = currency;
        Start = start;
        StartUnixSeconds = (long)(start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;

        int merchants = 0;
        for (int i = 0; i < accounts.Count; i++)
        {
            if (string.IsNullOrEmpty(accounts.Id[i]))
            {
                throw new ArgumentException($"account {i} has no public id", nameof(accounts));
            }

            if (accounts.Kind[i] == AccountKind.Merchant)
            {
                merchants = Math.Max(merchants, accounts.Merchant[i] + 1);
            }
        }

        _csvIds = new Lazy<CsvAccountIds>(() => new CsvAccountIds(accounts.Id));
        _utf8Ids = new Lazy<Utf8Values>(() => new Utf8Values(accounts.Id));
        _merchantAccount = new int[merchants];
        Array.Fill(_merchantAccount, -1);
        for (int i = 0; i < accounts.Count; i++)
        {
            if (accounts.Kind[i] == AccountKind.Merchant && accounts.Merchant[i] >= 0)
            {
                ref int slot = ref _merchantAccount[accounts.Merchant[i]];
                slot = slot < 0 ? i : throw new ArgumentException($"merchant {accounts.Merchant[i]} has two settlement accounts, {accounts.Id[slot]} and {accounts.Id[i]}", nameof(accounts));
            }
        }
    }

    /// <summary>The accounts; entries name them by index.</summary>
    public AccountTable Accounts { get; }

    /// <summary>ISO 4217 code of every amount.</summary>
    public string Currency { get; }

    /// <summary>The first day (UTC).</summary>
    public DateOnly Start { get; }

    /// <summary>Midnight (UTC) of <see cref="Start"/>, Unix seconds: the beginning of step 0.</summary>
    public long StartUnixSeconds { get; }

    /// <summary>A context for a finance scenario's ledger: its currency and first day.</summary>
    public static LedgerContext For(FinanceSpec spec, AccountTable accounts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new LedgerContext(accounts, spec.Currency, spec.Start);
    }

    /// <summary>The step of a time: whole hours since midnight (UTC) of the first day, from 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is before the first day.</exception>
    public int Step(long unixSeconds)
    {
        long offset = unixSeconds - StartUnixSeconds;
        return offset >= 0 ? checked((int)(offset / SecondsPerHour)) : throw new ArgumentOutOfRangeException(nameof(unixSeconds), unixSeconds, $"before the ledger's first day, {Start:yyyy-MM-dd}");
    }

    /// <summary>The settlement account (index) of merchant <paramref name="merchant"/>, or −1 for −1 (no merchant).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No account belongs to that merchant.</exception>
    public int MerchantAccount(int merchant)
    {
        if (merchant == -1)
        {
            return -1;
        }

        return (uint)merchant < (uint)_merchantAccount.Length && _merchantAccount[merchant] >= 0
            ? _merchantAccount[merchant]
            : throw new ArgumentOutOfRangeException(nameof(merchant), merchant, "no merchant account belongs to this merchant");
    }

    /// <summary>The number of merchant numbers (merchants' settlement accounts are <see cref="MerchantAccount"/>).</summary>
    internal int MerchantCount => _merchantAccount.Length;

    /// <summary>Merchant <paramref name="merchant"/>'s settlement account, or −1 when it has none (0 ≤ merchant &lt;
    /// <see cref="MerchantCount"/>).</summary>
    internal int MerchantAccountOrNone(int merchant) => _merchantAccount[merchant];

    /// <summary>The accounts' ids as CSV fields (built on first use, shared by the CSV writers).</summary>
    internal CsvAccountIds CsvIds => _csvIds.Value;

    /// <summary>The accounts' ids as UTF-8 (built on first use, shared by the Parquet writers: the transactions, their
    /// balanced sample and the account table).</summary>
    internal Utf8Values Utf8Ids => _utf8Ids.Value;

    /// <summary>The index of the account with public id <paramref name="id"/> (readers; the map is built on first use).</summary>
    internal bool TryFindAccount(string id, out int account)
    {
        _accountById ??= BuildAccountMap();
        return _accountById.TryGetValue(id, out account);
    }

    /// <summary>Checks a batch against the contract before anything of it is written: its count, account and merchant
    /// indices, enumeration values, positive amounts, and times not before the first day.</summary>
    /// <exception cref="ArgumentException">The batch breaks the contract; the message names the entry by id.</exception>
    internal void Validate(TransactionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if ((uint)batch.Count > (uint)batch.Capacity)
        {
            throw new ArgumentException($"batch count {batch.Count} is outside 0–{batch.Capacity}", nameof(batch));
        }

        uint accounts = (uint)Accounts.Count;
        for (int i = 0; i < batch.Count; i++)
        {
            if ((uint)batch.From[i] >= accounts || (uint)batch.To[i] >= accounts)
            {
                Invalid(batch, i, $"account {((uint)batch.From[i] >= accounts ? batch.From[i] : batch.To[i])} is not in the table of {Accounts.Count}");
            }

            int merchant = batch.Merchant[i];
            if (merchant != -1 && ((uint)merchant >= (uint)_merchantAccount.Length || _merchantAccount[merchant] < 0))
            {
                Invalid(batch, i, $"merchant {merchant} has no settlement account");
            }

            if (batch.Amount[i] <= 0)
            {
                Invalid(batch, i, $"amount {batch.Amount[i]} is not positive");
            }

            if (batch.Time[i] < StartUnixSeconds)
            {
                Invalid(batch, i, $"time {batch.Time[i]} is before the first day, {Start:yyyy-MM-dd}");
            }

            if (batch.Time[i] > LastSecond || batch.ReportedAt[i] > LastSecond)
            {
                Invalid(batch, i, $"time {Math.Max(batch.Time[i], batch.ReportedAt[i])} is after 9999-12-31T23:59:59Z, the last second a timestamp can hold");
            }

            if (batch.Pattern[i] < -1 || batch.ReportedAt[i] < 0)
            {
                Invalid(batch, i, batch.Pattern[i] < -1 ? $"pattern {batch.Pattern[i]} is below −1" : $"reported_at {batch.ReportedAt[i]} is negative");
            }

            if (batch.Type[i] > TransactionType.Chargeback || batch.Typology[i] > Typology.Structuring || batch.FromRole[i] > PartyRole.Beneficiary
                || batch.ToRole[i] > PartyRole.Beneficiary || batch.Stage[i] > LaunderingStage.Integration || batch.Alert[i] > AlertRule.Velocity)
            {
                Invalid(batch, i, "an enumeration value (type, typology, role, stage or alert) is out of range");
            }
        }
    }

    [DoesNotReturn]
    private static void Invalid(TransactionBatch batch, int row, string problem) =>
        throw new ArgumentException($"ledger entry {batch.Id[row]} (row {row} of the batch): {problem}", nameof(batch));

    private Dictionary<string, int> BuildAccountMap()
    {
        var map = new Dictionary<string, int>(Accounts.Count, StringComparer.Ordinal);
        for (int i = 0; i < Accounts.Count; i++)
        {
            if (!map.TryAdd(Accounts.Id[i], i))
            {
                throw new InvalidOperationException($"two accounts have the id {Accounts.Id[i]}: {map[Accounts.Id[i]]} and {i}");
            }
        }

        return map;
    }
}
