using System.Numerics;
using Sim.Core.Traffic;
using Sim.Core.Weather;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Tests.Gl;

namespace Sim.Sensors.Tests.Camera;

/// <summary>Scenes and weathers for the night-lighting and precipitation tests.</summary>
internal static class NightScenes
{
    public const double Degree = Math.PI / 180;

    /// <summary>The GL tests' street (a wall at 60 m, cars seen from behind, trucks, a pedestrian) with an oncoming car
    /// shaped by <see cref="Shapes"/> and street lights every 30 m on both sides, arms over the road.</summary>
    public static Scene LitStreet()
    {
        Scene scene = GlCameraTests.Street();
        scene.AddShape(new SceneInstance(ActorClass.Car, 107, 0.5f), new Box3(26, 1.5, 0.75, Math.PI, 4.5, 1.8, 1.5), Shapes.Of(ActorClass.Car));
        StreetLights.AddTo(scene, [(new(5, -9), new(0, 1)), (new(35, -9), new(0, 1)), (new(20, 9), new(0, -1)), (new(50, 9), new(0, -1))]);
        return scene;
    }

    /// <summary>Night (sun 20° under the horizon) in clear air, with rain and snow as given.</summary>
    public static WeatherState Night(double rain = 0, double snow = 0) =>
        WeatherState.Clear with { SunAltitude = -20 * Degree, SunAzimuth = 60 * Degree, Rain = rain, Snow = snow, Wetness = rain, Cloudiness = rain > 0 || snow > 0 ? 1 : 0 };

    /// <summary>Overcast daylight with rain and snow as given.</summary>
    public static WeatherState Day(double rain = 0, double snow = 0) =>
        WeatherState.Clear with { SunAltitude = 35 * Degree, SunAzimuth = 200 * Degree, Rain = rain, Snow = snow, Wetness = rain, Cloudiness = 0.8 };

    /// <summary>The shading of <paramref name="weather"/> for frame <paramref name="frame"/> of seed 7.</summary>
    public static Shading Shade(WeatherState weather, long frame = 3) => Shading.Of(weather) with { Seed = 7, Frame = frame };

    /// <summary>Linear value of an 8-bit sRGB level.</summary>
    public static double Linear(byte level)
    {
        double s = level / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }

    /// <summary>The pixel (column, row) a world point projects into.</summary>
    public static (int U, int V) Pixel(PinholeCamera camera, Vector3 world)
    {
        (double u, double v, _) = camera.Project(world);
        return ((int)Math.Floor(u), (int)Math.Floor(v));
    }

    /// <summary>The fraction of pixels whose colour differs between two frames.</summary>
    public static double Changed(CameraFrame a, CameraFrame b)
    {
        int changed = 0;
        for (int i = 0; i < a.Width * a.Height; i++)
        {
            changed += a.Rgb[3 * i] != b.Rgb[3 * i] || a.Rgb[(3 * i) + 1] != b.Rgb[(3 * i) + 1] || a.Rgb[(3 * i) + 2] != b.Rgb[(3 * i) + 2] ? 1 : 0;
        }

        return (double)changed / (a.Width * a.Height);
    }
}
