using System.Numerics;
using Sim.Core.Traffic;
using Sim.Sensors.Geometry;
using Sim.Sensors.Lidar;

namespace Sim.Sensors.Tests.Lidar;

public class LidarScannerTests
{
    /// <summary>A wall 40 m wide and 30 m tall whose near face is the plane x = <paramref name="distance"/>.</summary>
    private static Scene Wall(double distance, float reflectivity = 0.5f)
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 42, reflectivity), distance + 0.5, 0, 0, 1, 40, 30);
        return scene;
    }

    [Fact]
    public void A_wall_at_10_m_puts_every_return_at_10_over_the_cosine_of_its_angle_within_the_noise()
    {
        var spec = LidarSpec.Uniform(32, -10, 10, 1024) with { RangeNoise = 0.02 };
        LidarPoint[] points = LidarScanner.Scan(spec, Wall(10), 0, 0, 2, 0, LidarWeather.Clear, seed: 1, sweep: 0);

        LidarPoint[] wall = [.. points.Where(p => p.Instance == 42)];
        Assert.True(wall.Length > 32 * 100, $"{wall.Length} returns from the wall");
        foreach (LidarPoint p in wall)
        {
            // The ray's angle to the wall's normal (+x): cos = x / r for the noise-free direction.
            double cosine = p.X / p.Range;
            Assert.InRange(p.Range - (10 / cosine), -5 * 0.02, 5 * 0.02); // 5σ: 1 in 1.7 million
            Assert.Equal(SemanticClass.Building, p.Class);
        }

        double meanError = wall.Average(p => p.Range - (10 / (p.X / p.Range)));
        Assert.InRange(meanError, -0.003, 0.003); // unbiased
    }

    [Fact]
    public void Without_noise_ranges_are_exact_to_a_millimetre_and_rings_and_times_follow_the_firing_order()
    {
        var spec = LidarSpec.Uniform(16, -5, 5, 360) with { RangeNoise = 0 };
        LidarPoint[] points = LidarScanner.Scan(spec, Wall(10), 0, 0, 2, 0, LidarWeather.Clear, seed: 1, sweep: 0);
        LidarPoint[] wall = [.. points.Where(p => p.Instance == 42)];
        Assert.All(wall, p => Assert.Equal(10.0, p.X, 3));
        Assert.All(wall, p => Assert.Equal(spec.Elevations[p.Ring], Math.Asin(p.Z / p.Range) * 180 / Math.PI, 3));
        // The sweep starts facing backward and faces ahead (azimuth 0) at its middle: a column's firing time is
        // column / (columns × rotation rate), azimuth 180° + 360° × column / columns.
        LidarPoint ahead = wall.First(p => Math.Abs(p.Y) < 1e-3);
        Assert.Equal(0.5 / spec.RotationHz, ahead.Time, 6);
        LidarPoint left = wall.Where(p => p.Y > 0).MaxBy(p => p.Y);
        Assert.Equal((0.5 + (Math.Atan2(left.Y, left.X) / (2 * Math.PI))) / spec.RotationHz, left.Time, 4);
        Assert.All(wall, p => Assert.Equal(p.Y > 0, p.Time > 0.5 / spec.RotationHz)); // right of ahead fires first
    }

    [Fact]
    public void Intensity_falls_with_the_square_of_range_and_scales_with_reflectivity()
    {
        var spec = LidarSpec.Uniform(1, 0, 0, 3600) with { RangeNoise = 0 };
        float At(double distance, float reflectivity) =>
            LidarScanner.Scan(spec, Wall(distance, reflectivity), 0, 0, 2, 0, LidarWeather.Clear, 1, 0).First(p => Math.Abs(p.Y) < 1e-3).Intensity;

        Assert.Equal(0.5, At(10, 0.5f), 4);   // at the reference range, perpendicular
        Assert.Equal(0.125, At(20, 0.5f), 4); // (10/20)²
        Assert.Equal(1, At(2, 0.5f), 6);      // saturates
        Assert.Equal(0.2, At(10, 0.2f), 4);
    }

    [Theory]
    [InlineData(50, 200)]
    [InlineData(30, 500)]
    [InlineData(80, 1000)]
    public void In_fog_the_fraction_of_returns_from_a_target_matches_Beer_Lambert_with_Koschmieder_extinction(double range, double visibility)
    {
        var spec = LidarSpec.Uniform(64, -3, 3, 2048) with { RangeNoise = 0, MaxRange = 300 };
        Scene scene = Wall(range);
        // Eight sweeps (independent draws): a few thousand kept returns put the binomial noise near 1.5 %, well inside 5 %.
        LidarPoint[] clear = [.. LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, 3, 0).Where(p => p.Instance == 42)];
        int foggy = Enumerable.Range(0, 8).Sum(sweep => LidarScanner.Scan(spec, scene, 0, 0, 2, 0, new LidarWeather(visibility, 0), 3, sweep, threads: 2).Count(p => p.Instance == 42));

        // The model's fraction, averaged over the wall's rays (off-axis ones travel farther than the range): two-way
        // transmittance exp(−2σr) at each ray's range, times the pulses the fog in front did not answer first.
        double sigma = 3.912 / visibility;
        double expected = clear.Average(p => Math.Exp(-2 * sigma * p.Range)) * Math.Exp(-sigma * LidarScanner.BackscatterDepth);
        Assert.InRange(foggy / (8.0 * clear.Length), expected * 0.95, expected * 1.05);
        Assert.InRange(clear.Max(p => p.Range), range, range * 1.5); // the wall is where the case says
    }

    [Theory]
    [InlineData(40, 1.0)]
    [InlineData(80, 0.4)]
    public void In_rain_the_fraction_of_returns_matches_Beer_Lambert_with_the_Marshall_Palmer_extinction(double range, double rain)
    {
        var spec = LidarSpec.Uniform(64, -3, 3, 2048) with { RangeNoise = 0, MaxRange = 300 };
        Scene scene = Wall(range);
        LidarPoint[] clear = [.. LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, 3, 0).Where(p => p.Instance == 42)];
        int wet = Enumerable.Range(0, 8).Sum(sweep => LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear with { Rain = rain }, 3, sweep, threads: 2).Count(p => p.Instance == 42));

        // σ = π N₀ / Λ³ with N₀ = 8,000 m⁻³ mm⁻¹ and Λ = 4.1 R^−0.21 mm⁻¹ (mm² → m²: 1e−6), R = 50 mm/h × intensity.
        double r = 50 * rain, sigma = Math.PI * 8000 / Math.Pow(4.1 * Math.Pow(r, -0.21), 3) * 1e-6;
        double expected = clear.Average(p => Math.Exp(-2 * sigma * p.Range)) * Math.Exp(-sigma * LidarScanner.BackscatterDepth);
        Assert.InRange(wet / (8.0 * clear.Length), expected * 0.95, expected * 1.05);
        Assert.True(expected < 0.9, "the case must attenuate measurably");
    }

    [Fact]
    public void A_box_is_labelled_with_its_class_and_id_and_hides_what_is_behind_it()
    {
        var scene = Wall(30);
        scene.AddBox(new SceneInstance(ActorClass.Car, 7, 0.6f), 15, 0, 0, 4.5, 1.8, 1.5);
        var spec = LidarSpec.Uniform(32, -15, 5, 2048) with { RangeNoise = 0 };
        LidarPoint[] points = LidarScanner.Scan(spec, scene, 0, 0, 1.8, 0, LidarWeather.Clear, 1, 0);

        LidarPoint[] car = [.. points.Where(p => p.Instance == 7)];
        Assert.NotEmpty(car);
        Assert.All(car, p => Assert.Equal(SemanticClass.Car, p.Class));
        Assert.All(car, p => Assert.InRange(p.X, 15 - 2.25 - 1e-3, 15 + 2.25));
        // Directly behind the car (|y| < 0.5) the wall gets no returns below the line over the car's roof: the sensor at
        // 1.8 m sees the 1.5 m roof's rear edge (17.25 m) at −0.3 m, which projects to −0.52 m at the wall (30 m).
        Assert.DoesNotContain(points, p => p.Instance == 42 && Math.Abs(p.Y) < 0.5 && p.Z < -0.3 * 30 / 17.25);
        Assert.Contains(points, p => p.Instance == 42 && Math.Abs(p.Y) < 0.5 && p.Z > 0); // above it, the wall is seen
        Assert.Contains(points, p => p.Class == SemanticClass.Road && p.Instance == 0);
    }

    [Fact]
    public void A_sweep_is_the_same_on_any_number_of_threads_and_differs_between_sweeps()
    {
        var spec = LidarSpec.Uniform(16, -10, 10, 512) with { RangeNoise = 0.03, Dropout = 0.1 };
        Scene scene = Wall(20);
        LidarPoint[] one = LidarScanner.Scan(spec, scene, 0, 0, 2, 0.3, new LidarWeather(300, 0.5), 9, 4, threads: 1);
        LidarPoint[] two = LidarScanner.Scan(spec, scene, 0, 0, 2, 0.3, new LidarWeather(300, 0.5), 9, 4, threads: 2);
        LidarPoint[] next = LidarScanner.Scan(spec, scene, 0, 0, 2, 0.3, new LidarWeather(300, 0.5), 9, 5, threads: 2);
        Assert.Equal(one, two);
        Assert.NotEqual(one, next);
    }

    [Fact]
    public void The_bvh_finds_the_same_closest_hit_as_testing_every_triangle()
    {
        var scene = new Scene();
        var rng = new Sim.Core.Random.CounterRng(5);
        for (int i = 0; i < 300; i++)
        {
            var r = rng.Stream((ulong)i, 0, 0);
            scene.AddBox(new SceneInstance(ActorClass.Car, (ulong)i + 1, 0.5f), r.Uniform(-100, 100), r.Uniform(-100, 100), r.Uniform(0, 6.28), r.Uniform(1, 12), r.Uniform(0.5, 3), r.Uniform(1, 4));
        }

        Bvh bvh = scene.Bvh;
        for (int k = 0; k < 2000; k++)
        {
            var r = rng.Stream(1000 + (ulong)k, 0, 0);
            double a = r.Uniform(0, 6.28), e = r.Uniform(-0.3, 0.3);
            var ray = new Ray(new Vector3((float)r.Uniform(-20, 20), (float)r.Uniform(-20, 20), 1.5f), new Vector3((float)(Math.Cos(e) * Math.Cos(a)), (float)(Math.Cos(e) * Math.Sin(a)), (float)Math.Sin(e)));
            bool found = bvh.Intersect(ray, 0.01f, 500, out Hit hit);
            (float best, int owner) = BruteForce(scene, ray);
            Assert.Equal(owner >= 0, found);
            if (found)
            {
                Assert.Equal(best, hit.Distance, 3);
                Assert.Equal(owner, hit.Instance);
            }
        }
    }

    /// <summary>The closest hit over every triangle of every instance, with its own ray–triangle test (the plane of
    /// the triangle, then barycentric coordinates): independent of the BVH's code.</summary>
    private static (float Distance, int Owner) BruteForce(Scene scene, Ray ray)
    {
        float best = float.PositiveInfinity;
        int owner = -1;
        for (int i = 0; i < scene.Instances.Count; i++)
        {
            Vector3[] v = scene.TrianglesOf(i);
            for (int t = 0; t < v.Length; t += 3)
            {
                Vector3 n = Vector3.Cross(v[t + 1] - v[t], v[t + 2] - v[t]);
                float denominator = Vector3.Dot(n, ray.Direction);
                if (MathF.Abs(denominator) < 1e-9f)
                {
                    continue;
                }

                float d = Vector3.Dot(n, v[t] - ray.Origin) / denominator;
                Vector3 p = ray.Origin + (d * ray.Direction);
                bool inside = Vector3.Dot(Vector3.Cross(v[t + 1] - v[t], p - v[t]), n) >= 0
                    && Vector3.Dot(Vector3.Cross(v[t + 2] - v[t + 1], p - v[t + 1]), n) >= 0
                    && Vector3.Dot(Vector3.Cross(v[t] - v[t + 2], p - v[t + 2]), n) >= 0;
                if (inside && d > 0.01f && d < 500 && d < best)
                {
                    (best, owner) = (d, i);
                }
            }
        }

        return (best, owner);
    }
}

