using System.Diagnostics;
using Sim.Bench.Harness;
using Sim.Core.Traffic;
using Sim.Sensors.Geometry;
using Sim.Sensors.Lidar;

namespace Sim.Bench.Sensors;

/// <summary>
/// <c>bench/run sensors</c>: the CPU reference LiDAR (BVH ray caster) on a 128-channel, 2048-column sweep (an Ouster
/// OS1-128's pattern) in a street of 120 box actors and a ground plane: rays cast per second, points returned per second
/// on all cores, and that rate over the 2.62 million points/s the real sensor produces at 10 Hz (≥ 1 means faster than
/// real time); and camera frames per second (RGB, depth, instance, semantic) at 1280 × 720 on the CPU reference and, where
/// EGL is available, the GL backend (llvmpipe without a GPU), with their ratio.
/// </summary>
public sealed class SensorSuite : IBenchSuite
{
    public string Name => "sensors";

    public string Description => "CPU LiDAR rays/s and points/s, 128 x 2048 sweep, 120 actors, against the OS1-128's real-time rate";

    public IReadOnlyList<Figure> Run(bool quick, TextWriter log)
    {
        Scene scene = Street(120);
        LidarSpec spec = LidarSpec.Uniform(128, -22.5, 22.5, 2048);
        int threads = Environment.ProcessorCount;
        _ = LidarScanner.Scan(spec, scene, 0, 0, 1.9, 0, LidarWeather.Clear, 1, 0, threads); // warm-up (JIT, BVH)
        var samples = new List<double>();
        int points = 0;
        for (int i = 0; i < (quick ? 5 : 21); i++)
        {
            long start = Stopwatch.GetTimestamp();
            points = LidarScanner.Scan(spec, scene, 0, 0, 1.9, 0, LidarWeather.Clear, 1, i, threads).Length;
            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        double seconds = Interleaved.Median(samples);
        double realTime = 128 * 2048 * 10.0; // points/s of the real sensor at 10 Hz
        log.WriteLine($"# sensors: {scene.Bvh.Triangles:N0} triangles, {scene.Bvh.Nodes:N0} BVH nodes, {spec.Rays:N0} rays, {points:N0} returns, {seconds * 1e3:0.#} ms a sweep on {threads} threads");
        var figures = new List<Figure>
        {
            new("sensors.lidar.cpu_rays_per_s", spec.Rays / seconds, "rays/s"),
            new("sensors.lidar.points_per_s", points / seconds, "points/s"),
            new("sensors.lidar.vs_real_time", spec.Rays / seconds / realTime, "x"),
        };

        // Camera frames with all four outputs (RGB, depth, instance, semantic) at 1280 × 720 on both backends, interleaved.
        var camera = Sim.Sensors.Camera.PinholeCamera.WithFov(1280, 720, 90, -150, 0, 1.6, 0);
        var shading = Sim.Sensors.Camera.Shading.Of(Sim.Core.Weather.WeatherState.Clear);
        var variants = new List<(string Name, Action Run)> { ("cpu", () => Sim.Sensors.Camera.CpuCamera.Render(camera, scene, threads, shading)) };
        Sim.Sensors.Gl.GlCamera? gl = null;
        if (Sim.Sensors.Gl.EglContext.TryCreate(out Sim.Sensors.Gl.EglContext? context, out string reason))
        {
            gl = new Sim.Sensors.Gl.GlCamera(context!);
            variants.Add(("gl", () => gl.Render(camera, scene, shading)));
            log.WriteLine($"# sensors: GL renderer {context!.Renderer}");
        }
        else
        {
            log.WriteLine($"# sensors: no GL ({reason})");
        }

        Dictionary<string, double> frame = Interleaved.MedianSeconds(variants, quick ? 5 : 21);
        figures.Add(new Figure("sensors.camera.cpu.fps", 1 / frame["cpu"], "frames/s"));
        if (frame.TryGetValue("gl", out double glSeconds))
        {
            figures.Add(new Figure("sensors.camera.fps", 1 / glSeconds, "frames/s"));
            figures.Add(new Figure("sensors.camera.gl_vs_cpu", frame["cpu"] / glSeconds, "x"));
        }

        gl?.Dispose();
        context?.Dispose();
        return figures;
    }

    /// <summary>Cars, vans, trucks and pedestrians along both sides of a 400 m street, buildings behind.</summary>
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
            scene.AddBox(new SceneInstance(kind, (ulong)i + 1, 0.5f), x, y, r.Uniform(-0.2, 0.2), body.Length, body.Width, body.Height);
        }

        for (int b = 0; b < 20; b++)
        {
            scene.AddBox(new SceneInstance(ActorClass.Building, 1000 + (ulong)b, 0.3f), -190 + (b % 10 * 40), b < 10 ? 20 : -20, 0, 30, 10, 15);
        }

        return scene;
    }
}
