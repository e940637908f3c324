using System.Diagnostics;
using System.Globalization;
using Sim.Core.Ecs;
using Sim.Export.Dataset;
using Sim.Export.Frames;
using Sim.Export.Manifest;
using Sim.Scenarios;
using Sim.Scenarios.Model;
using Sim.Sensors.Rig;

namespace Sim.Cli.Run;

/// <summary>What a driving scenario's run writes, beyond the scenario itself: the same for <c>sim run</c> and <c>sim batch</c>.</summary>
/// <param name="Seed">The seed, or null for the scenario's <c>meta.seed</c>.</param>
/// <param name="Frames">Frames per dataset, or null for <paramref name="Duration"/>.</param>
/// <param name="Duration">Simulated seconds per dataset, or null for the scenario's <c>meta.duration</c>.</param>
/// <param name="Formats">The dataset formats.</param>
/// <param name="Overwrite">Whether a complete dataset (or one made with other settings) is replaced.</param>
/// <param name="KeepSame">With <paramref name="Overwrite"/>, whether datasets made with these same settings are kept (and
/// unfinished ones resumed) and only others replaced: what <c>sim batch --overwrite</c> does, so a retried shard does not
/// remake what it finished.</param>
internal sealed record SensorSettings(ulong? Seed, int? Frames, double? Duration, IReadOnlyList<string> Formats, bool Overwrite, bool KeepSame = false)
{
    /// <summary>Why these frames or this duration cannot run <paramref name="spec"/>, or null when they can.</summary>
    public string? Problem(ScenarioSpec spec)
    {
        if (Frames is not null && Duration is not null)
        {
            return "give --frames or --duration, not both";
        }

        return Frames is < 1 or > SensorRunner.MaxFrames || (Duration is double s && !(s >= 0 && s <= spec.Meta.Duration))
            ? string.Create(CultureInfo.InvariantCulture, $"--frames must be 1–{SensorRunner.MaxFrames:N0} and --duration 0–{spec.Meta.Duration} s ({spec.File}'s meta.duration)")
            : null;
    }
}

/// <summary>
/// Runs variations of a driving scenario into sensor datasets under <c>OUT/vNNNNNN/</c>: steps the world, captures the
/// ego's frames at the rig's rate from time 0 and hands them to <see cref="DatasetWriter"/>. A complete dataset of the
/// same settings is skipped; an unfinished one resumes after its last intact frame; a stop signal ends the run between
/// frames with everything written intact.
/// </summary>
internal static class SensorRunner
{
    /// <summary>The most frames one dataset may hold.</summary>
    public const int MaxFrames = 1_000_000;

