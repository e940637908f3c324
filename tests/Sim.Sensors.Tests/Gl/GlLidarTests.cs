using Sim.Core.Traffic;
using Sim.Sensors.Geometry;
using Sim.Sensors.Gl;
using Sim.Sensors.Lidar;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Gl;

public class GlLidarTests(ITestOutputHelper output)
{
    private static readonly (double Vx, double Vy, double YawRate) Motion = (12, 1.5, 0.3);

    /// <summary>A street of procedural shapes (cars, a van, a truck, a bus, pedestrians, a cyclist, a deer, trees), a wall
    /// of buildings, barriers, and road and lane-marking quads a centimetre above the ground plane.</summary>
    internal static Scene Street()
    {
        var scene = new Scene();
        int road = scene.AddInstance(new SceneInstance(SemanticClass.Road, 0, 0.15f));
        scene.AddQuad(road, new(-80, -7, 0.01f), new(80, -7, 0.01f), new(80, 7, 0.01f), new(-80, 7, 0.01f));
        int marking = scene.AddInstance(new SceneInstance(SemanticClass.LaneMarking, 0, 0.6f));
        for (int i = -20; i < 20; i++)
        {
            scene.AddQuad(marking, new(i * 4, -0.08f, 0.02f), new((i * 4) + 2, -0.08f, 0.02f), new((i * 4) + 2, 0.08f, 0.02f), new(i * 4, 0.08f, 0.02f));
        }

        void Add(ActorClass kind, ulong id, double x, double y, double yaw)
        {
            ActorBody body = ActorDimensions.Typical(kind);
            var box = new Box3(x, y, body.Height / 2, yaw, body.Length, body.Width, body.Height);
            scene.AddShape(new SceneInstance(kind, id, SceneBuilder.Reflectivity(kind)), box, Shapes.Of(kind));
        }

        Add(ActorClass.Car, 101, 10, -2.5, 0.05);
        Add(ActorClass.Car, 102, 22, 3, 0.4);
        Add(ActorClass.Car, 103, -15, 2.8, Math.PI);
        Add(ActorClass.Van, 104, 35, -3, 0);
        Add(ActorClass.Truck, 105, -30, -3.2, 0.02);
        Add(ActorClass.Bus, 106, 48, 3.5, Math.PI);
        Add(ActorClass.Pedestrian, 107, 7, 6, 1.2);
        Add(ActorClass.Pedestrian, 108, -6, -6.5, -0.4);
        Add(ActorClass.Bicycle, 109, 15, 5.5, 0.1);
        Add(ActorClass.Deer, 110, -22, 6, 2);
        for (int t = 0; t < 6; t++)
        {
            Add(ActorClass.Tree, 120 + (ulong)t, -50 + (t * 20), 9.5, 0);
        }

        for (int b = 0; b < 8; b++)
        {
            scene.AddBox(new SceneInstance(ActorClass.Building, 200 + (ulong)b, 0.25f), -70 + (b * 20), b % 2 == 0 ? 16 : -16, 0.1 * b, 15, 8, 6 + b);
        }

        scene.AddBox(new SceneInstance(ActorClass.Barrier, 300, 0.4f), 5, -7.5, 0, 12, 0.5, 0.9);
        return scene;
    }

    private static LidarRays Rays(LidarSpec spec) => LidarRays.Fire(spec, 1.5, 0.4, 1.9, 0.3, Motion);

