using Sim.Bench.Harness;
using Sim.Core.Traffic;
using Sim.Sensors.Geometry;
using Sim.Sensors.Lidar;

namespace Sim.Bench.Sensors;

/// <summary>
/// <c>bench/run sensors</c>: the LiDAR on a 128-channel, 2048-column sweep (an Ouster OS1-128's pattern) in a street of
/// 100 actors in their procedural shapes, 20 buildings and a ground plane (about 7,400 triangles): on the CPU reference
/// (BVH ray caster) rays cast per second, points returned per second on all cores, and that rate over the 2.62 million
/// points/s the real sensor produces at 10 Hz (≥ 1 means faster than real time); where EGL is available, the same
/// sweep cast by the GL compute shader (<c>sensors.lidar.gl.*</c>, finishing on the CPU), with its renderer logged; and
/// camera frames per second (RGB, depth, instance, semantic) at 1280 × 720 on the CPU reference and, where EGL is
/// available, the GL backend (llvmpipe without a GPU), with their ratio.
/// </summary>
public sealed class SensorSuite : IBenchSuite
{
    public string Name => "sensors";

    public string Description => "LiDAR rays/s and points/s on the CPU and GL casters, 128 x 2048 sweep, 100 shaped actors; camera frames/s";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        Scene scene = Street(100);
        LidarSpec spec = LidarSpec.Uniform(128, -22.5, 22.5, 2048);
        int threads = Environment.ProcessorCount;
        Sim.Sensors.Gl.EglContext? context = null;
        if (!Sim.Sensors.Gl.EglContext.TryCreate(out context, out string reason))
        {
            log.WriteLine($"# sensors: no GL ({reason})");
        }

        // LiDAR sweeps on both casters, interleaved; the finishing (noise, weather, intensity) is on the CPU for both.
        Sim.Sensors.Gl.GlLidar? glLidar = context is null ? null : new Sim.Sensors.Gl.GlLidar(context);
        var returns = new Dictionary<string, int>();
        long sweep = 0;
        var lidarVariants = new List<(string Name, Action Run)>
        {
            ("cpu", () => returns["cpu"] = LidarScanner.Scan(spec, scene, 0, 0, 1.9, 0, LidarWeather.Clear, 1, sweep++, threads).Length),
        };
        if (glLidar is not null)
        {
            lidarVariants.Add(("gl", () => returns["gl"] = LidarScanner.Scan(spec, scene, 0, 0, 1.9, 0, LidarWeather.Clear, 1, sweep++, threads, caster: glLidar).Length));
        }

