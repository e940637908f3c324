using System.Diagnostics;
using System.Globalization;
using Sim.Core.Finance;
using Sim.Export.Dataset;
using Sim.Export.Files;
using Sim.Export.Ledger;
using Sim.Export.Manifest;
using Sim.Scenarios.Model;

namespace Sim.Cli.Run;

/// <summary>The ledger formats as <c>--formats</c> names them, and the files a ledger dataset may hold.</summary>
internal static class LedgerFormatNames
{
    private static readonly (string Name, LedgerFormats Format)[] Names =
        [("csv", LedgerFormats.Csv), ("parquet", LedgerFormats.Parquet), ("edges", LedgerFormats.Edges), ("paysim", LedgerFormats.PaySim)];

    /// <summary>The balanced variant's name in <c>--formats</c>.</summary>
    public const string Balanced = "balanced";

    /// <summary>Every format's name, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name), Balanced];

    /// <summary>Every file a ledger dataset may hold, the leakage report and the manifest included.</summary>
    public static IReadOnlyList<string> OwnFiles { get; } =
    [
        LedgerWriter.TransactionsCsv, LedgerWriter.TransactionsParquet, LedgerWriter.AccountsCsv, LedgerWriter.AccountsParquet,
        LedgerWriter.PatternsCsv, LedgerWriter.PatternsParquet, LedgerWriter.EdgesCsv, LedgerWriter.PaySimCsv, LeakageReport.FileName, DatasetManifest.FileName,
        BalancedSample.Csv, BalancedSample.Parquet,
    ];

    /// <summary>The names of <paramref name="formats"/> (and the balanced variant), in order.</summary>
    public static IReadOnlyList<string> Of(LedgerFormats formats, bool balanced) => [.. Names.Where(n => formats.HasFlag(n.Format)).Select(n => n.Name), .. balanced ? [Balanced] : Array.Empty<string>()];

    /// <summary>Parses a comma-separated list (order and repeats do not matter); the leakage check always runs.
    /// <c>balanced</c> adds the balanced variant (<see cref="BalancedSample"/>) in the CSV and Parquet formats asked
    /// for (CSV when neither is).</summary>
    /// <exception cref="ArgumentException">A name is not a ledger format (named, with the list).</exception>
    public static (LedgerFormats Formats, bool Balanced) Parse(string list)
    {
        string[] names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string? unknown = names.FirstOrDefault(n => !All.Contains(n, StringComparer.Ordinal));
        if (unknown is not null || names.Length == 0)
        {
            throw new ArgumentException(unknown is null
                ? $"--formats is empty; a ledger scenario writes some of: {string.Join(", ", All)}"
                : $"--formats: '{unknown}' is not a ledger format; a ledger scenario writes some of: {string.Join(", ", All)}");
        }

        return (names.Where(n => n != Balanced).Aggregate(LedgerFormats.Leakage, (f, n) => f | Names.First(x => x.Name == n).Format), names.Contains(Balanced));
    }
}

/// <summary>What a ledger scenario's run writes, beyond the scenario itself: the same for <c>sim run</c> and <c>sim batch</c>.</summary>
/// <param name="Seed">The seed, or null for the scenario's <c>meta.seed</c>.</param>
/// <param name="Formats">The ledger formats.</param>
/// <param name="Balanced">Whether the balanced variant is written too.</param>
/// <param name="Overwrite">Whether a complete ledger (or one made with other settings) is replaced.</param>
/// <param name="Threads">Worker threads for generating the days.</param>
/// <param name="KeepSame">With <paramref name="Overwrite"/>, whether a complete ledger of these same settings is kept
/// and only others replaced (<c>sim batch --overwrite</c>).</param>
internal sealed record LedgerSettings(ulong? Seed, LedgerFormats Formats, bool Balanced, bool Overwrite, int Threads, bool KeepSame = false);