public class LidarBackscatterTests
{
    [Fact]
    public void Fog_answers_some_pulses_itself_with_near_weather_returns_at_the_models_rate_and_clear_air_never_does()
    {
        // Only sky above the horizon: every return is the fog's.
        var spec = LidarSpec.Uniform(32, 2, 20, 2048) with { RangeNoise = 0 };
        var scene = new Scene();
        LidarPoint[] foggy = LidarScanner.Scan(spec, scene, 0, 0, 2, 0, new LidarWeather(100, 0), 5, 0);
        LidarPoint[] clear = LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, 5, 0);

        double expected = 1 - Math.Exp(-3.912 / 100 * LidarScanner.BackscatterDepth);
        Assert.InRange(foggy.Length / (double)spec.Rays, expected * 0.95, expected * 1.05);
        Assert.All(foggy, p => Assert.Equal((SemanticClass.Weather, 0UL), (p.Class, p.Instance)));
        Assert.All(foggy, p => Assert.InRange(p.Range, spec.MinRange, LidarScanner.BackscatterDepth + 1e-3));
        Assert.Empty(clear);
    }

    [Fact]
    public void Points_per_object_count_each_objects_returns_and_leave_out_stuff_and_weather()
    {
        LidarPoint P(ulong id, SemanticClass c) => new(1, 0, 0, 0.5f, 0, c, 0, 0, id);
        IReadOnlyDictionary<ulong, int> counts = LidarScanner.PointsPerObject([P(7, SemanticClass.Car), P(7, SemanticClass.Car), P(3, SemanticClass.Deer), P(0, SemanticClass.Road), P(0, SemanticClass.Weather)]);
        Assert.Equal([(3UL, 1), (7UL, 2)], counts.Select(kv => (kv.Key, kv.Value)));
    }
}