        // Warm up for a second and a half of sweeps first: the per-ray helpers (random streams, point records) start in
        // tier-0 JIT code and are recompiled optimised in the background; a quick run measured before that finishes
        // read 6-8 M rays/s against 20 M at steady state (DOTNET_TieredCompilation=0 gives the steady figure at once).
        foreach ((string _, Action run) in lidarVariants)
        {
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 1.5)
            {
                run();
            }
        }

        Dictionary<string, double> lidar = Interleaved.MedianSeconds(lidarVariants, quick ? 5 : 21);

        // The casting alone (no finishing), to show where the time goes.
        LidarRays rays = LidarRays.Fire(spec, 0, 0, 1.9, 0);
        var hits = new LidarHit[rays.Count];
        var castVariants = new List<(string Name, Action Run)> { ("cpu", () => new CpuLidarCaster(threads).Cast(scene, rays, 0.5f, 200, hits)) };
        if (glLidar is not null)
        {
            castVariants.Add(("gl", () => glLidar.Cast(scene, rays, 0.5f, 200, hits)));
        }

        Dictionary<string, double> cast = Interleaved.MedianSeconds(castVariants, quick ? 3 : 11);
        double seconds = lidar["cpu"];
        double realTime = 128 * 2048 * 10.0; // points/s of the real sensor at 10 Hz
        log.WriteLine($"# sensors: {scene.Instances.Count} instances ({scene.Instances.Count - 20} actors, 20 buildings), {scene.Bvh.Triangles:N0} triangles, {scene.Bvh.Nodes:N0} BVH nodes, {spec.Rays:N0} rays");
        log.WriteLine($"# sensors: LiDAR {CpuLidarCaster.Name}: {returns["cpu"]:N0} returns, {seconds * 1e3:0.#} ms a sweep ({cast["cpu"] * 1e3:0.#} ms casting) on {threads} threads");
        var figures = new List<Figure>
        {
            new("sensors.lidar.cpu_rays_per_s", spec.Rays / seconds, "rays/s"),
            new("sensors.lidar.points_per_s", returns["cpu"] / seconds, "points/s"),
            new("sensors.lidar.vs_real_time", spec.Rays / seconds / realTime, "x"),
        };
        if (glLidar is not null)
        {
            double glSweep = lidar["gl"];
            log.WriteLine($"# sensors: LiDAR {glLidar.Renderer}: {returns["gl"]:N0} returns, {glSweep * 1e3:0.#} ms a sweep ({cast["gl"] * 1e3:0.#} ms casting, finishing on {threads} threads)");
            figures.Add(new Figure("sensors.lidar.gl.rays_per_s", spec.Rays / glSweep, "rays/s"));
            figures.Add(new Figure("sensors.lidar.gl.points_per_s", returns["gl"] / glSweep, "points/s"));
            figures.Add(new Figure("sensors.lidar.gl_vs_cpu", seconds / glSweep, "x"));

            // How far the two casters agree on this sweep (the tests hold them to it on smaller scenes).
            var reference = new LidarHit[rays.Count];
            new CpuLidarCaster(threads).Cast(scene, rays, 0.5f, 200, reference);
            glLidar.Cast(scene, rays, 0.5f, 200, hits);
            int disagree = 0;
            double maxDifference = 0;
            for (int i = 0; i < hits.Length; i++)
            {
                if (hits[i].Instance != reference[i].Instance)
                {
                    disagree++;
                }
                else if (hits[i].IsHit)
                {
                    maxDifference = Math.Max(maxDifference, Math.Abs(hits[i].Distance - reference[i].Distance));
                }
            }

            log.WriteLine($"# sensors: LiDAR gl against cpu: {disagree} of {hits.Length:N0} rays hit something else ({100.0 * disagree / hits.Length:0.####} %), max |Δrange| {maxDifference * 1e3:0.###} mm where both hit the same");
        }

        // Camera frames with all four outputs (RGB, depth, instance, semantic) at 1280 × 720 on both backends, interleaved.
        var camera = Sim.Sensors.Camera.PinholeCamera.WithFov(1280, 720, 90, -150, 0, 1.6, 0);
        var shading = Sim.Sensors.Camera.Shading.Of(Sim.Core.Weather.WeatherState.Clear);
        var variants = new List<(string Name, Action Run)> { ("cpu", () => Sim.Sensors.Camera.CpuCamera.Render(camera, scene, threads, shading)) };
        Sim.Sensors.Gl.GlCamera? gl = null;
        if (context is not null)
        {
            gl = new Sim.Sensors.Gl.GlCamera(context);
            variants.Add(("gl", () => gl.Render(camera, scene, shading)));
            log.WriteLine($"# sensors: GL renderer {context.Renderer}");
        }

        Dictionary<string, double> frame = Interleaved.MedianSeconds(variants, quick ? 5 : 21);
        figures.Add(new Figure("sensors.camera.cpu.fps", 1 / frame["cpu"], "frames/s"));
        if (frame.TryGetValue("gl", out double glSeconds))
        {
            figures.Add(new Figure("sensors.camera.fps", 1 / glSeconds, "frames/s"));
            figures.Add(new Figure("sensors.camera.gl_vs_cpu", frame["cpu"] / glSeconds, "x"));
        }

        gl?.Dispose();
        glLidar?.Dispose();
        context?.Dispose();
        return figures;
    }

    /// <summary>Cars, vans, trucks and pedestrians in their procedural shapes (<see cref="Shapes"/>) along both sides of a
    /// 400 m street, 20 buildings behind: about 7,400 triangles for 100 actors.</summary>
    private static Scene Street(int actors)
    {
        var scene = new Scene();
        var rng = new Sim.Core.Random.CounterRng(11);
        ActorClass[] classes = [ActorClass.Car, ActorClass.Car, ActorClass.Van, ActorClass.Truck, ActorClass.Pedestrian];
        for (int i = 0; i < actors; i++)
        {
            var r = rng.Stream((ulong)i, 0, 0);
            ActorClass kind = classes[i % classes.Length];
            ActorBody body = ActorDimensions.Typical(kind);
            double x = r.Uniform(-200, 200), y = (i % 2 == 0 ? 1 : -1) * r.Uniform(2, 9);
            var box = new Box3(x, y, body.Height / 2, r.Uniform(-0.2, 0.2), body.Length, body.Width, body.Height);
            scene.AddShape(new SceneInstance(kind, (ulong)i + 1, SceneBuilder.Reflectivity(kind)), box, Shapes.Of(kind));
        }

        for (int b = 0; b < 20; b++)
        {
            scene.AddBox(new SceneInstance(ActorClass.Building, 1000 + (ulong)b, 0.3f), -190 + (b % 10 * 40), b < 10 ? 20 : -20, 0, 30, 10, 15);
        }

        return scene;
    }
}
