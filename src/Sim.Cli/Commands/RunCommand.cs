using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Sim.Cli.Run;
using Sim.Core.Ecs;
using Sim.Export.Dataset;
using Sim.Export.Frames;
using Sim.Export.Manifest;
using Sim.Scenarios;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Gl;
using Sim.Sensors.Rig;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim run SCENARIO [--out DIR] [--seed N] [--variations N | --variation I] [--frames N | --duration S]
/// [--formats LIST] [--backend gl|cpu|auto] [--require-gpu] [--overwrite]</c>: simulates scenario variations headless
/// and writes one dataset per variation under <c>DIR/vNNNNNN/</c> (DIR defaults to <c>out/&lt;scenario name&gt;</c>).
/// Frames are captured at the rig's rate from time 0. A killed run resumes where it stopped when run again with the
/// same arguments; a complete dataset is left alone unless <c>--overwrite</c>.
/// </summary>
internal sealed class RunCommand : Command
{
    /// <summary>The most frames one dataset may hold.</summary>
    public const int MaxFrames = 1_000_000;

    /// <summary>Creates the <c>run</c> command.</summary>
    public RunCommand()
        : base("run", "Simulate a scenario and write its labelled dataset (one folder per variation).")
    {
        Add(Scenario);
        Add(Out);
        Add(Seed);
        Add(Variations);
        Add(Variation);
        Add(Frames);
        Add(Duration);
        Add(Formats);
        Add(Backend);
        Add(RequireGpu);
        Add(Overwrite);
        SetAction(parseResult => Execute(parseResult));
    }

    /// <summary>The scenario file to run.</summary>
    public Argument<FileInfo> Scenario { get; } = new("scenario") { Description = "Scenario file (YAML)." };

    /// <summary>The output folder.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o") { Description = "Output folder; each variation's dataset goes in a vNNNNNN folder inside it (default: out/<scenario name>).", HelpName = "dir" };

    /// <summary>The seed of every random choice in the run.</summary>
    public Option<ulong?> Seed { get; } = new("--seed") { HelpName = "n", Description = "Seed of every random choice (default: the scenario's meta.seed); the same seed gives the same dataset." };

    /// <summary>Run variations 0 … N − 1.</summary>
    public Option<int?> Variations { get; } = new("--variations") { HelpName = "n", Description = "Run variations 0 to n-1 (default: the scenario's variations.count)." };

    /// <summary>Run one variation.</summary>
    public Option<int?> Variation { get; } = new("--variation") { HelpName = "i", Description = "Run only variation i (what a farm shard does)." };

    /// <summary>Frames per dataset.</summary>
    public Option<int?> Frames { get; } = new("--frames") { HelpName = "n", Description = "Frames to capture per variation, from time 0 at the rig's rate." };

    /// <summary>Simulated seconds per dataset.</summary>
    public Option<double?> Duration { get; } = new("--duration") { HelpName = "s", Description = "Simulated seconds to capture per variation (default: the scenario's meta.duration)." };

    /// <summary>Output formats.</summary>
    public Option<string> Formats { get; } = new("--formats")
    {
        HelpName = "list",
        Description = $"Comma-separated formats: {string.Join(", ", DatasetFormats.All)} (default: {string.Join(",", DatasetFormats.Default)}).",
        DefaultValueFactory = _ => string.Join(",", DatasetFormats.Default),
    };

