using System.Diagnostics;
using System.Text.Json;
using Sim.Cli.Batch;
using Sim.Export.Manifest;
using Sim.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>sim batch</c> as a farm runs it: separate processes per shard, the index from the scheduler's environment, kills
/// at random moments and SIGTERM, JSON logs and <c>sim batch status</c>. The batch mixes a driving scenario (the golden
/// tiny street, CPU renderer) and a small ledger scenario, two variations each.
/// </summary>
public sealed class BatchCommandTests : IDisposable
{
    private const string Bank = """
        meta:
          name: tiny-bank
          description: A small bank for batch tests.
          seed: 11
        finance:
          customers: 1500
          merchants: 60
          days: 5
          start: 2026-03-02
          currency: EUR
          fraud_rate: 0.01
          laundering_rate: 0.005
          typologies:
            - { type: card_testing, weight: 1 }
            - { type: fan_in, weight: 1, degree: 4 }
        """;

    private static readonly string Street = RepositoryRoot.Combine("tests", "Sim.Cli.Tests", "Golden", "tiny-street.yaml");
    private static readonly string SimDll = Path.Combine(AppContext.BaseDirectory, "sim.dll");
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-batch-").FullName;

    public BatchCommandTests() => File.WriteAllText(BankFile, Bank);

    private string BankFile => Path.Combine(_dir, "tiny-bank.yaml");

