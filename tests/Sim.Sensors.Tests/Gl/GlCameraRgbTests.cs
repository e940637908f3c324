using System.Diagnostics;
using Sim.Core.Weather;
using Sim.Sensors.Camera;
using Sim.Sensors.Gl;
using Xunit.Abstractions;

namespace Sim.Sensors.Tests.Gl;

public class GlCameraRgbTests(ITestOutputHelper output)
{
    private const double Degree = Math.PI / 180;

    private static WeatherState Weather(string name)
    {
        WeatherState w = WeatherState.Clear;
        switch (name)
        {
            case "foggy day":
                w.FogVisibility = 150;
                w.SunAltitude = 20 * Degree;
                w.SunAzimuth = 60 * Degree;
                break;
            case "foggy night":
                w.FogVisibility = 150;
                w.SunAltitude = -20 * Degree;
                w.SunAzimuth = 60 * Degree;
                break;
            case "clear night":
                w.SunAltitude = -20 * Degree;
                w.SunAzimuth = 60 * Degree;
                break;
            case "twilight, overcast, wet, haze":
                w.FogVisibility = 600;
                w.SunAltitude = 2 * Degree;
                w.SunAzimuth = 200 * Degree;
                w.Cloudiness = 0.8;
                w.Wetness = 0.7;
                break;
            case "clear noon":
                break;
            default:
                throw new ArgumentException(name);
        }

        return w;
    }

    [GlTheory]
    [InlineData("foggy day", 0)]
    [InlineData("foggy day", 1)]
    [InlineData("foggy night", 0)]
    [InlineData("foggy night", 1)]
    [InlineData("clear night", 1)]
    [InlineData("twilight, overcast, wet, haze", 1)]
    [InlineData("clear noon", 0)]
    public void Rgb_agrees_with_the_cpu_camera(string weather, int pose)
    {
        Shading shading = Shading.Of(Weather(weather));
        PinholeCamera camera = GlCameraTests.Pose(pose);
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);

        CameraFrame expected = CpuCamera.Render(camera, GlCameraTests.Street(), threads: 2, shading);
        CameraFrame actual = gl.Render(camera, GlCameraTests.Street(), shading);
        RgbAgreement a = RgbAgreement.Of(expected, actual);
        output.WriteLine($"{weather}, pose {pose} at {camera.Width} × {camera.Height}: {a}");