    [GlFact]
    public void Every_ray_hits_what_the_cpu_caster_hits_at_the_same_range()
    {
        Scene scene = Street();
        var spec = LidarSpec.Uniform(64, -22.5, 22.5, 1024) with { RangeNoise = 0 };
        LidarRays rays = Rays(spec);
        var cpu = new LidarHit[rays.Count];
        var gl = new LidarHit[rays.Count];
        new CpuLidarCaster(2).Cast(scene, rays, (float)spec.MinRange, (float)spec.MaxRange, cpu);
        using EglContext context = EglContext.Create();
        using var lidar = new GlLidar(context);
        lidar.Cast(scene, rays, (float)spec.MinRange, (float)spec.MaxRange, gl);

        Comparison c = Comparison.Of(cpu, gl);
        output.WriteLine($"{lidar.Renderer}: {scene.Bvh.Triangles} triangles, {c}");
        Assert.True(c.Both > rays.Count / 2, c.ToString());
        Assert.True(c.Mismatches <= rays.Count / 1000, $"more than 0.1 % of rays disagree on what they hit; {c}");
        Assert.True(c.MaxRangeDifference <= 0.02, c.ToString()); // the 2 cm
        Assert.True(c.MaxRangeDifference <= 1e-3, c.ToString()); // in fact float rounding: about 1e-5 m
        // The same triangle gives the same |n · d|; the two triangles of a quad differ in the last bits.
        Assert.True(c.CosDiffering <= rays.Count / 1000, c.ToString());
        Assert.Equal(cpu.Where(h => h.IsHit).Select(h => h.Instance).Distinct().Order(), gl.Where(h => h.IsHit).Select(h => h.Instance).Distinct().Order());
    }