/// <summary>
/// <c>sim run</c> for a ledger-only scenario (a <c>finance</c> section and no roads, actors or sensors): each variation
/// simulated day by day into <c>DIR/vNNNNNN/</c> — transactions, accounts and patterns as CSV and Parquet, the edge list,
/// PaySim's CSV, the leakage check's findings and <c>manifest.json</c> written last. Every file is written under a
/// temporary name and renamed at the end, so a killed run leaves no ledger file behind; run again, it starts that
/// variation afresh (a ledger is minutes of work, and a fresh start cannot duplicate or lose a row). A complete dataset
/// of the same settings is skipped; other settings are refused unless <c>--overwrite</c>. A stop signal ends the run at
/// the end of a day, its temporary files removed.
/// </summary>
internal static class LedgerRunner
{
    /// <summary>Runs <paramref name="indices"/> of <paramref name="spec"/>; returns the exit code: 0, 2 for bad input or
    /// a conflict, 1 when another process is writing a variation (it is skipped).</summary>
    public static int Run(ScenarioSpec spec, string file, string scenarioHash, IReadOnlyList<int> indices, LedgerSettings settings, string outRoot, RunLog log, StopSignal stop)
    {
        (ulong? seed, LedgerFormats formats, bool balanced, bool overwrite, _, bool keepSame) = settings;
        var plans = new List<(int Index, ScenarioInstance Instance, string Folder, string Key)>();
        var conflicts = new List<string>();
        foreach (int index in indices)
        {
            ScenarioInstance? instance = RunIdentity.Instantiate(spec, seed, index, log);
            if (instance?.Finance is null)
            {
                return ExitCodes.Usage;
            }

            if (balanced && instance.Finance.FraudRate is null && instance.Finance.LaunderingRate is null)
            {
                log.Error("usage", $"--formats balanced: {file} has no fraud_rate or laundering_rate, so there is nothing to balance against");
                return ExitCodes.Usage;
            }

            string folder = RunIdentity.Folder(outRoot, index);
            string key = RunKey(scenarioHash, instance.Seed, index, formats, balanced);
            string? conflict = Check(folder, key, overwrite, keepSame, out _);
            if (conflict is not null)
            {
                conflicts.Add(conflict);
            }

            plans.Add((index, instance, folder, key));
        }

        foreach (string conflict in conflicts)
        {
            log.Error("conflict", conflict);
        }

        if (conflicts.Count > 0)
        {
            return ExitCodes.Usage;
        }

        int code = ExitCodes.Success;
        foreach ((int index, ScenarioInstance instance, string folder, string key) in plans)
        {
            stop.ThrowIfRequested($"before {spec.Meta.Name} v{index}");
            if (File.Exists(outRoot))
            {
                log.Error("conflict", $"{outRoot} is a file, not a folder: {folder} cannot be written; choose another --out");
                return ExitCodes.Usage;
            }

            using VariationLock? held = VariationLock.TryTake(outRoot, index);
            if (held is null)
            {
                log.Error("locked", $"{folder} is being written by another process (its lock {VariationLock.PathOf(outRoot, index)} is held); skipped, run again once that process ends", ("folder", folder), ("scenario", spec.Meta.Name), ("variation", index));
                code = ExitCodes.Failure;
                continue;
            }

            _ = Check(folder, key, overwrite, keepSame, out bool complete);
            if (complete)
            {
                log.Result("skipped", $"{folder}: complete, made by these same settings; skipped (--overwrite remakes it)", ("folder", folder), ("scenario", spec.Meta.Name), ("variation", index));
                continue;
            }

            Clear(folder);
            RunOne(instance, file, scenarioHash, settings, folder, key, log, stop);
        }

        return code;
    }

    /// <summary>Null when <paramref name="folder"/> can be written (<paramref name="complete"/>: it already holds this
    /// run, and is kept: without <paramref name="overwrite"/>, or with <paramref name="keepSame"/>), else why not.</summary>
    private static string? Check(string folder, string key, bool overwrite, bool keepSame, out bool complete)
    {
        complete = false;
        if (File.Exists(folder))
        {
            return $"{folder} is a file, not a folder; choose another --out";
        }

        if (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return null;
        }

        string manifest = Path.Combine(folder, DatasetManifest.FileName);
        bool ours = Directory.EnumerateFileSystemEntries(folder).All(p => LedgerFormatNames.OwnFiles.Contains(Path.GetFileName(p), StringComparer.Ordinal) || IsTemp(p));
        if (!ours)
        {
            return $"{folder} holds files that are not a Sim ledger's; nothing there was changed, choose an empty or new --out";
        }

        if (!File.Exists(manifest))
        {
            return null; // an unfinished run's temporary files: started afresh
        }

        string? made = LedgerManifest.RunKeyOf(manifest);
        if (made == DatasetWriter.KeyHash(key))
        {
            complete = !overwrite || keepSame;
            return null;
        }

        return overwrite ? null : $"{folder} already holds a complete ledger made with other settings; pass --overwrite to replace it, or choose another --out";
    }

    private static bool IsTemp(string path) => Path.GetFileName(path).StartsWith('.') && path.EndsWith(AtomicFile.TempSuffix, StringComparison.Ordinal);