        Assert.True(a.WithinTwo >= 0.995, a.ToString());
        Assert.True(a.OffEdgeOverTwo == 0, $"{a.OffEdgeOverTwo} pixels off edges differ by more than 2; {a}");
        // The image is not trivially flat: the reference has many colours, and the GL frame has them too.
        Assert.True(expected.Rgb.Chunk(3).Select(c => (c[0] << 16) | (c[1] << 8) | c[2]).Distinct().Count() >= 20);
    }

    [GlTheory]
    [InlineData("rainy night", 0)]
    [InlineData("rainy night", 1)]
    [InlineData("snowy night", 1)]
    [InlineData("rainy day", 0)]
    [InlineData("clear night", 0)]
    public void Rgb_agrees_with_the_cpu_camera_under_street_lights_in_rain_and_snow(string weather, int pose)
    {
        // The lit street: vehicle lamps, street lights and luminaires at night; particles drawn from the same RNG on
        // both backends and depth-tested against each backend's own depth.
        WeatherState w = weather switch
        {
            "rainy night" => Camera.NightScenes.Night(rain: 0.9),
            "snowy night" => Camera.NightScenes.Night(snow: 0.8),
            "rainy day" => Camera.NightScenes.Day(rain: 0.7),
            _ => Camera.NightScenes.Night(),
        };
        Shading shading = Camera.NightScenes.Shade(w);
        PinholeCamera camera = GlCameraTests.Pose(pose);
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);

        CameraFrame expected = CpuCamera.Render(camera, Camera.NightScenes.LitStreet(), threads: 2, shading);
        CameraFrame actual = gl.Render(camera, Camera.NightScenes.LitStreet(), shading);
        RgbAgreement a = RgbAgreement.Of(expected, actual);
        output.WriteLine($"{weather}, lit street, pose {pose} at {camera.Width} × {camera.Height}: {a}");

        Assert.True(a.WithinTwo >= 0.999, a.ToString());
        Assert.True(a.OffEdgeOverTwo <= 0.0002 * a.Pixels, $"{a.OffEdgeOverTwo} pixels off edges differ by more than 2; {a}");
        CameraFrame dry = gl.Render(camera, Camera.NightScenes.LitStreet(), shading with { Rain = 0, Snow = 0 });
        Assert.Equal(dry.Depth, actual.Depth);
        Assert.Equal(dry.Instance, actual.Instance);
        Assert.Equal(dry.Semantic, actual.Semantic);
    }

    [GlFact]
    public void Shading_leaves_depth_instance_and_semantic_unchanged_and_no_shading_leaves_rgb_black()
    {
        PinholeCamera camera = GlCameraTests.Pose(1);
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        CameraFrame plain = gl.Render(camera, GlCameraTests.Street());
        CameraFrame shaded = gl.Render(camera, GlCameraTests.Street(), Shading.Of(Weather("foggy day")));
        CameraFrame plainAgain = gl.Render(camera, GlCameraTests.Street());

        Assert.Equal(plain.Depth, shaded.Depth);
        Assert.Equal(plain.Instance, shaded.Instance);
        Assert.Equal(plain.Semantic, shaded.Semantic);
        Assert.All(plain.Rgb, b => Assert.Equal(0, b));
        Assert.All(plainAgain.Rgb, b => Assert.Equal(0, b));
        Assert.Contains(shaded.Rgb, b => b != 0);
    }

    [GlFact]
    public void Rgb_frames_are_repeatable_across_sizes()
    {
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        Shading shading = Shading.Of(Weather("foggy day"));
        CameraFrame first = gl.Render(GlCameraTests.Pose(0), GlCameraTests.Street(), shading);
        _ = gl.Render(GlCameraTests.Pose(1, 1280, 720), GlCameraTests.Crowd(50), Shading.Of(Weather("foggy night")));
        _ = gl.Render(GlCameraTests.Pose(0), GlCameraTests.Street());
        CameraFrame again = gl.Render(GlCameraTests.Pose(0), GlCameraTests.Street(), shading);
        Assert.Equal(first.Rgb, again.Rgb);
    }

    [GlFact]
    public void Rgb_frame_times_and_agreement_at_1280x720()
    {
        using EglContext context = EglContext.Create();
        using var gl = new GlCamera(context);
        output.WriteLine($"GL_RENDERER {context.Renderer}; GL_VERSION {context.Version}");
        foreach ((string name, Sim.Sensors.Geometry.Scene scene) in new[] { ("street (7 boxes)", GlCameraTests.Street()), ("crowd (1,000 boxes)", GlCameraTests.Crowd(1000)) })
        {
            foreach (string weather in new[] { "foggy day", "foggy night" })
            {
                Shading shading = Shading.Of(Weather(weather));
                PinholeCamera camera = GlCameraTests.Pose(0, 1280, 720);
                CameraFrame frame = gl.Render(camera, scene, shading);
                const int frames = 10;
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < frames; i++)
                {
                    frame = gl.Render(camera, scene, shading);
                }

                double rgbMs = clock.Elapsed.TotalMilliseconds / frames;
                _ = gl.Render(camera, scene);
                clock.Restart();
                for (int i = 0; i < frames; i++)
                {
                    _ = gl.Render(camera, scene);
                }

                double plainMs = clock.Elapsed.TotalMilliseconds / frames;
                clock.Restart();
                CameraFrame cpu = CpuCamera.Render(camera, scene, threads: Environment.ProcessorCount, shading);
                double cpuMs = clock.Elapsed.TotalMilliseconds;
                RgbAgreement a = RgbAgreement.Of(cpu, frame);
                output.WriteLine($"{name}, {weather}, 1280 × 720: GL with RGB {rgbMs:F1} ms/frame, without {plainMs:F1} ms/frame; CPU with RGB {cpuMs:F1} ms on {Environment.ProcessorCount} threads; {a}");
                Assert.True(a.WithinTwo >= 0.995, a.ToString());
            }
        }
    }
}

/// <summary>How a GL frame's colour agrees with the CPU reference's.</summary>
internal sealed record RgbAgreement(int Pixels, int Exact, int WithinTwoCount, int OffEdgeOverTwo, double MeanAbsoluteDifference, int MaxDifference)
{
    /// <summary>The fraction of pixels whose three channels are all within 2 levels.</summary>
    public double WithinTwo => (double)WithinTwoCount / Pixels;

    /// <summary>Compares pixel by pixel; a pixel is on an edge when the reference's 3 × 3 neighbourhood holds more than
    /// one (instance, class, hit or not).</summary>
    public static RgbAgreement Of(CameraFrame expected, CameraFrame actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        int w = expected.Width, h = expected.Height;
        int exact = 0, withinTwo = 0, offEdge = 0, max = 0;
        long sum = 0;
        for (int v = 0; v < h; v++)
        {
            for (int u = 0; u < w; u++)
            {
                int i = (v * w) + u;
                int worst = 0;
                for (int c = 0; c < 3; c++)
                {
                    int d = Math.Abs(expected.Rgb[(3 * i) + c] - actual.Rgb[(3 * i) + c]);
                    sum += d;
                    worst = Math.Max(worst, d);
                }

                max = Math.Max(max, worst);
                exact += worst == 0 ? 1 : 0;
                if (worst <= 2)
                {
                    withinTwo++;
                }
                else if (!FrameEdges.OnEdge(expected, u, v))
                {
                    offEdge++;
                }
            }
        }

        return new RgbAgreement(w * h, exact, withinTwo, offEdge, (double)sum / (3.0 * w * h), max);
    }


    public override string ToString() =>
        $"RGB within 2 levels on {WithinTwo:P3} of {Pixels} px (exact {(double)Exact / Pixels:P3}), {OffEdgeOverTwo} px off edges over 2, " +
        $"mean |Δ| {MeanAbsoluteDifference:F4} levels a channel, max {MaxDifference}";
}