public class LidarSnowTests
{
    [Fact]
    public void Snowflakes_answer_pulses_at_the_models_rate_within_reach_and_hide_the_target_behind_them()
    {
        var spec = LidarSpec.Uniform(32, 2, 20, 2048) with { RangeNoise = 0 };
        LidarPoint[] sky = LidarScanner.Scan(spec, new Scene(), 0, 0, 2, 0, new LidarWeather(50_000, 0, Snow: 1), 8, 0);
        double expected = 1 - Math.Exp(-LidarWeather.FlakesPerMetre * (LidarWeather.SnowReach - spec.MinRange));
        Assert.InRange(sky.Length / (double)spec.Rays, expected * 0.95, expected * 1.05);
        Assert.All(sky, p => Assert.Equal(SemanticClass.Weather, p.Class));
        Assert.All(sky, p => Assert.InRange(p.Range, spec.MinRange, LidarWeather.SnowReach));

        // A wall at 10 m keeps, of each ray's return, e^(−rate × (its range − min range)): the flakes in front take the rest.
        var wall = new Scene();
        wall.AddBox(new SceneInstance(Sim.Core.Traffic.ActorClass.Building, 42, 0.5f), 10.5, 0, 0, 1, 40, 30);
        var flat = LidarSpec.Uniform(16, -3, 3, 2048) with { RangeNoise = 0 };
        LidarPoint[] clear = [.. LidarScanner.Scan(flat, wall, 0, 0, 2, 0, LidarWeather.Clear, 8, 0).Where(p => p.Instance == 42)];
        int snowy = LidarScanner.Scan(flat, wall, 0, 0, 2, 0, LidarWeather.Clear with { Snow = 1 }, 8, 0).Count(p => p.Instance == 42);
        double kept = clear.Average(p => Math.Exp(-LidarWeather.FlakesPerMetre * (Math.Min(p.Range, LidarWeather.SnowReach) - flat.MinRange)));
        Assert.InRange(snowy / (double)clear.Length, kept * 0.97, kept * 1.03);
    }
}

