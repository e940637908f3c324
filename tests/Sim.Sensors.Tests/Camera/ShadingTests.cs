using System.Numerics;
using Sim.Core.Weather;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Tests.Camera;

public class ShadingTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(400)]
    public void At_the_visibility_distance_fog_leaves_2_percent_of_a_black_targets_contrast(double visibility)
    {
        Shading fog = Shading.Of(WeatherState.Clear with { FogVisibility = visibility });
        Vector3 air = fog.Air;
        Vector3 seen = fog.Fog(Vector3.Zero, (float)visibility);
        Assert.Equal(0.02, (air.X - seen.X) / air.X, 4); // Koschmieder: contrast e^(−3.912) = 0.02
        Assert.Equal(seen, fog.Fog(Vector3.Zero, (float)visibility)); // pure function
        Assert.Equal(Vector3.One, Shading.Of(WeatherState.Clear).Fog(Vector3.One, 1e6f)); // clear air: no fog
    }

    [Fact]
    public void Night_is_darker_than_day_and_a_sunlit_face_brighter_than_one_in_shade()
    {
        Shading day = Shading.Of(WeatherState.Clear with { SunAltitude = 40 * Math.PI / 180, SunAzimuth = 0 });
        Shading night = Shading.Of(WeatherState.Clear with { SunAltitude = -20 * Math.PI / 180 });
        Vector3 facingSun = Vector3.Normalize(day.SunDirection with { Z = 0 });
        float lit = day.Surface(SemanticClass.Building, 1, facingSun, 10).X, shade = day.Surface(SemanticClass.Building, 1, -facingSun, 10).X;
        Assert.True(lit > 2 * shade, $"sunlit {lit}, shaded {shade}");
        Assert.True(night.Surface(SemanticClass.Building, 1, facingSun, 10).X < shade / 5);
        Assert.True(night.Sky(0.5f).Z < day.Sky(0.5f).Z / 10);
    }

    [Fact]
    public void The_cpu_camera_shades_sky_above_the_horizon_and_fogged_ground_below_it()
    {
        var camera = PinholeCamera.WithFov(64, 36, 90, 0, 0, 1.6, 0);
        Shading fog = Shading.Of(WeatherState.Clear with { FogVisibility = 100 });
        CameraFrame frame = CpuCamera.Render(camera, new Scene(), shading: fog);
        byte top = frame.Rgb[(2 * 64 * 3) + (32 * 3)], bottom = frame.Rgb[(35 * 64 * 3) + (32 * 3)];
        // Pixel (32, 2): optical direction ((32.5 − 32) / 32, (2.5 − 18) / 32, 1); its upward component is −y.
        double xc = 0.5 / 32, yc = -15.5 / 32, up = -yc / Math.Sqrt((xc * xc) + (yc * yc) + 1);
        Assert.InRange(top - Shading.ToSrgb(fog.Sky((float)up).X), -1, 1);
        Assert.True(bottom < top, "the road near the camera is darker than the fogged sky");
    }

    [Theory]
    [InlineData(50_000, 0.0, 40)]
    [InlineData(150, 0.8, 3)]
    [InlineData(800, 0.3, -20)]
    public void The_sky_is_a_blend_of_its_horizon_and_zenith_by_the_square_root_of_upness(double visibility, double cloud, double sunDegrees)
    {
        // The GL backend draws the sky from Sky(0) and Sky(1) alone; this keeps the CPU model in that form.
        Shading shading = Shading.Of(WeatherState.Clear with { FogVisibility = visibility, Cloudiness = cloud, SunAltitude = sunDegrees * Math.PI / 180 });
        foreach (float up in new[] { 0.05f, 0.3f, 0.7f })
        {
            Vector3 expected = Vector3.Lerp(shading.Sky(0), shading.Sky(1), MathF.Sqrt(up));
            Assert.True(Vector3.Distance(expected, shading.Sky(up)) < 1e-5f, $"{shading.Sky(up)} vs {expected}");
        }
    }

    [Fact]
    public void At_night_the_headlights_light_what_is_in_their_beam_with_the_inverse_square_law()
    {
        Shading night = Shading.Of(WeatherState.Clear with { SunAltitude = -20 * Math.PI / 180 });
        Shading day = Shading.Of(WeatherState.Clear);
        Vector3 forward = Vector3.UnitX, facing = -Vector3.UnitX;
        float albedo = night.Albedo(SemanticClass.Building, 1).X;
        float At(Shading s, Vector3 direction, float distance) => s.Surface(SemanticClass.Building, 1, facing, distance, direction, forward).X;

        // On the axis at 10 m: albedo × (sky + 30 / 10²); at 20 m a quarter of the headlight term.
        Assert.Equal(albedo * (night.SkyIrradiance + (Shading.HeadlightIntensity / 100)), At(night, forward, 10), 5);
        Assert.Equal(albedo * (night.SkyIrradiance + (Shading.HeadlightIntensity / 400)), At(night, forward, 20), 5);
        // Outside the 25° beam only the sky lights it, and in daylight the headlights add nothing.
        Vector3 aside = Vector3.Normalize(new Vector3(1, 0.6f, 0));
        Assert.Equal(albedo * night.SkyIrradiance, At(night, aside, 10), 5);
        Assert.Equal(0, day.Headlights);
    }
}
