using System.Security.Cryptography;
using Sim.Core.Finance;

namespace Sim.Core.Tests.Finance;

/// <summary>One posted entry, copied out of a batch.</summary>
internal sealed record Entry(
    long Id, long Time, long Amount, int From, int To, int Merchant, int Pattern, TransactionType Type, Typology Typology,
    PartyRole FromRole, PartyRole ToRole, LaunderingStage Stage, bool IsFraud, bool IsLaundering,
    long FromBefore, long FromAfter, long ToBefore, long ToAfter, AlertRule Alert, long ReportedAt);

/// <summary>A whole run kept in memory for tests: its entries, hash, accounts, patterns and summary.</summary>
internal sealed class LedgerRun
{
    private LedgerRun(FinanceSimulation simulation, List<Entry> entries, string hash, List<int> batchSizes)
    {
        Simulation = simulation;
        Entries = entries;
        Hash = hash;
        BatchSizes = batchSizes;
    }

    public FinanceSimulation Simulation { get; }

    public List<Entry> Entries { get; }

    /// <summary>SHA-256 over every column of every entry, in order.</summary>
    public string Hash { get; }

    public int Batches => BatchSizes.Count;

    /// <summary>Each batch's entry count, in order.</summary>
    public IReadOnlyList<int> BatchSizes { get; }

    public AccountTable Accounts => Simulation.Population.Accounts;

    /// <summary>Every typology scheduled from day 0 to the end with its defaults, weight 1.</summary>
    public static IReadOnlyList<TypologySchedule> AllTypologies(int days, Func<Typology, bool>? which = null) =>
        [.. TypologyCatalog.All.Where(t => which?.Invoke(t) ?? true).Select(t => new TypologySchedule(t, 1, 0, days - 1, new Dictionary<string, double>()))];

    public static FinanceSpec Spec(int customers = 4_000, int days = 14, double? fraud = 0.004, double? laundering = 0.002, IReadOnlyList<TypologySchedule>? typologies = null) =>
        FinanceSpec.Default with
        {
            Customers = customers, Merchants = Math.Max(40, customers / 40), Days = days, FraudRate = fraud, LaunderingRate = laundering,
            Start = new DateOnly(2026, 1, 19), // two weeks with a pay day (the 25th) in them
            Typologies = typologies ?? AllTypologies(days, t => (fraud is not null || FinanceNames.IsLaundering(t)) && (laundering is not null || !FinanceNames.IsLaundering(t))),
        };

    /// <summary>Runs <paramref name="spec"/>; with <paramref name="handover"/> through the exchanging overload, giving back
    /// each time a spare batch (larger, and full of other entries) rather than the one just filled.</summary>
    public static LedgerRun Of(FinanceSpec spec, ulong seed = 7, int threads = 2, int batchRows = 50_000, bool handover = false)
    {
        var simulation = new FinanceSimulation(spec, seed, threads);
        var entries = new List<Entry>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var batches = new List<int>();
        void Take(TransactionBatch b)
        {
            batches.Add(b.Count);
            for (int i = 0; i < b.Count; i++)
            {
                var e = new Entry(b.Id[i], b.Time[i], b.Amount[i], b.From[i], b.To[i], b.Merchant[i], b.Pattern[i], b.Type[i], b.Typology[i], b.FromRole[i], b.ToRole[i], b.Stage[i], b.IsFraud[i], b.IsLaundering[i], b.FromBefore[i], b.FromAfter[i], b.ToBefore[i], b.ToAfter[i], b.Alert[i], b.ReportedAt[i]);
                entries.Add(e);
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(e.ToString()));
            }
        }

        if (handover)
        {
            var spare = new TransactionBatch(batchRows + 10);
            simulation.Run(
                b =>
                {
                    Take(b);
                    (TransactionBatch next, spare) = (spare, b);
                    Array.Fill(next.Amount, -1); // what the run must overwrite
                    Array.Fill(next.IsFraud, true);
                    next.Count = next.Capacity / 2; // and reset
                    return next;
                },
                batchRows);
        }
        else
        {
            simulation.Run(Take, batchRows);
        }

        return new LedgerRun(simulation, entries, Convert.ToHexStringLower(hash.GetHashAndReset()), batches);
    }
}
