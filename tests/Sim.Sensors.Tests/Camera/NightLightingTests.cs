using System.Numerics;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Camera;

public class NightLightingTests(ITestOutputHelper output)
{
    [Fact]
    public void At_night_a_street_light_makes_the_road_under_it_about_17_times_as_bright_as_road_out_of_its_cone()
    {
        // One post at (20, 5), its arm reaching 1.5 m south: the lamp hangs at (20, 3.5, 7.98).
        var scene = new Scene();
        StreetLights lights = StreetLights.AddTo(scene, [(new Vector2(20, 5), new Vector2(0, -1))]);
        Vector3 lamp = Assert.Single(lights.Lamps);
        Assert.Equal(new Vector3(20, 3.5f, StreetLights.MountingHeight - 0.02f), lamp);
        var camera = PinholeCamera.WithFov(640, 360, 90, 0, 0, 1.6, 0);
        Shading night = Shading.Of(NightScenes.Night());
        CameraFrame frame = CpuCamera.Render(camera, scene, threads: 2, night);

        // Under the lamp, and 30 m ahead, 20 m to the right: outside both the lamp's 75° cone and the low beams.
        (int u, int v) under = NightScenes.Pixel(camera, new Vector3(20, 3.5f, 0));
        (int u, int v) far = NightScenes.Pixel(camera, new Vector3(30, -20, 0));
        double Green((int U, int V) p) => NightScenes.Linear(frame.Rgb[(3 * ((p.V * 640) + p.U)) + 1]);
        double ratio = Green(under) / Green(far);

        // The model: road albedo × (sky 0.02 + 25 × 0.8 (green) / 7.98² straight down) against albedo × sky alone.
        double expected = (night.SkyIrradiance + (Shading.StreetLightIntensity * 0.8 / (7.98 * 7.98))) / night.SkyIrradiance;
        output.WriteLine($"road under the lamp {Green(under):F5}, out of its cone {Green(far):F5} (linear green): ratio {ratio:F1}, model {expected:F1}");
        Assert.InRange(ratio, 0.9 * expected, 1.1 * expected);
        Assert.True(ratio > 15);

        // By day the lamp is off: the two are within a level of each other's shade.
        CameraFrame day = CpuCamera.Render(camera, scene, threads: 2, Shading.Of(NightScenes.Day()));
        double dayUnder = NightScenes.Linear(day.Rgb[(3 * ((under.v * 640) + under.u)) + 1]), dayFar = NightScenes.Linear(day.Rgb[(3 * ((far.v * 640) + far.u)) + 1]);
        Assert.InRange(dayUnder / dayFar, 0.95, 1.05);
    }

    [Fact]
    public void The_street_light_follows_the_inverse_square_law_and_its_cone()
    {
        Shading night = Shading.Of(NightScenes.Night());
        Vector3 up = Vector3.UnitZ;
        Vector3 Lit(float height, Vector3 offset) => night.StreetLighting([new Vector3(0, 0, height)], offset, up);

        // Straight down: E = I / h²; twice the height, a quarter.
        Assert.Equal(Shading.StreetLightIntensity / 16, Lit(4, Vector3.Zero).X, 5);
        Assert.Equal(Shading.StreetLightIntensity / 64, Lit(8, Vector3.Zero).X, 5);
        // 45° off the axis (inside the 55° full cone): I cos θ / r² with r² = 2h².
        Assert.Equal(Shading.StreetLightIntensity * MathF.Sqrt(0.5f) / 128, Lit(8, new Vector3(8, 0, 0)).X, 5);
        // 80° off the axis: dark. Above the lamp: dark. By day: dark.
        Assert.Equal(0, Lit(1, new Vector3(MathF.Tan(80 * MathF.PI / 180), 0, 0)).X);
        Assert.Equal(0, night.StreetLighting([new Vector3(0, 0, -1)], Vector3.Zero, -up).X);
        Assert.Equal(Vector3.Zero, Shading.Of(NightScenes.Day()).StreetLighting([new Vector3(0, 0, 8)], Vector3.Zero, up));
        Assert.Equal(Shading.StreetLightColour * Shading.StreetLightIntensity / 64, Lit(8, Vector3.Zero));
    }