    private string[] Batch(string output, params string[] extra) =>
        ["batch", Street, BankFile, "--variations", "2", "--frames", "4", "--backend", "cpu", "--formats", "kitti,coco,msgpack,csv,parquet", "--out", Path.Combine(_dir, output), .. extra];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(SimDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (string variable in new[] { "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "AWS_BATCH_JOB_ARRAY_INDEX", ShardSource.ShardsVariable })
        {
            start.Environment.Remove(variable);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    private static ChildProcessResult Wait(Process p)
    {
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "sim batch did not finish in 3 minutes");
        return new ChildProcessResult(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string[] Datasets(string root) =>
        [.. Directory.GetFiles(root, DatasetManifest.FileName, SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!)).Order(StringComparer.Ordinal)];

    private static void SameBatch(string expected, string actual)
    {
        string[] datasets = Datasets(expected);
        Assert.Equal(4, datasets.Length);
        Assert.Equal(datasets, Datasets(actual));
        foreach (string d in datasets)
        {
            DatasetAssert.Same(Path.Combine(expected, d), Path.Combine(actual, d));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, BatchManifest.FileName)), File.ReadAllBytes(Path.Combine(actual, BatchManifest.FileName)));
        Assert.Equal(
            Directory.GetFileSystemEntries(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal)); // nothing left over: no temporary file, no marker
    }

    [Fact]
    public void One_shard_and_four_shards_in_separate_processes_write_the_same_bytes()
    {
        ChildProcessResult whole = Wait(Start(Batch("one", "--threads", "2")));
        Assert.True(whole.ExitCode == ExitCodes.Success, whole.Stderr);

        // Four processes at once, as a job array runs them, each told its index the way its scheduler tells it.
        var environments = new Dictionary<string, string>[]
        {
            new() { ["JOB_COMPLETION_INDEX"] = "0", [ShardSource.ShardsVariable] = "4" },
            new() { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1" },
            new() { ["AWS_BATCH_JOB_ARRAY_INDEX"] = "2" },
            [],
        };
        Process[] shards =
        [
            Start(Batch("four", "--threads", "1"), environments[0]),
            Start(Batch("four", "--threads", "1"), environments[1]),
            Start(Batch("four", "--threads", "1", "--shards", "4"), environments[2]),
            Start(Batch("four", "--threads", "1", "--shard", "3/4"), environments[3]),
        ];
        ChildProcessResult[] results = [.. shards.Select(Wait)];
        for (int i = 0; i < 4; i++)
        {
            Assert.True(results[i].ExitCode == ExitCodes.Success, results[i].Stderr);
            Assert.Contains($"shard {i}/4 (", results[i].Stderr, StringComparison.Ordinal);
            Assert.Contains($"shard {i}/4: 1 of 1 variations complete; peak memory ", results[i].Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("(SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=4, SLURM_ARRAY_TASK_MIN=1)", results[1].Stderr, StringComparison.Ordinal);
        SameBatch(Path.Combine(_dir, "one"), Path.Combine(_dir, "four"));
    }

    [Fact]
    public async Task A_shard_killed_at_random_moments_resumes_to_the_bytes_of_an_uninterrupted_run()
    {
        var clock = Stopwatch.StartNew();
        ChildProcessResult whole = Wait(Start(Batch("whole")));
        Assert.True(whole.ExitCode == ExitCodes.Success, whole.Stderr);
        double seconds = clock.Elapsed.TotalSeconds;

        int interrupted = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            string output = $"killed-{seed}";
            var random = new Random(seed);
            // Killed once or twice per trial at a moment drawn over the uninterrupted run's length, then run to the end.
            // A run can finish before its kill (the measured run shared the cores with other tests; a resumed run has
            // less left to do): a trial none of whose kills landed starts again from nothing, its moments halved.
            for (double scale = 1; ; scale /= 2)
            {
                string folder = Path.Combine(_dir, output);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                int landed = 0;
                for (int kill = 0; kill < 1 + (seed % 2); kill++)
                {
                    using Process child = Start(Batch(output));
                    Task<string> drainOut = child.StandardOutput.ReadToEndAsync(), drainErr = child.StandardError.ReadToEndAsync();
                    await Task.Delay(TimeSpan.FromSeconds(seconds * scale * (0.1 + (0.8 * random.NextDouble()))));
                    if (!child.HasExited)
                    {
                        child.Kill(entireProcessTree: true);
                        landed++;
                    }

                    child.WaitForExit();
                    _ = await drainOut + await drainErr;
                }

                interrupted += landed;
                if (landed > 0 || scale < 0.1)
                {
                    break;
                }
            }

            ChildProcessResult resumed = Wait(Start(Batch(output)));
            Assert.True(resumed.ExitCode == ExitCodes.Success, $"trial {seed}: {resumed.Stderr}");
            SameBatch(Path.Combine(_dir, "whole"), Path.Combine(_dir, output));
        }

        Assert.True(interrupted >= 5, $"only {interrupted} of the kills landed before the run ended");
    }

    [Fact]
    public async Task Sigterm_finishes_the_frame_in_hand_exits_143_and_the_same_command_resumes()
    {
        string[] args = ["batch", RepositoryRoot.Combine("scenarios", "pedestrian-behind-parked-van.yaml"), "--variations", "1", "--frames", "40", "--backend", "cpu", "--formats", "kitti", "--log-format", "json", "--out", Path.Combine(_dir, "term")];
        using Process child = Start(args);
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(), stderr = child.StandardError.ReadToEndAsync();
        string labels = Path.Combine(_dir, "term", "pedestrian-behind-parked-van", "v000000", "label_2");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(labels) && Directory.GetFiles(labels).Length >= 2) && !child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(10);
        }

        Assert.False(child.HasExited, "the run finished before SIGTERM could be sent");
        Assert.Equal(0, ChildProcess.Run("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(ExitCodes.Stopped, child.ExitCode);
        Assert.Empty(await stdout);
        JsonElement[] events = [.. (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.All(events, e => Assert.True(e.TryGetProperty("time", out _) && e.TryGetProperty("level", out _) && e.TryGetProperty("message", out _)));
        JsonElement stopped = Assert.Single(events, e => e.GetProperty("event").GetString() == "stopped");
        Assert.Equal("SIGTERM", stopped.GetProperty("signal").GetString());
        Assert.Equal("error", stopped.GetProperty("level").GetString());
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "progress" && e.GetProperty("unit").GetString() == "frame");

        // Every frame with a label file is whole (the frame in hand was finished, none half-written): the resume keeps them.
        int kept = Directory.GetFiles(labels).Length;
        ChildProcessResult status = ChildProcess.Run(ChildProcess.DotnetHost, [SimDll, "batch", "status", Path.Combine(_dir, "term")]);
        Assert.Equal(ExitCodes.Incomplete, status.ExitCode);
        Assert.Contains("pedestrian-behind-parked-van v000000 incomplete", status.Stdout, StringComparison.Ordinal);

        ChildProcessResult resumed = Wait(Start([.. args[..^4], "--out", Path.Combine(_dir, "term")]));
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        Assert.Contains($"({kept} resumed)", resumed.Stdout, StringComparison.Ordinal);
        ChildProcessResult fresh = Wait(Start([.. args[..^4], "--out", Path.Combine(_dir, "fresh")]));
        Assert.True(fresh.ExitCode == ExitCodes.Success, fresh.Stderr);
        DatasetAssert.Same(Path.Combine(_dir, "fresh", "pedestrian-behind-parked-van", "v000000"), Path.Combine(_dir, "term", "pedestrian-behind-parked-van", "v000000"));
    }

    [Fact]
    public void Status_lists_every_variation_and_names_the_shard_that_owns_each_unfinished_one()
    {
        CliResult first = CliRun.Sim(Batch("b", "--shard", "1/3"));
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);
        Directory.CreateDirectory(Path.Combine(_dir, "b", "tiny-street", "v000000")); // as a killed shard leaves it

        CliResult status = CliRun.Sim("batch", "status", Path.Combine(_dir, "b"), "--shards", "3");
        Assert.Equal(ExitCodes.Incomplete, status.ExitCode);
        Assert.Equal(
            [
                "tiny-street v000000 incomplete (shard 0/3)",
                "tiny-street v000001 done",
                "tiny-bank v000000 missing (shard 2/3)",
                "tiny-bank v000001 missing (shard 0/3)",
                $"{Path.Combine(_dir, "b")}: 1 done, 1 incomplete, 2 missing of 4 variations",
            ],
            status.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        foreach (string shard in new[] { "0/3", "2/3" })
        {
            Assert.Equal(ExitCodes.Success, CliRun.Sim(Batch("b", "--shard", shard)).ExitCode);
        }

        CliResult json = CliRun.Sim("batch", "status", Path.Combine(_dir, "b"), "--log-format", "json");
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Assert.Empty(json.Stderr);
        JsonElement[] lines = [.. json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(4, lines.Count(l => l.GetProperty("event").GetString() == "variation" && l.GetProperty("state").GetString() == "done"));
        Assert.Equal(4, lines.Single(l => l.GetProperty("event").GetString() == "status").GetProperty("done").GetInt64());
    }

    [Fact]
    public void A_batch_folder_made_with_other_settings_is_refused_before_any_work()
    {
        Assert.Equal(ExitCodes.Success, CliRun.Sim(Batch("b", "--shard", "0/4")).ExitCode);
        string[] before = Directory.GetFileSystemEntries(Path.Combine(_dir, "b"), "*", SearchOption.AllDirectories);

        CliResult other = CliRun.Sim(["batch", Street, BankFile, "--variations", "3", "--frames", "4", "--backend", "cpu", "--formats", "kitti,coco,msgpack,csv,parquet", "--out", Path.Combine(_dir, "b"), "--shard", "1/4"]);
        Assert.Equal(ExitCodes.Usage, other.ExitCode);
        Assert.Contains($"{Path.Combine(_dir, "b", BatchManifest.FileName)} describes another batch (2 variations, not 3)", other.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(Path.Combine(_dir, "b"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(new string[] { "--shards", "4" }, "--shards 4 but no shard index")]
    [InlineData(new string[] { "--shard", "1/4", "--shards", "3" }, "--shard 1/4 and --shards 3 disagree")]
    [InlineData(new string[] { "--formats", "kitti,xml" }, "--formats: 'xml' is not a format")]
    [InlineData(new string[] { "--threads", "0" }, "--threads must be 1–1024")]
    [InlineData(new string[] { "--frames", "999999999" }, "--frames must be 1–1,000,000")]
    public void Bad_options_are_usage_errors_that_write_nothing(string[] extra, string message)
    {
        CliResult r = CliRun.Sim(["batch", Street, BankFile, "--variations", "2", "--backend", "cpu", "--out", Path.Combine(_dir, "bad"), .. extra]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")));
    }

    [Fact]
    public void Two_scenarios_of_one_name_are_refused_naming_both_files()
    {
        string twin = Path.Combine(_dir, "twin.yaml");
        File.WriteAllText(twin, Bank);
        CliResult r = CliRun.Sim("batch", BankFile, twin, "--variations", "1", "--out", Path.Combine(_dir, "twins"));
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains($"{twin} and {BankFile} are both named 'tiny-bank'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_of_a_folder_without_a_batch_says_so_and_exits_2()
    {
        CliResult r = CliRun.Sim("batch", "status", _dir);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains($"{Path.Combine(_dir, BatchManifest.FileName)}: no such file", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variation_another_process_is_writing_is_skipped_untouched_and_the_shard_exits_1()
    {
        string root = Path.Combine(_dir, "locked");
        using (Run.VariationLock held = Run.VariationLock.TryTake(Path.Combine(root, "tiny-street"), 1)!)
        {
            Assert.Null(Run.VariationLock.TryTake(Path.Combine(root, "tiny-street"), 1)); // one holder at a time
            CliResult r = CliRun.Sim(Batch("locked"));
            Assert.Equal(ExitCodes.Failure, r.ExitCode);
            Assert.Contains($"{Path.Combine(root, "tiny-street", "v000001")} is being written by another process", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("3 of 4 variations complete, 1 failed", r.Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "tiny-street", "v000001")));
        }

        CliResult again = CliRun.Sim(Batch("locked")); // the holder is gone: the rerun makes only what was left
        Assert.True(again.ExitCode == ExitCodes.Success, again.Stderr);
        Assert.Single(again.Stdout.Split('\n'), l => l.Contains(": 4 frames", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(root, "*.lock", SearchOption.AllDirectories));
    }

    [Fact]
    public void Overwrite_in_a_batch_remakes_other_settings_datasets_and_keeps_its_own_so_retries_resume()
    {
        Assert.Equal(ExitCodes.Success, CliRun.Sim(Batch("o", "--seed", "1")).ExitCode);
        CliResult other = CliRun.Sim(Batch("o", "--seed", "2", "--overwrite", "--shard", "0/2"));
        Assert.True(other.ExitCode == ExitCodes.Success, other.Stderr);
        CliResult status = CliRun.Sim("batch", "status", Path.Combine(_dir, "o"));
        Assert.Equal(ExitCodes.Incomplete, status.ExitCode);
        Assert.Contains("tiny-street v000001 stale", status.Stdout, StringComparison.Ordinal); // shard 1's, still seed 1
        Assert.Contains("2 done, 0 incomplete, 0 missing, 2 stale of 4 variations", status.Stdout, StringComparison.Ordinal);

        CliResult retry = CliRun.Sim(Batch("o", "--seed", "2", "--overwrite", "--shard", "0/2")); // a retried shard 0
        Assert.True(retry.ExitCode == ExitCodes.Success, retry.Stderr);
        Assert.Equal(2, retry.Stdout.Split('\n').Count(l => l.Contains("complete, made by these same settings; skipped", StringComparison.Ordinal)));
        Assert.Equal(ExitCodes.Success, CliRun.Sim(Batch("o", "--seed", "2", "--overwrite", "--shard", "1/2")).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRun.Sim("batch", "status", Path.Combine(_dir, "o")).ExitCode);
    }

    [Fact]
    public void A_batch_file_left_half_written_by_a_kill_is_cleared_and_the_batch_runs()
    {
        string root = Path.Combine(_dir, "half");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, ".batch.json.node-7.1.ab12cd34.tmp"), "{\"format\": \"sim.ba");
        CliResult r = CliRun.Sim(Batch("half", "--shard", "0/4"));
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Empty(Directory.GetFiles(root, "*.tmp"));
        Assert.Equal("sim.batch", JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, BatchManifest.FileName))).RootElement.GetProperty("format").GetString());
    }
}
