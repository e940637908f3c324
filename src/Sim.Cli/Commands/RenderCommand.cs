using System.CommandLine;
using System.Globalization;
using Sim.Core.Ecs;
using Sim.Core.Traffic;
using Sim.Core.Weather;
using Sim.Scenarios;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Gl;
using Sim.Sensors.Imaging;
using Sim.Sensors.Lidar;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim render SCENARIO [--variation N] [--time T] [--out DIR]</c>: simulate a scenario variation to a time and write
/// preview images from the ego: the camera's RGB, depth, semantic and instance images and a 128-channel LiDAR
/// bird's-eye view (with the weather's fog and wetness), both on the chosen backend (GL: the camera rasterised and the
/// LiDAR cast by a compute shader; CPU: the reference ray caster). For looking at a scenario, not for datasets (issue 6).
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
        Add(Backend);
        Add(RequireGpu);
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

            ActorPose pose = world.Get<ActorPose>(ego);
            ActorBody body = world.Get<ActorBody>(ego);
            Scene scene = SceneBuilder.FromWorld(world);
            WeatherState weather = world.HasResource<WeatherState>() ? world.GetResource<WeatherState>() : WeatherState.Clear;

            // Camera on the windscreen, LiDAR on the roof; the ego's own box is hidden from both by the near limits.
            (double sin, double cos) = Math.SinCos(pose.Heading);
            double fx = pose.X + (cos * body.Length * 0.1), fy = pose.Y + (sin * body.Length * 0.1);
            var camera = PinholeCamera.WithFov(1280, 720, 90, fx, fy, body.Height + 0.05, pose.Heading, 0.02) with { Near = body.Length * 0.45 };
            string backend = parseResult.GetValue(Backend) ?? "auto";
            bool requireGpu = parseResult.GetValue(RequireGpu);
            if (backend == "cpu" && requireGpu)
            {
                stderr.WriteLine($"{SimCommand.Name} render: --require-gpu needs --backend gl or auto, not cpu");
                return ExitCodes.Usage;
            }

            CameraFrame frame;
            string renderer;
            EglContext? context = null;
            if (backend != "cpu")
            {
                try
                {
                    context = EglContext.Create(requireGpu);
                }
                catch (EglException e) when (backend == "auto" && !requireGpu)
                {
                    stderr.WriteLine($"{SimCommand.Name} render: warning: no OpenGL through EGL, using the CPU renderer ({e.Message.Split('\n')[0]})");
                }
            }

            // The LiDAR casts on the same backend as the camera: the GL compute caster in the camera's context, else the
            // CPU reference. Noise and weather are applied on the CPU either way.
            LidarPoint[] points;
            string lidarCaster;
            using (context)
            {
                GlLidar? glLidar = null;
                if (context is not null)
                {
                    using (var gl = new GlCamera(context))
                    {
                        frame = gl.Render(camera, scene, Shading.Of(weather));
                    }

                    renderer = $"gl: {context.Renderer}";
                    glLidar = new GlLidar(context);
                }
                else
                {
                    frame = CpuCamera.Render(camera, scene, Environment.ProcessorCount, Shading.Of(weather));
                    renderer = "cpu: Sim CPU reference ray caster";
                }

                using (glLidar)
                {
                    ILidarCaster caster = glLidar is null ? new CpuLidarCaster(Environment.ProcessorCount) : glLidar;
                    lidarCaster = caster.Renderer;
                    points = LidarScanner.Scan(
                        LidarSpec.Uniform(128, -22.5, 22.5, 2048) with { MinRange = body.Length * 0.6 }, scene, pose.X, pose.Y, body.Height + 0.3, pose.Heading,
                        new LidarWeather(weather.FogVisibility, weather.Wetness, weather.Snow, weather.Rain), instance.Seed, 0, Environment.ProcessorCount, (pose.Vx, pose.Vy, 0), caster);
                }
            }

            Directory.CreateDirectory(outDir);
            string name = string.Create(CultureInfo.InvariantCulture, $"{instance.Meta.Name}.v{variation}.t{time:0.##}");
            stdout.WriteLine($"renderer: {renderer}");
            stdout.WriteLine($"lidar: {lidarCaster}");
            foreach (string path in Preview.WriteCamera(outDir, name, frame).Append(Preview.WriteLidarBev(outDir, name, points)))
            {
                stdout.WriteLine(path);
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>Which renderer the camera and the LiDAR use: gl, cpu or auto (GL when EGL works, else the CPU reference with
    /// a warning).</summary>
    public Option<string> Backend { get; } = new Option<string>("--backend")
    {
        HelpName = "gl|cpu|auto",
        Description = "Camera and LiDAR renderer: gl (headless OpenGL through EGL), cpu (reference ray caster) or auto (default: gl when available).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("gl", "cpu", "auto");

    /// <summary>Fail unless the GL renderer is a GPU.</summary>
    public Option<bool> RequireGpu { get; } = new("--require-gpu") { Description = "Fail when the OpenGL renderer is software (e.g. llvmpipe) rather than a GPU." };

    /// <summary>The scenario file.</summary>
    public Argument<FileInfo> Scenario { get; } = new("scenario") { Description = "Scenario file (YAML)." };

    /// <summary>The variation.</summary>
    public Option<int> Variation { get; } = new("--variation") { HelpName = "n", Description = "Variation to render (default 0)." };

    /// <summary>The simulated time of the images.</summary>
    public Option<double> Time { get; } = new("--time") { HelpName = "s", Description = "Simulated time of the images, s (default 0)." };

    /// <summary>Where the images go.</summary>
    public Option<DirectoryInfo> Out { get; } = new("--out", "-o") { HelpName = "dir", Description = "Directory for the images (default ./render)." };
}
