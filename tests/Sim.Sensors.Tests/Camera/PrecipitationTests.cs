using System.Numerics;
using Sim.Core.Traffic;
using Sim.Core.Weather;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Tests.Gl;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Camera;

public class PrecipitationTests(ITestOutputHelper output)
{
    private static readonly PinholeCamera Camera = GlCameraTests.Pose(0);

    [Theory]
    [InlineData("rain", "night")]
    [InlineData("rain", "day")]
    [InlineData("snow", "night")]
    [InlineData("snow", "day")]
    public void Rain_and_snow_change_rgb_and_leave_depth_instance_and_semantic_byte_identical(string fall, string light)
    {
        double rain = fall == "rain" ? 0.8 : 0, snow = fall == "snow" ? 0.8 : 0;
        WeatherState weather = light == "night" ? NightScenes.Night(rain, snow) : NightScenes.Day(rain, snow);
        Scene scene = NightScenes.LitStreet();
        CameraFrame dry = CpuCamera.Render(Camera, scene, threads: 2, NightScenes.Shade(weather with { Rain = 0, Snow = 0 }));
        CameraFrame wet = CpuCamera.Render(Camera, scene, threads: 2, NightScenes.Shade(weather));

        Assert.Equal(dry.Depth, wet.Depth);
        Assert.Equal(dry.Instance, wet.Instance);
        Assert.Equal(dry.Semantic, wet.Semantic);
        double changed = NightScenes.Changed(dry, wet);
        output.WriteLine($"{fall} by {light}: {changed:P2} of pixels changed");
        Assert.True(changed > 0.05, $"{changed:P2}");
    }

    [Theory]
    [InlineData("rain", "night")]
    [InlineData("rain", "day")]
    [InlineData("snow", "night")]
    [InlineData("snow", "day")]
    public void Heavier_rain_or_snow_draws_more_particles_and_changes_more_pixels(string fall, string light)
    {
        var counts = new List<int>();
        var changed = new List<double>();
        foreach (double intensity in new[] { 0.1, 0.3, 0.9 })
        {
            double rain = fall == "rain" ? intensity : 0, snow = fall == "snow" ? intensity : 0;
            WeatherState weather = light == "night" ? NightScenes.Night(rain, snow) : NightScenes.Day(rain, snow);
            Shading shading = NightScenes.Shade(weather);
            CameraFrame frame = CpuCamera.Render(Camera, NightScenes.LitStreet(), threads: 2, shading with { Rain = 0, Snow = 0 });
            Particle[] particles = Precipitation.Particles(Camera, shading, StreetLights.Of(NightScenes.LitStreet()).NearestOffsets(new Vector3(0, 0, 1.6f)));
            counts.Add(particles.Length);
            changed.Add((double)Precipitation.Composite(frame, particles) / (frame.Width * frame.Height));
        }

        output.WriteLine($"{fall} by {light} at 0.1, 0.3, 0.9: particles {string.Join(", ", counts)}; pixels changed {string.Join(", ", changed.Select(c => c.ToString("P2")))}");
        Assert.True(counts[0] > 0);
        Assert.True(counts[0] < counts[1] && counts[1] < counts[2], string.Join(", ", counts));
        Assert.True(changed[0] > 0 && changed[0] < changed[1] && changed[1] < changed[2], string.Join(", ", changed));
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void The_drop_count_is_the_marshall_palmer_density_times_the_view_volume(double rain)
    {
        // Daylight, no culling to speak of: every drawn drop is bright enough to count.
        Shading shading = NightScenes.Shade(NightScenes.Day(rain));
        Particle[] particles = Precipitation.Particles(Camera, shading, []);
        double spanU = 1.2 * Camera.Width / Camera.Fx, spanV = 1.2 * Camera.Height / Camera.Fy;
        double volume = spanU * spanV * ((10.0 * 10 * 10) - (0.5 * 0.5 * 0.5)) / 3;
        double rate = 50 * rain, lambda = 4.1 * Math.Pow(rate, -0.21);
        double density = 8000 / lambda * (Math.Exp(-2 * lambda) - Math.Exp(-6 * lambda)); // N(D) = 8000 e^(−ΛD), 2–6 mm
        output.WriteLine($"rain {rain}: {particles.Length} drops, expected {density * volume:F0} ({density:F2} m⁻³ × {volume:F0} m³)");
        Assert.Equal(density, Precipitation.RainDensity(rain), 9);
        Assert.InRange(particles.Length, 0.97 * density * volume, density * volume + 1);
    }

    [Fact]
    public void The_same_seed_and_frame_give_the_same_image_and_another_frame_or_seed_another()
    {
        Scene scene = NightScenes.LitStreet();
        Shading shading = NightScenes.Shade(NightScenes.Night(rain: 0.6, snow: 0.3), frame: 10);
        CameraFrame first = CpuCamera.Render(Camera, scene, threads: 1, shading);
        CameraFrame again = CpuCamera.Render(Camera, scene, threads: 2, shading);
        CameraFrame next = CpuCamera.Render(Camera, scene, threads: 2, shading with { Frame = 11 });
        CameraFrame seeded = CpuCamera.Render(Camera, scene, threads: 2, shading with { Seed = 8 });

        Assert.Equal(first.Rgb, again.Rgb);
        double byFrame = NightScenes.Changed(first, next), bySeed = NightScenes.Changed(first, seeded);
        output.WriteLine($"next frame changes {byFrame:P2} of pixels, another seed {bySeed:P2}");
        Assert.True(byFrame > 0.01 && bySeed > 0.01);
        Assert.Equal(first.Depth, next.Depth);
    }

    [Fact]
    public void Particles_are_hidden_behind_a_near_wall()
    {
        // A wall 0.8 m ahead fills the image's left half (y > 0 is left of a camera looking east).
        var camera = PinholeCamera.WithFov(320, 180, 90, 0, 0, 1.6, 0);
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 1, 0.25f), 0.85, 10, 0, 0.1, 20, 10);
        Shading shading = NightScenes.Shade(NightScenes.Day(rain: 1));
        CameraFrame dry = CpuCamera.Render(camera, scene, shading: shading with { Rain = 0 });
        Particle[] particles = Precipitation.Particles(camera, shading, []);
        bool Wall(int i) => dry.Depth[i] < 1;
        int wallPixels = Enumerable.Range(0, 320 * 180).Count(Wall);
        Assert.InRange(wallPixels, (320 * 180 * 0.45), 320 * 180 * 0.55);