    /// <summary>The camera renderer.</summary>
    public Option<string> Backend { get; } = new Option<string>("--backend")
    {
        HelpName = "gl|cpu|auto",
        Description = "Camera renderer: gl (headless OpenGL through EGL), cpu (reference ray caster) or auto (default: gl when available).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("gl", "cpu", "auto");

    /// <summary>Fail unless the GL renderer is a GPU.</summary>
    public Option<bool> RequireGpu { get; } = new("--require-gpu") { Description = "Fail when the OpenGL renderer is software (e.g. llvmpipe) rather than a GPU." };

    /// <summary>Replace complete datasets.</summary>
    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace a complete dataset, or an unfinished one made with other settings." };

    private int Execute(ParseResult parseResult)
    {
        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        TextWriter stderr = parseResult.InvocationConfiguration.Error;
        string file = parseResult.GetRequiredValue(Scenario).ToString();
        int Usage(string message)
        {
            stderr.WriteLine($"{SimCommand.Name} run: {message}");
            return ExitCodes.Usage;
        }

        var diagnostics = new List<ScenarioDiagnostic>();
        ScenarioSpec? spec = ScenarioSpec.Load(file, diagnostics);
        if (spec is null)
        {
            foreach (ScenarioDiagnostic d in diagnostics)
            {
                stderr.WriteLine(d);
            }

            return ExitCodes.Usage;
        }

        int? variations = parseResult.GetValue(Variations), variation = parseResult.GetValue(Variation), frames = parseResult.GetValue(Frames);
        double? duration = parseResult.GetValue(Duration);
        if (variations is not null && variation is not null)
        {
            return Usage("give --variations or --variation, not both");
        }

        if (variations is < 1 or > ScenarioVariations.MaxCount || variation is < 0 or >= ScenarioVariations.MaxCount)
        {
            return Usage($"--variations must be 1–{ScenarioVariations.MaxCount:N0} and --variation 0–{ScenarioVariations.MaxCount - 1:N0}");
        }

        if (FinanceSection.IsFinanceOnly(spec.Root))
        {
            return RunLedger(parseResult, spec, file, variation is int v ? [v] : [.. Enumerable.Range(0, variations ?? spec.Variations.Count)], Usage);
        }

        if (frames is not null && duration is not null)
        {
            return Usage("give --frames or --duration, not both");
        }

        if (frames is < 1 or > MaxFrames || (duration is double s && !(s >= 0 && s <= spec.Meta.Duration)))
        {
            return Usage(string.Create(CultureInfo.InvariantCulture, $"--frames must be 1–{MaxFrames:N0} and --duration 0–{spec.Meta.Duration} s (the scenario's meta.duration)"));
        }

        IReadOnlyList<string> formats;
        try
        {
            formats = DatasetFormats.Parse(parseResult.GetValue(Formats) ?? "");
        }
        catch (ArgumentException e)
        {
            return Usage(e.Message);
        }

        string backend = parseResult.GetValue(Backend) ?? "auto";
        bool requireGpu = parseResult.GetValue(RequireGpu);
        if (backend == "cpu" && requireGpu)
        {
            return Usage("--require-gpu needs --backend gl or auto, not cpu");
        }

        int[] indices = variation is int one ? [one] : [.. Enumerable.Range(0, variations ?? spec.Variations.Count)];
        string outRoot = parseResult.GetValue(Out)?.ToString() ?? Path.Combine("out", spec.Meta.Name);
        byte[] scenarioBytes = File.ReadAllBytes(file);
        string scenarioHash = Convert.ToHexStringLower(SHA256.HashData(scenarioBytes));
        ulong? seed = parseResult.GetValue(Seed);
        bool overwrite = parseResult.GetValue(Overwrite);
        int threads = Environment.ProcessorCount;

        FrameCapture capture;
        try
        {
            capture = new FrameCapture(backend, requireGpu, threads, stderr);
        }
        catch (EglException e)
        {
            stderr.WriteLine($"{SimCommand.Name} run: {e.Message}");
            return ExitCodes.Failure;
        }

        using (capture)
        {
            // First every variation's folder is checked, so a conflict in the last one is found before hours of work;
            // then each is made, resumed, or skipped when a run with the same settings already completed it.
            var conflicts = new List<string>();
            foreach (int index in indices)
            {
                if (Plan(spec, seed, index, frames, duration, formats, capture, outRoot, scenarioHash, stderr) is not { } plan)
                {
                    return ExitCodes.Usage;
                }

                (DatasetState state, string message) = DatasetWriter.Check(plan.Folder, plan.RunKey, overwrite);
                if (state == DatasetState.Conflict)
                {
                    conflicts.Add(message);
                }
            }

            foreach (string conflict in conflicts)
            {
                stderr.WriteLine($"{SimCommand.Name} run: {conflict}");
            }

            if (conflicts.Count > 0)
            {
                return ExitCodes.Usage;
            }

            foreach (int index in indices)
            {
                RunPlan plan = Plan(spec, seed, index, frames, duration, formats, capture, outRoot, scenarioHash, stderr)!;
                (DatasetState state, string message) = DatasetWriter.Check(plan.Folder, plan.RunKey, overwrite);
                if (state == DatasetState.Complete)
                {
                    DatasetWriter.Tidy(plan.Folder);
                    stdout.WriteLine(message);
                    continue;
                }

                DatasetWriter writer;
                try
                {
                    writer = DatasetWriter.Open(plan.Folder, $"{spec.Meta.Name} v{index}", plan.RunKey, plan.Ticks.Length, formats, plan.Instance.Sensors, overwrite);
                }
                catch (DatasetConflictException e)
                {
                    return Usage(e.Message);
                }

                using (writer)
                {
                    RunOne(plan.Instance, writer, plan.Folder, capture, plan.Ticks, new RunProgress(stderr), file, scenarioHash, stdout);
                }
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>A ledger-only scenario: the sensor options do not apply; formats are ledger formats.</summary>
    private int RunLedger(ParseResult parseResult, ScenarioSpec spec, string file, int[] indices, Func<string, int> usage)
    {
        foreach (Option option in new Option[] { Frames, Duration, Backend, RequireGpu })
        {
            if (parseResult.GetResult(option) is { Implicit: false })
            {
                return usage($"{option.Name} applies to driving scenarios; {file} is a ledger scenario (finance), which runs for finance.days");
            }
        }

        (Sim.Export.Ledger.LedgerFormats Formats, bool Balanced) formats;
        try
        {
            formats = parseResult.GetResult(Formats) is { Implicit: false } ? LedgerFormatNames.Parse(parseResult.GetValue(Formats) ?? "") : (Sim.Export.Ledger.LedgerFormats.All, false);
        }
        catch (ArgumentException e)
        {
            return usage(e.Message);
        }

        string outRoot = parseResult.GetValue(Out)?.ToString() ?? Path.Combine("out", spec.Meta.Name);
        return LedgerRunner.Run(spec, file, parseResult.GetValue(Seed), indices, formats.Formats, formats.Balanced, outRoot, parseResult.GetValue(Overwrite), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
    }

    /// <summary>One variation's run: its instance, folder, capture ticks and key.</summary>
    private sealed record RunPlan(ScenarioInstance Instance, string Folder, long[] Ticks, string RunKey);

    /// <summary>Resolves variation <paramref name="index"/> and its frames; null (errors written) when it cannot run.</summary>
    private static RunPlan? Plan(ScenarioSpec spec, ulong? seed, int index, int? frames, double? duration, IReadOnlyList<string> formats, FrameCapture capture, string outRoot, string scenarioHash, TextWriter stderr)
    {
        var draws = new List<ScenarioDiagnostic>();
        ScenarioInstance? instance = spec.Instantiate(seed, index, draws);
        if (instance is null)
        {
            foreach (ScenarioDiagnostic d in draws)
            {
                stderr.WriteLine(d);
            }

            return null;
        }

        SensorRig rig = instance.Sensors;
        double rate = rig.CameraHz;
        double span = duration ?? spec.Meta.Duration;
        int count = frames ?? ((int)Math.Floor((span * rate) + 1e-9) + 1);
        long[] ticks = [.. Enumerable.Range(0, count).Select(k => (long)Math.Round(k / rate / instance.Meta.Dt))];
        if (ticks[^1] * instance.Meta.Dt > spec.Meta.Duration + 1e-9)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{SimCommand.Name} run: {count} frames at {rate} Hz need {(count - 1) / rate} s; {spec.File} lasts {spec.Meta.Duration} s (meta.duration)"));
            return null;
        }

        string folder = Path.Combine(outRoot, string.Create(CultureInfo.InvariantCulture, $"v{index:D6}"));
        return new RunPlan(instance, folder, ticks, RunKey(scenarioHash, instance.Seed, index, ticks, formats, rig, capture.Renderer));
    }

    private static void RunOne(ScenarioInstance instance, DatasetWriter writer, string folder, FrameCapture capture, long[] ticks, RunProgress progress, string file, string scenarioHash, TextWriter stdout)
    {
        var total = Stopwatch.StartNew();
        var render = new Stopwatch();
        BuiltScenario built = WorldBuilder.Build(instance);
        World world = built.Simulation.World;
        if (!built.Actors.TryGetValue(WorldBuilder.EgoName, out Entity ego))
        {
            throw new InvalidOperationException($"{file} has no actor named '{WorldBuilder.EgoName}'; the sensors ride on it");
        }

        string label = string.Create(CultureInfo.InvariantCulture, $"{instance.Meta.Name} v{instance.Index}");
        int resumed = 0;
        progress.Run(label, ticks.Length, done =>
        {
            for (int k = 0; k < ticks.Length; k++)
            {
                built.Simulation.Run(ticks[k] - world.GetResource<Sim.Core.Kernel.SimulationClock>().Tick);
                if (writer.HasFrame(k))
                {
                    resumed++;
                    done(false);
                    continue;
                }

                if (!world.IsAlive(ego))
                {
                    throw new InvalidOperationException($"{file}: the ego left the world before frame {k} (t = {ticks[k] * instance.Meta.Dt} s); the sensors ride on it");
                }

                render.Start();
                DatasetFrame frame = capture.Capture(instance.Sensors, world, ego, k, instance.Seed);
                render.Stop();
                writer.WriteFrame(frame);
                done(true);
            }
        });

        ScenarioProvenance provenance = RunIdentity.Provenance(instance, file, scenarioHash);
        var timings = new Dictionary<string, double> { ["capture_s"] = render.Elapsed.TotalSeconds, ["total_s"] = total.Elapsed.TotalSeconds };
        DatasetManifest manifest = writer.Complete(ticks.Length, provenance, SimVersion.Informational, capture.Renderer, capture.LidarCaster, timings);
        long bytes = manifest.Files.Sum(f => f.Bytes);
        string labels = string.Join(", ", manifest.LabelsPerClass.Select(c => $"{c.Value} {c.Key}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: {manifest.Frames} frames{(resumed > 0 ? $" ({resumed} resumed)" : "")}, {manifest.Files.Count} files, {bytes / 1e6:0.0} MB; labels: {(labels.Length > 0 ? labels : "none")}; renderer {capture.Renderer}"));
    }

    /// <summary>Everything that determines a dataset's bytes, as the text a resumed run must match.</summary>
    private static string RunKey(string scenarioHash, ulong seed, int variation, long[] ticks, IReadOnlyList<string> formats, SensorRig rig, string renderer) =>
        RunIdentity.Key(scenarioHash, seed, variation, w =>
        {
            w.WriteStartArray("ticks");
            foreach (long t in ticks)
            {
                w.WriteNumberValue(t);
            }

            w.WriteEndArray();
            w.WriteString("formats", string.Join(",", formats));
            w.WriteString("renderer", renderer);
            w.WritePropertyName("sensors");
            DatasetWriter.SensorsJson(rig).WriteTo(w);
        });
}
