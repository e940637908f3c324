using System.CommandLine;
using System.Globalization;
using Sim.Cli.Batch;
using Sim.Cli.Run;
using Sim.Export.Dataset;
using Sim.Export.Files;
using Sim.Scenarios.Model;
using Sim.Sensors.Gl;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim batch SCENARIO... --variations N --out DIR [--shard I/N | --shards N]</c>: variations 0 … N − 1 of every
/// scenario, as self-contained datasets in <c>DIR/&lt;scenario name&gt;/vNNNNNN/</c>, split deterministically across
/// shards: work item k = scenario × N + variation belongs to shard k mod shards, so shards stay balanced across
/// scenarios and every item has exactly one owner. The shard comes from <c>--shard</c> or the scheduler's environment
/// (<see cref="ShardSource"/>). Each dataset is the same bytes whichever shard writes it (its seed comes from the
/// scenario, the seed and the variation alone). A shard killed at any moment resumes when started again; SIGTERM ends
/// it after the frame in hand with exit code <see cref="ExitCodes.Stopped"/>; a variation that fails is reported and
/// the shard goes on with the others, exiting <see cref="ExitCodes.Failure"/> at the end.
/// </summary>
internal sealed class BatchCommand : Command
{
    /// <summary>The most scenario files one batch may name.</summary>
    public const int MaxScenarios = 1_000;

    private readonly UnattendedOptions _unattended = new();