public class LidarMotionTests
{
    [Fact]
    public void A_sensor_driving_at_a_wall_fires_each_column_from_where_it_is_at_that_moment()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(Sim.Core.Traffic.ActorClass.Building, 42, 0.5f), 30.5, 0, 0, 1, 60, 30);
        var spec = LidarSpec.Uniform(1, 0, 0, 3600) with { RangeNoise = 0 };
        LidarPoint[] points = LidarScanner.Scan(spec, scene, 0, 0, 2, 0, LidarWeather.Clear, 1, 0, motion: (20, 0, 0));

        // The sweep is centred on the given pose: the column straight ahead fires at its middle (t = 0.05 s) from x = 0;
        // each column fires 20 m/s × (t − 0.05 s) further on, so the wall reads 30 − 20 (t − 0.05) m ahead.
        Assert.All(points.Where(p => p.Instance == 42), p => Assert.InRange(p.X - (30 - (20 * (p.Time - 0.05))), -1e-3, 1e-3));
        LidarPoint ahead = points.Where(p => p.Instance == 42).MinBy(p => Math.Abs(p.Y));
        Assert.Equal(30, ahead.X, 2); // what a camera at the centre moment sees
        Assert.Contains(points, p => p.Instance == 42 && p.Time > 0.06 && p.X < 29.8); // right of ahead: later, nearer
        Assert.Contains(points, p => p.Instance == 42 && p.Time < 0.04 && p.X > 30.2); // the other side: earlier, farther
    }
}