    [Fact]
    public void At_night_oncoming_headlamps_glow_white_tail_lamps_red_and_luminaires_warm_and_by_day_none_do()
    {
        var camera = PinholeCamera.WithFov(640, 360, 60, 0, 0, 1.2, 0);
        var scene = new Scene();
        var oncoming = new Box3(15, 2, 0.75, Math.PI, 4.5, 1.8, 1.5);
        var ahead = new Box3(15, -2, 0.75, 0, 4.5, 1.8, 1.5);
        scene.AddShape(new SceneInstance(ActorClass.Car, 1, 0.5f), oncoming, Shapes.Of(ActorClass.Car));
        scene.AddShape(new SceneInstance(ActorClass.Car, 2, 0.5f), ahead, Shapes.Of(ActorClass.Car));
        StreetLights.AddTo(scene, [(new Vector2(25, 0), new Vector2(0, 1))]);

        // A point in the middle of the oncoming car's left headlamp (its front faces us: x = 15 − 2.25), the car
        // ahead's right tail lamp (its rear at x = 15 − 2.25), and the luminaire's underside, 8 m up.
        Vector3 headlamp = new(15 - 2.25f, 2 - (0.365f * 1.8f), 0.415f * 1.5f);
        Vector3 tail = new(15 - 2.25f, -2 - (0.38f * 1.8f), 0.45f * 1.5f);
        Vector3 luminaire = new(25, 1.5f, StreetLights.MountingHeight);
        CameraFrame night = CpuCamera.Render(camera, scene, threads: 2, Shading.Of(NightScenes.Night()));
        CameraFrame day = CpuCamera.Render(camera, scene, threads: 2, Shading.Of(NightScenes.Day()));

        // The luminaire is a sliver from the road camera; a second camera looks up at it from 3 m short of its post.
        PinholeCamera upward = camera with { X = 22, Y = 1.5, Pitch = -Math.Atan2(StreetLights.MountingHeight - 1.2, 3) };
        CameraFrame nightUp = CpuCamera.Render(upward, scene, threads: 2, Shading.Of(NightScenes.Night()));
        CameraFrame dayUp = CpuCamera.Render(upward, scene, threads: 2, Shading.Of(NightScenes.Day()));
        byte[] At(CameraFrame f, Vector3 p)
        {
            PinholeCamera c = ReferenceEquals(f, nightUp) || ReferenceEquals(f, dayUp) ? upward : camera;
            (int u, int v) = NightScenes.Pixel(c, p);
            return f.Rgb.AsSpan(3 * ((v * 640) + u), 3).ToArray();
        }

        output.WriteLine($"night: headlamp {string.Join(",", At(night, headlamp))}, tail {string.Join(",", At(night, tail))}, luminaire {string.Join(",", At(nightUp, luminaire))}; " +
            $"day: {string.Join(",", At(day, headlamp))}, {string.Join(",", At(day, tail))}, {string.Join(",", At(dayUp, luminaire))}");
        Assert.All(At(night, headlamp), c => Assert.True(c >= 250));
        byte[] red = At(night, tail); // red, though our own low beams light the car's grey paint too
        Assert.True(red[0] >= 250 && red[1] < 0.6 * red[0] && red[2] < 0.6 * red[0]);
        byte[] warm = At(nightUp, luminaire);
        Assert.True(warm[0] == 255 && warm[1] >= 240 && warm[2] >= 200);
        Assert.All(At(day, headlamp).Concat(At(day, tail)).Concat(At(dayUp, luminaire)), c => Assert.True(c < 200));

        // The lamps are paint, not objects: labels are the cars' and the luminaire's.
        Assert.Equal(day.Instance, night.Instance);
        Assert.Equal(day.Semantic, night.Semantic);
        (int hu, int hv) = NightScenes.Pixel(camera, headlamp);
        Assert.Equal(SemanticClass.Car, night.Semantic[(hv * 640) + hu]);
        (int lu, int lv) = NightScenes.Pixel(upward, luminaire);
        Assert.Equal((SemanticClass.Barrier, 0u), (nightUp.Semantic[(lv * 640) + lu], nightUp.Instance[(lv * 640) + lu]));
    }

    [Fact]
    public void Urban_streets_get_street_lights_along_their_sidewalks_and_highways_none()
    {
        var sim = new Simulation(new SimulationOptions(1, 0.05, 1));
        UrbanBlockLayout block = new UrbanBlock().Build();
        sim.World.SetManagedResource(block.Network);
        Scene urban = SceneBuilder.FromWorld(sim.World);
        StreetLights lights = StreetLights.Of(urban);
        var highway = new Simulation(new SimulationOptions(1, 0.05, 1));
        highway.World.SetManagedResource(new Highway(3, 3.75, 30, 1000).Build().Network);

        // Eight sidewalks (four sides, two loops), a post every 30 m: the block's perimeter is about 2 × (160 + 100) m
        // on the centre line, so on the order of 8 × 260 / 4 / 30 ≈ 17 each way round.
        output.WriteLine($"urban block: {lights.Lamps.Count} street lights");
        Assert.InRange(lights.Lamps.Count, 10, 60);
        Assert.All(lights.Lamps, l => Assert.Equal(StreetLights.MountingHeight - 0.02f, l.Z));
        Assert.Equal(SemanticClass.Barrier, urban.Instances[lights.Posts].Semantic);
        Assert.True(urban.Instances[lights.Luminaires].IsStuff);
        Assert.Same(StreetLights.None, StreetLights.Of(SceneBuilder.FromWorld(highway.World)));

        // Each lamp hangs over a lane (the sidewalk's kerb side), none over the verge.
        Assert.All(lights.Lamps, l => Assert.True(block.Network.TryToLane(l.X, l.Y, out _), $"lamp at {l} is over no lane"));
        Assert.Equal(Math.Min(StreetLights.MaxLit, lights.Lamps.Count), lights.NearestOffsets(Vector3.Zero).Length);
        float[] distances = [.. lights.NearestOffsets(Vector3.Zero).Select(o => o.Length())];
        Assert.Equal(distances.Order(), distances);
    }
}