    /// <summary>Creates the <c>batch</c> command (and its <c>status</c> subcommand).</summary>
    public BatchCommand()
        : base("batch", "Simulate many variations of scenarios into one batch directory, optionally one shard of it (run 'sim batch status DIR' to see what is done).")
    {
        Add(Scenarios);
        Add(Variations);
        Add(Out);
        Add(Shard);
        Add(Shards);
        Add(Seed);
        Add(Frames);
        Add(Duration);
        Add(Formats);
        Renderer.AddTo(this);
        Add(Overwrite);
        _unattended.AddTo(this);
        Add(new BatchStatusCommand());
        Variations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > ScenarioVariations.MaxCount)
            {
                result.AddError($"--variations must be 1–{ScenarioVariations.MaxCount:N0}.");
            }
        });
        Shards.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > ShardSource.MaxShards)
            {
                result.AddError($"--shards must be 1–{ShardSource.MaxShards:N0}.");
            }
        });
        SetAction(Execute);
    }

    /// <summary>The scenario files to vary.</summary>
    public Argument<FileInfo[]> Scenarios { get; } = new("scenarios")
    {
        Description = "Scenario files (YAML): driving scenarios, ledger scenarios or both.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>How many variations of each scenario to simulate.</summary>
    public Option<int> Variations { get; } = new("--variations")
    {
        Description = "Variations per scenario: 0 to n-1 of each.",
        HelpName = "n",
        Required = true,
    };

    /// <summary>The batch directory to write.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o")
    {
        Description = "Batch directory: batch.json and DIR/<scenario name>/vNNNNNN/ per variation (shared by every shard).",
        HelpName = "dir",
        Required = true,
    };

    /// <summary>Which shard of the batch this process simulates.</summary>
    public Option<ShardSpec?> Shard { get; } = new("--shard")
    {
        Description = "Simulate only shard I of N (0 <= I < N), e.g. 3/16. Without it the index comes from JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch).",
        HelpName = "I/N",
        CustomParser = ShardSpec.Parse,
    };

    /// <summary>How many shards there are, when the index comes from the environment.</summary>
    public Option<int?> Shards { get; } = new("--shards")
    {
        Description = $"The number of shards when the index comes from the scheduler (default: {ShardSource.ShardsVariable}, or the Slurm array's size).",
        HelpName = "n",
    };

    /// <summary>The seed.</summary>
    public Option<ulong?> Seed { get; } = new("--seed") { HelpName = "n", Description = "Seed of every random choice (default: each scenario's meta.seed)." };

    /// <summary>Frames per driving dataset.</summary>
    public Option<int?> Frames { get; } = new("--frames") { HelpName = "n", Description = "Frames per driving variation, from time 0 at the rig's rate." };

    /// <summary>Simulated seconds per driving dataset.</summary>
    public Option<double?> Duration { get; } = new("--duration") { HelpName = "s", Description = "Simulated seconds per driving variation (default: the scenario's meta.duration)." };

    /// <summary>Output formats, sensor and ledger names together.</summary>
    public Option<string?> Formats { get; } = new("--formats")
    {
        HelpName = "list",
        Description = $"Comma-separated formats; driving scenarios take {string.Join(", ", DatasetFormats.All)}, ledger scenarios {string.Join(", ", LedgerFormatNames.All)} (default: each kind's default).",
    };

    /// <summary>The camera and LiDAR renderer.</summary>
    public RendererOptions Renderer { get; } = new();

    /// <summary>Replace complete datasets.</summary>
    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Remake complete datasets, and a batch made with other settings." };

    private int Execute(ParseResult parseResult) => _unattended.Execute(parseResult, $"{SimCommand.Name} batch", log => Execute(parseResult, log));

    private int Execute(ParseResult parseResult, RunLog log)
    {
        int Usage(string message)
        {
            log.Error("usage", message);
            return ExitCodes.Usage;
        }

        ShardSpec? shardOrNull = ShardSource.Resolve(parseResult.GetValue(Shard), parseResult.GetValue(Shards), Environment.GetEnvironmentVariable, out string source, out string? shardError);
        if (shardOrNull is not ShardSpec shard)
        {
            return Usage(shardError!);
        }

        FileInfo[] files = parseResult.GetRequiredValue(Scenarios);
        if (files.Length > MaxScenarios)
        {
            return Usage($"{files.Length} scenario files; a batch takes at most {MaxScenarios:N0} (split it into several batches)");
        }

        var specs = new List<(string File, ScenarioSpec Spec, BatchScenario Entry)>();
        foreach (FileInfo info in files)
        {
            string file = info.ToString();
            ScenarioSpec? spec = RunIdentity.Load(file, log);
            if (spec is null)
            {
                return ExitCodes.Usage;
            }

            if (specs.FirstOrDefault(s => s.Spec.Meta.Name == spec.Meta.Name) is { File: { } twin })
            {
                return Usage($"{file} and {twin} are both named '{spec.Meta.Name}' (meta.name); a batch keeps each scenario in a folder of that name, so names must differ");
            }

            string kind = FinanceSection.IsFinanceOnly(spec.Root) ? "ledger" : "driving";
            specs.Add((file, spec, new BatchScenario(spec.Meta.Name, RunCommand.ScenarioHash(file), kind)));
        }

        // --formats names both kinds' formats; each kind takes its own names, or its defaults when none are given.
        string? formatList = parseResult.GetValue(Formats);
        string[] names = formatList?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (names.FirstOrDefault(n => !DatasetFormats.All.Contains(n, StringComparer.Ordinal) && !LedgerFormatNames.All.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return Usage($"--formats: '{unknown}' is not a format; driving scenarios take {string.Join(", ", DatasetFormats.All)}, ledger scenarios {string.Join(", ", LedgerFormatNames.All)}");
        }

        if (formatList is not null && names.Length == 0)
        {
            return Usage("--formats lists no format");
        }

        string[] sensorNames = [.. names.Where(n => DatasetFormats.All.Contains(n, StringComparer.Ordinal))];
        string[] ledgerNames = [.. names.Where(n => LedgerFormatNames.All.Contains(n, StringComparer.Ordinal))];
        ulong? seed = parseResult.GetValue(Seed);
        bool overwrite = parseResult.GetValue(Overwrite);
        int threads = _unattended.ThreadsOf(parseResult);
        ExportThreads.Max = threads;
        NativeHeap.LimitNativeThreads(threads);
        var sensor = new SensorSettings(seed, parseResult.GetValue(Frames), parseResult.GetValue(Duration), sensorNames.Length > 0 ? DatasetFormats.Parse(string.Join(",", sensorNames)) : DatasetFormats.Default, overwrite, KeepSame: true);
        (Sim.Export.Ledger.LedgerFormats ledgerFormats, bool balanced) = ledgerNames.Length > 0 ? LedgerFormatNames.Parse(string.Join(",", ledgerNames)) : (Sim.Export.Ledger.LedgerFormats.All, false);
        var ledger = new LedgerSettings(seed, ledgerFormats, balanced, overwrite, threads, KeepSame: true);
        foreach ((string file, ScenarioSpec spec, BatchScenario entry) in specs.Where(s => s.Entry.Kind == "driving"))
        {
            if (sensor.Problem(spec) is { } problem)
            {
                return Usage($"{file}: {problem}");
            }
        }

        (string backend, bool requireGpu) = Renderer.Of(parseResult, out string? rendererProblem);
        if (rendererProblem is not null)
        {
            return Usage(rendererProblem);
        }

        int variations = parseResult.GetValue(Variations);
        string root = parseResult.GetRequiredValue(Out).ToString();
        var batch = new BatchManifest(SimVersion.Informational, variations, seed,
        [
            new("frames", parseResult.GetValue(Frames)?.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("duration", parseResult.GetValue(Duration)?.ToString("R", CultureInfo.InvariantCulture) ?? ""),
            new("driving_formats", string.Join(",", sensor.Formats)),
            new("ledger_formats", string.Join(",", LedgerFormatNames.Of(ledgerFormats, balanced))),
            new("backend", backend),
        ], [.. specs.Select(s => s.Entry)]);
        if (batch.WriteOrCheck(root, overwrite) is { } conflict)
        {
            return Usage(conflict);
        }

        long total = (long)specs.Count * variations;
        long mine = (total - shard.Index + shard.Count - 1) / shard.Count;
        log.Info("shard", string.Create(CultureInfo.InvariantCulture, $"shard {shard} ({source}): {mine:N0} of {total:N0} variations into {root}"),
            ("shard", shard.Index), ("shards", shard.Count), ("source", source), ("variations", mine), ("batch_variations", total), ("out", root));

        using StopSignal stop = StopSignal.Listen();
        FrameCapture? capture = null;
        int done = 0, failed = 0;
        try
        {
            for (long k = shard.Index; k < total; k += shard.Count)
            {
                (string file, ScenarioSpec spec, BatchScenario entry) = specs[(int)(k / variations)];
                int variation = (int)(k % variations);
                stop.ThrowIfRequested($"before {entry.Name} v{variation}");
                string outRoot = Path.Combine(root, entry.Name);
                int code;
                try
                {
                    if (entry.Kind == "ledger")
                    {
                        code = LedgerRunner.Run(spec, file, entry.Sha256, [variation], ledger, outRoot, log, stop);
                    }
                    else
                    {
                        capture ??= new FrameCapture(backend, requireGpu, threads, w => log.Warning("renderer", w));
                        code = SensorRunner.Run(spec, file, entry.Sha256, [variation], sensor, capture, outRoot, log, stop);
                    }
                }
                catch (EglException e)
                {
                    log.Error("renderer", e.Message);
                    return ExitCodes.Failure; // every driving variation would fail the same way
                }
                catch (Exception e) when (e is not RunStoppedException)
                {
                    // One variation's failure (a full disk, a scenario the ego leaves) must not cost the shard's others;
                    // it is reported and the shard exits 1 at the end, so the scheduler retries it and only this remains.
                    log.Error("variation_failed", $"{entry.Name} v{variation}: {e.Message}", ("scenario", entry.Name), ("variation", variation));
                    failed++;
                    continue;
                }

                if (code == ExitCodes.Failure)
                {
                    failed++; // being written by another process: logged, left to it
                    continue;
                }

                if (code != ExitCodes.Success)
                {
                    return code;
                }

                done++;
                log.Info("shard_progress", string.Create(CultureInfo.InvariantCulture, $"shard {shard}: {done + failed:N0}/{mine:N0} variations ({failed} failed)"),
                    ("shard", shard.Index), ("done", done), ("failed", failed), ("variations", mine));
            }
        }
        catch (RunStoppedException e)
        {
            log.Error("stopped", $"shard {shard}: {e.Message}", ("signal", e.Signal), ("shard", shard.Index), ("done", done));
            return ExitCodes.Stopped;
        }
        finally
        {
            capture?.Dispose();
        }

        long peak = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
        log.Result("shard_done", string.Create(CultureInfo.InvariantCulture, $"shard {shard}: {done:N0} of {mine:N0} variations complete{(failed > 0 ? $", {failed} failed (run the shard again to retry them)" : "")}; peak memory {peak / 1e6:0} MB"),
            ("shard", shard.Index), ("shards", shard.Count), ("done", done), ("failed", failed), ("variations", mine), ("peak_rss_bytes", peak));
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
