using System.Diagnostics;
using Sim.Bench.Harness;
using Sim.Core.Finance;
using Sim.Export.Ledger;

namespace Sim.Bench.Finance;

/// <summary>
/// <c>bench/run finance</c>: the ledger simulation with 1,000,000 customers (100,000 with <c>--quick</c>), every
/// typology scheduled at 0.2 % fraud and 0.1 % laundering. (1) Throughput: entries generated, posted and written to
/// Parquet (transactions, accounts and patterns; <see cref="LedgerWriter"/> encodes a batch while the next is posted) per second over 7 days (<c>finance.tx_per_s</c>, goal ≥ 2 M/s on 2 cores), against the same run generating
/// and posting only (<c>finance.write_share</c>: the share of the time that writing adds). (2) Memory: the same run in
/// child processes for 7 and 28 days, peak resident sets compared (<c>finance.rss_growth</c>, goal ≤ 1.1: memory flat
/// in the number of days), with the allocator settings sim applies (NativeHeap.Tune); and 56 against 28 days
/// (<c>finance.rss_growth_28_56</c>). A run holds two consecutive days' proposals (the day posted and the next, generated
/// meanwhile), and the default start (5 January) puts the month's payday (the 25th, about a quarter busier than any
/// other day) inside 28 days but not inside 7, so the first ratio includes that day and the second, where both runs
/// include a payday, shows what the number of days adds.
/// </summary>
public sealed class FinanceSuite : IBenchSuite
{
    public string Name => "finance";

    public string Description => "ledger entries generated and written to Parquet per second; peak memory 28 vs 7 days";

    private static FinanceSpec Spec(int customers, int days) => FinanceSpec.Default with
    {
        Customers = customers,
        Merchants = customers / 50,
        Days = days,
        FraudRate = 0.002,
        LaunderingRate = 0.001,
        Typologies = [.. TypologyCatalog.All.Select(t => new TypologySchedule(t, 1, 0, days - 1, new Dictionary<string, double>()))],
    };

    /// <summary>Child-process entry: <c>finance-rss CUSTOMERS DAYS FOLDER</c> runs and writes Parquet, prints peak RSS.</summary>
    public static int RssChild(int customers, int days, string folder)
    {
        Directory.CreateDirectory(folder);
        Write(Spec(customers, days), folder);
        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
        return 0;
    }

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        int customers = quick ? 100_000 : 1_000_000;
        string root = Directory.CreateTempSubdirectory("sim-bench-finance-").FullName;
        try
        {
            FinanceSpec week = Spec(customers, 7);
            Write(Spec(customers / 10, 2), Path.Combine(root, "warm-up")); // compiles everything first

            var generate = Stopwatch.StartNew();
            long posted = 0;
            var simulation = new FinanceSimulation(week, 1, Environment.ProcessorCount);
            simulation.Run(b => posted += b.Count);
            double generateSeconds = generate.Elapsed.TotalSeconds;

            var write = Stopwatch.StartNew();
            long written = Write(week, Path.Combine(root, "week"), log);
            double writeSeconds = write.Elapsed.TotalSeconds;
            long bytes = new FileInfo(Path.Combine(root, "week", "transactions.parquet")).Length;
            log.WriteLine($"# finance: {customers:N0} customers, 7 days: {written:N0} entries; generated and posted in {generateSeconds:0.00} s ({posted / generateSeconds / 1e6:0.00} M/s), with Parquet {writeSeconds:0.00} s ({written / writeSeconds / 1e6:0.00} M/s, {bytes / 1e6:0} MB)");

            // Memory at the full population: the Parquet encoder's buffer pools fill over the first few 1M-row batches and
            // then stay put, so a run too small for several batches would measure that warm-up instead of the days.
            int rssCustomers = quick ? 200_000 : customers;
            long rss7 = Child(rssCustomers, 7, Path.Combine(root, "rss7")), rss28 = Child(rssCustomers, 28, Path.Combine(root, "rss28"));
            long rss56 = Child(rssCustomers, 56, Path.Combine(root, "rss56"));
            log.WriteLine($"# finance: peak RSS {rss7 / 1e6:0} MB for 7 days, {rss28 / 1e6:0} MB for 28, {rss56 / 1e6:0} MB for 56 ({rssCustomers:N0} customers)");
            return
            [
                new Figure("finance.tx_per_s", written / writeSeconds, "tx/s"),
                new Figure("finance.generate_tx_per_s", posted / generateSeconds, "tx/s"),
                new Figure("finance.write_share", 1 - (generateSeconds / writeSeconds), "x"),
                new Figure("finance.rss_growth", rss28 / (double)rss7, "x"),
                new Figure("finance.rss_growth_28_56", rss56 / (double)rss28, "x"),
            ];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="spec"/> writing transactions.parquet into <paramref name="folder"/>; returns rows.</summary>
    private static long Write(FinanceSpec spec, string folder, TextWriter? log = null)
    {
        Directory.CreateDirectory(folder);
        var phase = Stopwatch.StartNew();
        var simulation = new FinanceSimulation(spec, 1, Environment.ProcessorCount);
        var context = LedgerContext.For(spec, simulation.Population.Accounts);
        double setup = phase.Elapsed.TotalSeconds, run;
        long rows = 0;
        using (var writer = new LedgerWriter(folder, context, LedgerFormats.Parquet))
        {
            simulation.Run(b =>
            {
                rows += b.Count;
                return writer.Handover(b);
            });
            run = phase.Elapsed.TotalSeconds - setup;
            writer.Complete(simulation.Patterns);
        }

        log?.WriteLine($"# finance: phases: population {setup:0.00} s, days {run:0.00} s ({rows / run / 1e6:0.00} M/s), completing the files {phase.Elapsed.TotalSeconds - setup - run:0.00} s");
        return rows;
    }

    private static long Child(int customers, int days, string folder)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FinanceSuite).Assembly.Location);
        }

        foreach (string a in new[] { "finance-rss", customers.ToString(System.Globalization.CultureInfo.InvariantCulture), days.ToString(System.Globalization.CultureInfo.InvariantCulture), folder })
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? long.Parse(output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException($"finance-rss child exited {p.ExitCode}");
    }
}
