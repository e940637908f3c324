using System.CommandLine;
using System.Globalization;
using Sim.Cli.Run;
using Sim.Core.Ecs;
using Sim.Export.Frames;
using Sim.Scenarios;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Imaging;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim render SCENARIO [--variation N] [--time T] [--out DIR]</c>: simulate a scenario variation to a time and write
/// preview images from the ego: the camera's RGB, depth, semantic and instance images and a LiDAR bird's-eye view, from
/// the scenario's sensor rig, captured exactly as <c>sim run</c> captures the frame of that time (same backends, same
/// weather, same rain), so a preview shows what the dataset will hold.
/// </summary>
internal sealed class RenderCommand : Command
{
    /// <summary>Creates the <c>render</c> command.</summary>
    public RenderCommand()
        : base("render", "Write preview images (RGB, depth, semantic, instance, LiDAR) of a scenario from its ego.")
    {
        Add(Scenario);
        Add(Variation);
        Add(Time);
        Add(Out);
        Renderer.AddTo(this);
        SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string file = parseResult.GetRequiredValue(Scenario).ToString();
            int variation = parseResult.GetValue(Variation);
            double time = parseResult.GetValue(Time);
            string outDir = parseResult.GetValue(Out)?.ToString() ?? "render";
            var diagnostics = new List<ScenarioDiagnostic>();
            ScenarioSpec? spec = ScenarioSpec.Load(file, diagnostics);
            ScenarioInstance? instance = spec?.Instantiate(null, Math.Max(0, variation), diagnostics);
            if (variation < 0 || !(time >= 0) || (spec is not null && time > spec.Meta.Duration))
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{SimCommand.Name} render: --variation must be ≥ 0 and --time within 0–{spec?.Meta.Duration ?? 0} s"));
                return ExitCodes.Usage;
            }

            if (instance is null)
            {
                foreach (ScenarioDiagnostic d in diagnostics)
                {
                    stderr.WriteLine(d);
                }

                return ExitCodes.Usage;
            }

            BuiltScenario built = WorldBuilder.Build(instance);
            built.Simulation.Run((long)Math.Round(time / instance.Meta.Dt));
            World world = built.Simulation.World;
            if (!built.Actors.TryGetValue(WorldBuilder.EgoName, out Entity ego) || !world.IsAlive(ego))
            {
                stderr.WriteLine($"{SimCommand.Name} render: {file} has no actor named 'ego' in the world at {time} s; the views are taken from it");
                return ExitCodes.Usage;
            }

            (string backend, bool requireGpu) = Renderer.Of(parseResult, out string? problem);
            if (problem is not null)
            {
                stderr.WriteLine($"{SimCommand.Name} render: {problem}");
                return ExitCodes.Usage;
            }

            // The same capture as sim run: the scenario's rig on the ego, the same backends, the frame index of this time,
            // so a preview is the dataset's frame at that moment.
            DatasetFrame frame;
            string renderer, lidarCaster;
            using (var capture = new FrameCapture(backend, requireGpu, Environment.ProcessorCount, w => stderr.WriteLine($"{SimCommand.Name} render: warning: {w}")))
            {
                int index = (int)Math.Round(time * instance.Sensors.CameraHz);
                frame = capture.Capture(instance.Sensors, world, ego, index, instance.Seed);
                (renderer, lidarCaster) = (capture.Renderer, capture.LidarCaster);
            }

            Directory.CreateDirectory(outDir);
            string name = string.Create(CultureInfo.InvariantCulture, $"{instance.Meta.Name}.v{variation}.t{time:0.##}");
            stdout.WriteLine($"renderer: {renderer}");
            stdout.WriteLine($"lidar: {lidarCaster}");
            foreach (string path in Preview.WriteCamera(outDir, name, frame.Image).Append(Preview.WriteLidarBev(outDir, name, frame.Points)))
            {
                stdout.WriteLine(path);
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>Which renderer the camera and the LiDAR use.</summary>
    public RendererOptions Renderer { get; } = new();

    /// <summary>The scenario file.</summary>
    public Argument<FileInfo> Scenario { get; } = new("scenario") { Description = "Scenario file (YAML)." };

    /// <summary>The variation.</summary>
    public Option<int> Variation { get; } = new("--variation") { HelpName = "n", Description = "Variation to render (default 0)." };

    /// <summary>The simulated time of the images.</summary>
    public Option<double> Time { get; } = new("--time") { HelpName = "s", Description = "Simulated time of the images, s (default 0)." };

    /// <summary>Where the images go.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o") { HelpName = "dir", Description = "Directory for the images (default ./render)." };
}