        // Every particle beyond the wall: the wall's pixels stay exactly as they were, the open half changes.
        Particle[] beyond = [.. particles.Where(p => Math.Min(p.StartDepth, p.EndDepth) > 0.8f)];
        CameraFrame behind = Copy(dry);
        Precipitation.Composite(behind, beyond);
        int wallChanged = 0, openChanged = 0;
        for (int i = 0; i < 320 * 180; i++)
        {
            bool differs = behind.Rgb[3 * i] != dry.Rgb[3 * i] || behind.Rgb[(3 * i) + 1] != dry.Rgb[(3 * i) + 1] || behind.Rgb[(3 * i) + 2] != dry.Rgb[(3 * i) + 2];
            if (differs && Wall(i))
            {
                wallChanged++;
            }
            else if (differs)
            {
                openChanged++;
            }
        }

        output.WriteLine($"{beyond.Length} of {particles.Length} particles beyond the wall; {openChanged} open pixels changed, {wallChanged} wall pixels");
        Assert.Equal(0, wallChanged);
        Assert.True(openChanged > 0.05 * (320 * 180 - wallPixels));

        // All of them: only the few drops between the camera and the wall (0.5–0.8 m) mark it.
        CameraFrame all = Copy(dry);
        Precipitation.Composite(all, particles);
        int wallMarked = Enumerable.Range(0, 320 * 180).Count(i => Wall(i) && (all.Rgb[3 * i] != dry.Rgb[3 * i] || all.Rgb[(3 * i) + 2] != dry.Rgb[(3 * i) + 2]));
        output.WriteLine($"with the near drops too: {wallMarked} wall pixels changed");
        Assert.True(wallMarked < openChanged / 20, $"{wallMarked} wall pixels vs {openChanged} open");
    }

    [Fact]
    public void Nearer_drops_are_wider_and_longer_and_the_streak_keeps_the_drops_image_energy()
    {
        Shading shading = NightScenes.Shade(NightScenes.Night(rain: 1));
        Particle[] particles = Precipitation.Particles(Camera, shading, []);
        Particle[] near = [.. particles.Where(p => p.StartDepth < 2)], far = [.. particles.Where(p => p.StartDepth > 8)];
        Assert.NotEmpty(near);
        Assert.NotEmpty(far);
        static double Length(Particle p) => Vector2.Distance(p.Start, p.End);
        Assert.True(near.Average(Length) > 3 * far.Average(Length), $"{near.Average(Length)} vs {far.Average(Length)} px");
        Assert.True(near.Max(p => p.Width) > 1 && far.All(p => p.Width == 1));

        // At night (exposure 20 ms) a 2–6 mm drop falls 0.13–0.18 m: streaks, mostly downwards in the image.
        Assert.Equal(0.02f, shading.Exposure);
        Assert.True(particles.Average(p => p.End.Y - p.Start.Y) > 0);
        Assert.True(particles.Count(p => Math.Abs(p.End.Y - p.Start.Y) > Math.Abs(p.End.X - p.Start.X)) > 0.9 * particles.Length);
        // Garg and Nayar: the drop's image energy — its disc's area, π/4 · width² px for a disc wider than a pixel —
        // spread over the streak's (length + width) × width.
        Particle[] wide = [.. near.Where(p => p.Width > 1 && p.Alpha < 1)];
        Assert.NotEmpty(wide);
        foreach (Particle p in wide)
        {
            double energy = p.Alpha * (Length(p) + p.Width) * p.Width;
            Assert.Equal(Math.PI / 4 * p.Width * p.Width, energy, 1e-3 * energy);
        }
    }

    [Fact]
    public void Rain_dulls_the_image_as_a_contraction_of_levels()
    {
        var a = new CameraFrame(2, 1);
        var b = new CameraFrame(2, 1);
        byte[] left = [250, 10, 20, 0, 128, 255], right = [248, 12, 18, 2, 126, 253];
        left.CopyTo(a.Rgb, 0);
        right.CopyTo(b.Rgb, 0);
        Precipitation.WetLook(a, 1);
        Precipitation.WetLook(b, 1);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(Math.Abs(a.Rgb[i] - b.Rgb[i]) <= 2, $"channel {i}: {a.Rgb[i]} vs {b.Rgb[i]}");
        }

        Assert.True(a.Rgb[0] < 250 && a.Rgb[1] > 10, "greyer and darker");
    }

    private static CameraFrame Copy(CameraFrame frame)
    {
        var copy = new CameraFrame(frame.Width, frame.Height);
        frame.Rgb.CopyTo(copy.Rgb, 0);
        frame.Depth.CopyTo(copy.Depth, 0);
        return copy;
    }
}