    /// <summary>Runs <paramref name="indices"/> of <paramref name="spec"/>; returns the exit code: 0, 2 for bad input or
    /// a conflict, 1 when another process is writing a variation (it is skipped). Every variation's folder is checked
    /// first, so a conflict in the last is found before hours of work.</summary>
    public static int Run(ScenarioSpec spec, string file, string scenarioHash, IReadOnlyList<int> indices, SensorSettings settings, FrameCapture capture, string outRoot, RunLog log, StopSignal stop)
    {
        var conflicts = new List<string>();
        foreach (int index in indices)
        {
            if (Plan(spec, settings, index, capture, outRoot, scenarioHash, log) is not { } plan)
            {
                return ExitCodes.Usage;
            }

            (DatasetState state, string message) = DatasetWriter.Check(plan.Folder, plan.RunKey, Overwrite(plan, settings));
            if (state == DatasetState.Conflict)
            {
                conflicts.Add(message);
            }
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
        foreach (int index in indices)
        {
            stop.ThrowIfRequested($"before {spec.Meta.Name} v{index}");
            RunPlan plan = Plan(spec, settings, index, capture, outRoot, scenarioHash, log)!;
            if (File.Exists(outRoot))
            {
                log.Error("conflict", $"{outRoot} is a file, not a folder: {plan.Folder} cannot be written; choose another --out");
                return ExitCodes.Usage;
            }

            using VariationLock? held = VariationLock.TryTake(outRoot, index);
            if (held is null)
            {
                log.Error("locked", $"{plan.Folder} is being written by another process (its lock {VariationLock.PathOf(outRoot, index)} is held); skipped, run again once that process ends", ("folder", plan.Folder), ("scenario", spec.Meta.Name), ("variation", index));
                code = ExitCodes.Failure;
                continue;
            }

            bool overwrite = Overwrite(plan, settings);
            (DatasetState state, string message) = DatasetWriter.Check(plan.Folder, plan.RunKey, overwrite);
            if (state == DatasetState.Complete)
            {
                DatasetWriter.Tidy(plan.Folder);
                log.Result("skipped", message, ("folder", plan.Folder), ("scenario", spec.Meta.Name), ("variation", index));
                continue;
            }

            DatasetWriter writer;
            try
            {
                writer = DatasetWriter.Open(plan.Folder, $"{spec.Meta.Name} v{index}", plan.RunKey, plan.Ticks.Length, settings.Formats, plan.Instance.Sensors, overwrite);
            }
            catch (DatasetConflictException e)
            {
                log.Error("conflict", e.Message);
                return ExitCodes.Usage;
            }

            using (writer)
            {
                RunOne(plan, writer, capture, file, scenarioHash, log, stop);
            }
        }

        return code;
    }

    /// <summary>Whether <paramref name="plan"/>'s folder is to be replaced: with <see cref="SensorSettings.KeepSame"/>
    /// only when it holds a dataset or run of other settings.</summary>
    private static bool Overwrite(RunPlan plan, SensorSettings settings) =>
        settings.Overwrite && !(settings.KeepSame && DatasetWriter.Check(plan.Folder, plan.RunKey, overwrite: false).State is DatasetState.Complete or DatasetState.Resumable);

    /// <summary>One variation's run: its instance, folder, capture ticks and key.</summary>
    private sealed record RunPlan(ScenarioInstance Instance, string Folder, long[] Ticks, string RunKey);

    /// <summary>Resolves variation <paramref name="index"/> and its frames; null (errors logged) when it cannot run.</summary>
    private static RunPlan? Plan(ScenarioSpec spec, SensorSettings settings, int index, FrameCapture capture, string outRoot, string scenarioHash, RunLog log)
    {
        if (RunIdentity.Instantiate(spec, settings.Seed, index, log) is not { } instance)
        {
            return null;
        }

        SensorRig rig = instance.Sensors;
        double rate = rig.CameraHz;
        double span = settings.Duration ?? spec.Meta.Duration;
        int count = settings.Frames ?? ((int)Math.Floor((span * rate) + 1e-9) + 1);
        long[] ticks = [.. Enumerable.Range(0, count).Select(k => (long)Math.Round(k / rate / instance.Meta.Dt))];
        if (ticks[^1] * instance.Meta.Dt > spec.Meta.Duration + 1e-9)
        {
            log.Error("usage", string.Create(CultureInfo.InvariantCulture, $"{count} frames at {rate} Hz need {(count - 1) / rate} s; {spec.File} lasts {spec.Meta.Duration} s (meta.duration)"));
            return null;
        }

        string folder = RunIdentity.Folder(outRoot, index);
        return new RunPlan(instance, folder, ticks, RunKey(scenarioHash, instance.Seed, index, ticks, settings.Formats, rig, capture.Backends));
    }

    private static void RunOne(RunPlan plan, DatasetWriter writer, FrameCapture capture, string file, string scenarioHash, RunLog log, StopSignal stop)
    {
        (ScenarioInstance instance, string folder, long[] ticks, _) = plan;
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
        new RunProgress(log).Run(label, ticks.Length, done =>
        {
            for (int k = 0; k < ticks.Length; k++)
            {
                if (stop.Requested)
                {
                    writer.Flush(); // the frames in hand reach the disk whole, with their markers
                    stop.ThrowIfRequested(string.Create(CultureInfo.InvariantCulture, $"before frame {k} of {ticks.Length} of {folder}"));
                }

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
        log.Result(
            "dataset",
            string.Create(CultureInfo.InvariantCulture, $"{folder}: {manifest.Frames} frames{(resumed > 0 ? $" ({resumed} resumed)" : "")}, {manifest.Files.Count} files, {bytes / 1e6:0.0} MB; labels: {(labels.Length > 0 ? labels : "none")}; renderer {capture.Renderer}"),
            ("folder", folder), ("scenario", instance.Meta.Name), ("variation", instance.Index), ("frames", manifest.Frames), ("resumed", resumed), ("files", manifest.Files.Count), ("bytes", bytes),
            ("seconds", total.Elapsed.TotalSeconds));
    }

    /// <summary>Everything that determines a dataset's bytes, as the text a resumed run must match.</summary>
    private static string RunKey(string scenarioHash, ulong seed, int variation, long[] ticks, IReadOnlyList<string> formats, SensorRig rig, string backends) =>
        RunIdentity.Key(scenarioHash, seed, variation, w =>
        {
            w.WriteStartArray("ticks");
            foreach (long t in ticks)
            {
                w.WriteNumberValue(t);
            }

            w.WriteEndArray();
            w.WriteString("formats", string.Join(",", formats));
            w.WriteString("backends", backends);
            w.WritePropertyName("sensors");
            DatasetWriter.SensorsJson(rig).WriteTo(w);
        });
}