    [GlFact]
    public void A_wall_at_10_m_puts_every_return_at_10_over_the_cosine_of_its_angle()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 42, 0.5f), 10.5, 0, 0, 1, 40, 30);
        var spec = LidarSpec.Uniform(32, -10, 10, 1024) with { RangeNoise = 0 };
        using EglContext context = EglContext.Create();
        using var lidar = new GlLidar(context);
        LidarPoint[] points = LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, seed: 1, sweep: 0, caster: lidar);
        LidarPoint[] reference = LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, seed: 1, sweep: 0);

        LidarPoint[] wall = [.. points.Where(p => p.Instance == 42)];
        Assert.True(wall.Length > 32 * 100, $"{wall.Length} returns from the wall");
        Assert.Equal(reference.Count(p => p.Instance == 42), wall.Length);
        foreach (LidarPoint p in wall)
        {
            double cosine = p.X / p.Range; // the angle to the wall's normal (+x)
            Assert.InRange(p.Range - (10 / cosine), -1e-3, 1e-3);
            Assert.Equal(10.0, p.X, 3);
            Assert.Equal(SemanticClass.Building, p.Class);
        }
    }

    [GlFact]
    public void Full_scans_in_fog_with_noise_and_dropout_match_the_cpu_reference()
    {
        Scene scene = Street();
        var spec = LidarSpec.Uniform(64, -22.5, 22.5, 1024) with { RangeNoise = 0.02, Dropout = 0.05 };
        var weather = new LidarWeather(300, 0.5, 0.2);
        using EglContext context = EglContext.Create();
        using var lidar = new GlLidar(context);
        LidarPoint[] gl = LidarScanner.Scan(spec, scene, 1.5, 0.4, 1.9, 0.3, weather, 9, 4, 2, Motion, lidar);
        LidarPoint[] cpu = LidarScanner.Scan(spec, scene, 1.5, 0.4, 1.9, 0.3, weather, 9, 4, 2, Motion);

        // A point is keyed by its ray: (firing time, ring).
        Dictionary<(float, ushort), LidarPoint> byRay = cpu.ToDictionary(p => (p.Time, p.Ring));
        int matched = 0;
        double maxRange = 0, maxIntensity = 0;
        foreach (LidarPoint p in gl)
        {
            if (byRay.TryGetValue((p.Time, p.Ring), out LidarPoint q) && q.Class == p.Class && q.Instance == p.Instance)
            {
                matched++;
                maxRange = Math.Max(maxRange, Math.Abs(p.Range - q.Range));
                maxIntensity = Math.Max(maxIntensity, Math.Abs(p.Intensity - q.Intensity));
            }
        }

        output.WriteLine($"{lidar.Renderer}: {gl.Length} GL points, {cpu.Length} CPU points, {matched} on the same ray with the same label; max |Δrange| {maxRange:0.######} m, max |Δintensity| {maxIntensity:0.######}");
        Assert.True(cpu.Length > spec.Rays / 3, $"{cpu.Length} points");
        Assert.InRange(gl.Length, cpu.Length - (spec.Rays / 1000), cpu.Length + (spec.Rays / 1000));
        Assert.True(matched >= cpu.Length - (spec.Rays / 1000), $"{matched} of {cpu.Length} points matched");
        Assert.True(maxRange <= 0.02, $"max |Δrange| {maxRange} m");
        Assert.True(maxIntensity <= 1e-3, $"max |Δintensity| {maxIntensity}");
    }

    [GlFact]
    public void The_geometry_follows_the_scene_it_is_given_and_casts_repeat()
    {
        var spec = LidarSpec.Uniform(16, -15, 15, 512) with { RangeNoise = 0 };
        LidarRays rays = Rays(spec);
        LidarHit[] Cast(GlLidar lidar, Scene scene)
        {
            var hits = new LidarHit[rays.Count];
            lidar.Cast(scene, rays, 0.5f, 200, hits);
            return hits;
        }

        LidarHit[] Reference(Scene scene)
        {
            var hits = new LidarHit[rays.Count];
            new CpuLidarCaster().Cast(scene, rays, 0.5f, 200, hits);
            return hits;
        }

        using EglContext context = EglContext.Create();
        using var lidar = new GlLidar(context);
        Scene street = Street();
        LidarHit[] first = Cast(lidar, street);

        // An empty scene: only the ground, below the horizon, and nothing above it.
        var empty = new Scene();
        LidarHit[] ground = Cast(lidar, empty);
        Assert.Equal(Reference(empty).Select(h => h.Instance), ground.Select(h => h.Instance));
        Assert.Contains(ground, h => h.Instance == LidarHit.Ground);
        Assert.Contains(ground, h => !h.IsHit);

        // The same scene object, changed after it was cast: its new box is seen.
        Scene changing = Street();
        _ = Cast(lidar, changing);
        int ring = changing.AddBox(new SceneInstance(ActorClass.Barrier, 999, 0.4f), 1.5, 0.4, 0, 12, 12, 1, z0: 2.5);
        LidarHit[] changed = Cast(lidar, changing);
        Assert.Contains(changed, h => h.Instance == ring);
        Assert.True(Comparison.Of(Reference(changing), changed).Mismatches <= rays.Count / 1000);

        Assert.Equal(first, Cast(lidar, street));
    }

    /// <summary>Per-ray agreement of two casts of the same rays.</summary>
    private readonly record struct Comparison(int Rays, int Both, int Mismatches, double MaxRangeDifference, double MaxCosDifference, int CosDiffering)
    {
        public static Comparison Of(LidarHit[] expected, LidarHit[] actual)
        {
            int both = 0, mismatches = 0, cosDiffering = 0;
            double range = 0, cos = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                if (expected[i].Instance != actual[i].Instance)
                {
                    mismatches++;
                }
                else if (expected[i].IsHit)
                {
                    both++;
                    range = Math.Max(range, Math.Abs(expected[i].Distance - actual[i].Distance));
                    double difference = Math.Abs(expected[i].CosIncidence - actual[i].CosIncidence);
                    cos = Math.Max(cos, difference);
                    cosDiffering += difference > 1e-5 ? 1 : 0;
                }
            }

            return new Comparison(expected.Length, both, mismatches, range, cos, cosDiffering);
        }

        public override string ToString() =>
            $"{Rays} rays, {Both} hit the same thing on both, {Mismatches} disagree ({100.0 * Mismatches / Rays:0.####} %), max |Δrange| {MaxRangeDifference:0.########} m, max |Δcos| {MaxCosDifference:0.########} ({CosDiffering} rays over 1e-5)";
    }
}