    /// <summary>Removes what a ledger run writes (and temporary files a killed one left), nothing else.</summary>
    private static void Clear(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(folder))
        {
            if (LedgerFormatNames.OwnFiles.Contains(Path.GetFileName(path), StringComparer.Ordinal) || IsTemp(path))
            {
                File.Delete(path);
            }
        }
    }

    private static void RunOne(ScenarioInstance instance, string file, string scenarioHash, LedgerSettings settings, string folder, string key, RunLog log, StopSignal stop)
    {
        (LedgerFormats formats, bool balanced) = (settings.Formats, settings.Balanced);
        var total = Stopwatch.StartNew();
        FinanceSpec finance = instance.Finance!;
        Directory.CreateDirectory(folder);
        // The variation index enters the seed as it does for driving scenarios: variations differ even when nothing is drawn.
        ulong seed = Sim.Scenarios.WorldBuilder.SimulationSeedFor(instance.Seed, instance.Index);
        var simulation = new FinanceSimulation(finance, seed, settings.Threads);
        var context = LedgerContext.For(finance, simulation.Population.Accounts);
        LeakageReport? leakage;
        var sample = new BalancedSample(BalancedSample.KeepFor((finance.FraudRate ?? 0) + (finance.LaunderingRate ?? 0)), seed ^ 0xBA1A_CED0);
        var variants = new List<ILedgerWriter>();
        try
        {
            using var writer = new LedgerWriter(folder, context, formats);
            if (balanced && (formats.HasFlag(LedgerFormats.Csv) || !formats.HasFlag(LedgerFormats.Parquet)))
            {
                variants.Add(new TransactionCsvWriter(Path.Combine(folder, BalancedSample.Csv), context));
            }

            if (balanced && formats.HasFlag(LedgerFormats.Parquet))
            {
                variants.Add(new TransactionParquetWriter(Path.Combine(folder, BalancedSample.Parquet), context));
            }

            // The batch itself goes to the writers (no copy); they give back the one they finished, to fill next.
            TransactionBatch Write(TransactionBatch batch)
            {
                TransactionBatch next = writer.Handover(batch);
                if (variants.Count > 0)
                {
                    TransactionBatch kept = sample.Filter(batch); // reading the batch handed over is allowed
                    foreach (ILedgerWriter v in variants)
                    {
                        v.Append(kept);
                    }
                }

                return next;
            }

            string label = string.Create(CultureInfo.InvariantCulture, $"{instance.Meta.Name} v{instance.Index}");
            new RunProgress(log, "day").Run(label, finance.Days, done => simulation.Run(Write, dayDone: day =>
            {
                done(true);
                if (day + 1 < finance.Days)
                {
                    // A ledger is written whole or not at all: its temporary files go, and the next run starts it afresh.
                    stop.ThrowIfRequested(string.Create(CultureInfo.InvariantCulture, $"after day {day + 1} of {finance.Days} of {folder} (its unfinished files removed)"));
                }
            }));
            leakage = writer.Complete(simulation.Patterns);
            foreach (ILedgerWriter v in variants)
            {
                v.Complete();
            }
        }
        finally
        {
            foreach (ILedgerWriter v in variants)
            {
                v.Dispose();
            }
        }

        FinanceSummary summary = simulation.Summary;
        ScenarioProvenance provenance = RunIdentity.Provenance(instance, file, scenarioHash);
        var manifest = new LedgerManifest(SimVersion.Informational, provenance, finance, summary, simulation.Population.Accounts.Count, LedgerFormatNames.Of(formats, balanced),
            DatasetManifest.ListFiles(folder, sync: true), new Dictionary<string, double> { ["total_s"] = total.Elapsed.TotalSeconds }, DatasetWriter.KeyHash(key));
        manifest.Write(folder);
        long bytes = manifest.Files.Sum(f => f.Bytes);
        string leaks = LeakSummary(leakage);
        log.Result(
            "dataset",
            string.Create(CultureInfo.InvariantCulture, $"{folder}: {finance.Days} days, {summary.Posted:N0} transactions ({Share(summary.Fraud, summary.Posted)} fraud, {Share(summary.Laundering, summary.Posted)} laundering), {summary.Patterns:N0} patterns, {manifest.Files.Count} files, {bytes / 1e6:0.0} MB; {leaks}"),
            ("folder", folder), ("scenario", instance.Meta.Name), ("variation", instance.Index), ("days", finance.Days), ("transactions", summary.Posted), ("fraud", summary.Fraud),
            ("laundering", summary.Laundering), ("files", manifest.Files.Count), ("bytes", bytes), ("seconds", total.Elapsed.TotalSeconds));
    }

    /// <summary>The leakage check in a phrase: what it flags, or that nothing gives the labels away.</summary>
    private static string LeakSummary(LeakageReport? report) => report is null
        ? "no leakage check"
        : report.Leaks.Count == 0
            ? "leakage check: no column gives the labels away"
            : $"leakage check flags {string.Join(", ", report.Leaks.Select(l => $"{l.Column} ({l.Label})").Distinct())}";

    private static string Share(long part, long whole) => whole == 0 ? "0 %" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.###} %");

    /// <summary>Everything that determines a ledger's bytes.</summary>
    private static string RunKey(string scenarioHash, ulong seed, int variation, LedgerFormats formats, bool balanced) =>
        RunIdentity.Key(scenarioHash, seed, variation, w => w.WriteString("formats", string.Join(",", LedgerFormatNames.Of(formats, balanced))));
}
