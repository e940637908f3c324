using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sim.Bench.Harness;

namespace Sim.Bench.Batch;

/// <summary>
/// <c>bench/run batch</c>: the same batch (a shipped driving scenario, CPU renderer, KITTI + COCO + MessagePack) run by
/// <c>sim batch</c> as one process and as two shard processes at once, each with <c>--threads 1</c>, as a farm node runs
/// one shard per core. <c>batch.scaling_2p</c> is the one process's wall time over the two's (goal ≥ 1.6 on 2 cores: what
/// sharding loses to shared memory bandwidth, disk and start-up). For comparison, <c>batch.threads_2</c> is the same one
/// process given two threads instead. Runs alternate one, two, two, one (ABBA) so a drifting machine favours neither, and
/// each run writes into a fresh folder (nothing is deleted until the end: ext4 is slow to create files just after a
/// mass deletion). Memory: one shard's peak resident set (its <c>shard_done</c> log event) for 4 and for 16 variations of
/// 4 frames each (<c>batch.rss_growth</c>, goal ≤ 1.1: nothing kept per variation).
/// </summary>
public sealed class BatchSuite : IBenchSuite
{
    public string Name => "batch";

    public string Description => "sim batch throughput: 2 shard processes over 1 on this machine (batch.scaling_2p)";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        string sim = Path.Combine(AppContext.BaseDirectory, "sim.dll");
        string scenario = Path.Combine(Root(), "scenarios", "pedestrian-behind-parked-van.yaml");
        int variations = quick ? 4 : 8, frames = quick ? 6 : 16;
        string root = Directory.CreateTempSubdirectory("sim-bench-batch-").FullName;
        int run = 0;
        double Batch(int processes, int threads)
        {
            string output = Path.Combine(root, $"run{run++}");
            var clock = Stopwatch.StartNew();
            Process[] shards = [.. Enumerable.Range(0, processes).Select(i => Start(sim, scenario, variations, frames, output, $"{i}/{processes}", threads))];
            // Every shard's pipes drained at once, so none waits on a full pipe while an earlier one is read.
            (Task<string> Results, Task<string> Errors)[] drains = [.. shards.Select(p => (p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync()))];
            for (int i = 0; i < shards.Length; i++)
            {
                _ = drains[i].Results.GetAwaiter().GetResult();
                string errors = drains[i].Errors.GetAwaiter().GetResult();
                shards[i].WaitForExit();
                if (shards[i].ExitCode != 0)
                {
                    throw new InvalidOperationException($"sim batch exited {shards[i].ExitCode}: {errors}");
                }

                shards[i].Dispose();
            }

            return clock.Elapsed.TotalSeconds;
        }

        try
        {
            Batch(1, 1); // warm-up: the disk cache holds sim and the scenario, the first folder is made
            var one = new List<double>();
            var two = new List<double>();
            var threaded = new List<double>();
            foreach (int processes in new[] { 1, 2, 2, 1 })
            {
                (processes == 1 ? one : two).Add(Batch(processes, 1));
            }

            threaded.Add(Batch(1, 2));
            threaded.Add(Batch(1, 2));
            long PeakRss(int count)
            {
                using Process p = Start(sim, scenario, count, 4, Path.Combine(root, $"rss{count}"), "0/1", 2);
                Task<string> progress = p.StandardError.ReadToEndAsync();
                string events = p.StandardOutput.ReadToEnd();
                _ = progress.GetAwaiter().GetResult();
                p.WaitForExit();
                JsonElement done = events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                    .Single(e => e.GetProperty("event").GetString() == "shard_done");
                return done.GetProperty("peak_rss_bytes").GetInt64();
            }

            long rssFew = PeakRss(4), rssMany = PeakRss(16);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# batch: peak RSS {rssFew / 1e6:0} MB for 4 variations, {rssMany / 1e6:0} MB for 16"));
            double t1 = one.Average(), t2 = two.Average(), tt = threaded.Average();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# batch: {variations} variations x {frames} frames; 1 process {string.Join(", ", one.Select(s => $"{s:0.0}"))} s, 2 processes {string.Join(", ", two.Select(s => $"{s:0.0}"))} s, 1 process with 2 threads {string.Join(", ", threaded.Select(s => $"{s:0.0}"))} s"));
            return
            [
                new Figure("batch.scaling_2p", t1 / t2, "x"),
                new Figure("batch.threads_2", t1 / tt, "x"),
                new Figure("batch.frames_per_s_2p", variations * frames / t2, "frames/s"),
                new Figure("batch.rss_growth", rssMany / (double)rssFew, "x"),
            ];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Starts one shard with JSON logs: results on stdout, progress on stderr (both must be drained).</summary>
    private static Process Start(string sim, string scenario, int variations, int frames, string output, string shard, int threads)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet")
        {
            start.FileName = "dotnet";
        }

        start.Environment["MALLOC_ARENA_MAX"] = "2";
        foreach (string a in new[]
        {
            sim, "batch", scenario, "--variations", variations.ToString(CultureInfo.InvariantCulture), "--frames", frames.ToString(CultureInfo.InvariantCulture),
            "--backend", "cpu", "--formats", "kitti,coco,msgpack", "--out", output, "--shard", shard, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--log-format", "json",
        })
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    private static string Root()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Sim.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Sim.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
