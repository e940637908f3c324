using System.Numerics;
using Sim.Core.Weather;

namespace Sim.Sensors.Camera;

/// <summary>
/// The colour model both camera backends share (linear RGB in 0–1, written as 8-bit sRGB):
/// <list type="bullet">
/// <item>Light: sun irradiance E_sun = max(0, sin altitude) · (1 − 0.75 · cloudiness) from the sun's direction, and
/// sky light E_sky = 0.25 · daylight + 0.02 (0.02 stands for street and moon light at night); daylight =
/// smoothstep(−6°, 6°, altitude) blends day into night through civil twilight.</item>
/// <item>Surfaces are Lambertian: colour = albedo · (E_sun · max(0, n·s) + E_sky), with a per-class albedo (road dark
/// grey, darker when wet; cars painted by instance).</item>
/// <item>Sky: a vertical gradient from a horizon colour to a zenith colour, both scaled by daylight (and greyed by
/// cloud).</item>
/// <item>Fog (Koschmieder): a surface at distance d keeps e^(−σd) of its colour and gains (1 − e^(−σd)) of the horizon
/// air colour, σ = 3.912 / V for visibility V — so at d = V contrast has fallen to 2 %.</item>
/// <item>Headlights: the camera vehicle's low beams, at night (see the six-argument <see cref="Surface(SemanticClass, uint, Vector3, float, Vector3, Vector3)"/>).</item>
/// <item>Street lights and other vehicles' lamps, at night: <see cref="StreetLighting"/> and
/// <see cref="VehicleLamps"/>, added by the eight-argument <see cref="Surface(SemanticClass, uint, Vector3, float, Vector3, Vector3, Vector3, Vector3)"/>.</item>
/// <item>Rain and snow: <see cref="Rain"/>, <see cref="Snow"/>, <see cref="Wind"/>, <see cref="Seed"/> and
/// <see cref="Frame"/> drive <see cref="Precipitation"/>, drawn over the finished RGB image.</item>
/// </list>
/// </summary>
public readonly partial record struct Shading(Vector3 SunDirection, float SunIrradiance, float SkyIrradiance, float Daylight, float Extinction, float Wetness, float Cloudiness)
{
    /// <summary>The shading of a weather state: its light, fog, wetness, rain, snow and wind (seed, frame and camera
    /// velocity are the caller's to set).</summary>
    public static Shading Of(WeatherState weather)
    {
        double altitude = weather.SunAltitude;
        (double sa, double ca) = Math.SinCos(altitude);
        (double sz, double cz) = Math.SinCos(weather.SunAzimuth);
        double daylight = SmoothStep(-6 * Math.PI / 180, 6 * Math.PI / 180, altitude);
        double sun = Math.Max(0, sa) * (1 - (0.75 * weather.Cloudiness));
        double sky = (0.25 * daylight) + 0.02;
        double extinction = weather.FogVisibility >= 50_000 ? 0 : 3.912 / weather.FogVisibility;
        // WindDirection is where the wind blows from; the air (and what falls through it) moves the other way.
        (double wy, double wx) = Math.SinCos(weather.WindDirection);
        var wind = new Vector3((float)(-weather.WindSpeed * wx), (float)(-weather.WindSpeed * wy), 0);
        return new Shading(new Vector3((float)(ca * cz), (float)(ca * sz), (float)sa), (float)sun, (float)sky, (float)daylight, (float)extinction, (float)weather.Wetness, (float)weather.Cloudiness)
        {
            Rain = (float)Math.Clamp(weather.Rain, 0, 1),
            Snow = (float)Math.Clamp(weather.Snow, 0, 1),
            Wind = wind,
        };
    }

    /// <summary>Rain intensity, 0–1 (1 ≈ 50 mm/h, <see cref="WeatherState.Rain"/>): drops streak the image
    /// (<see cref="Precipitation"/>) and the image is a little darker and greyer.</summary>
    public float Rain { get; init; }

    /// <summary>Snowfall intensity, 0–1 (<see cref="WeatherState.Snow"/>): flakes in the image.</summary>
    public float Snow { get; init; }

    /// <summary>The air's velocity, m/s, world frame (horizontal): falling drops and flakes drift with it.</summary>
    public Vector3 Wind { get; init; }

    /// <summary>The camera's velocity, m/s, world frame: drops streak relative to the moving camera (zero when not
    /// given).</summary>
    public Vector3 CameraVelocity { get; init; }

    /// <summary>The simulation seed the particles are drawn from (with <see cref="Frame"/>, through
    /// <see cref="Sim.Core.Random.CounterRng"/>).</summary>
    public ulong Seed { get; init; }

    /// <summary>The frame (tick) the particles are drawn for: another frame, other drops. Must be in [0, 2^48).</summary>
    public long Frame { get; init; }

    /// <summary>How dark it is: 1 − daylight. Lamps (headlights, street lights, other vehicles' lamps) scale with it.</summary>
    public float Darkness => 1 - Daylight;

    /// <summary>
    /// The exposure time, s, of an auto-exposing camera: 0.5 ms / (sun + sky irradiance), within 0.5–20 ms — about
    /// 0.5 ms in daylight, 20 ms at night (automotive cameras run about 0.1–1 ms by day and up to 11–33 ms by night).
    /// It sets how far a drop moves while the shutter is open; image brightness is not scaled by it.
    /// </summary>
    public float Exposure => Math.Clamp(0.0005f / MathF.Max(SunIrradiance + SkyIrradiance, 1e-6f), 0.0005f, 0.02f);

    /// <summary>The albedo (linear RGB) of a surface of <paramref name="cls"/>; vehicles get a paint by instance.</summary>
    public Vector3 Albedo(SemanticClass cls, uint instance) => cls switch
    {
        SemanticClass.Road => new Vector3(0.12f, 0.12f, 0.13f) * (1 - (0.5f * Wetness)),
        SemanticClass.Car or SemanticClass.Van or SemanticClass.Bus or SemanticClass.Truck or SemanticClass.Motorcycle => Paint(instance),
        SemanticClass.Pedestrian => new Vector3(0.25f, 0.2f, 0.3f),
        SemanticClass.Deer => new Vector3(0.35f, 0.22f, 0.12f),
        SemanticClass.Tree => new Vector3(0.08f, 0.22f, 0.06f),
        SemanticClass.Building => new Vector3(0.45f, 0.42f, 0.38f),
        SemanticClass.Barrier => new Vector3(0.55f, 0.55f, 0.52f),
        SemanticClass.Bicycle => new Vector3(0.3f, 0.1f, 0.1f),
        SemanticClass.Sidewalk => new Vector3(0.35f, 0.34f, 0.32f) * (1 - (0.3f * Wetness)),
        SemanticClass.LaneMarking => new Vector3(0.75f, 0.75f, 0.72f) * (1 - (0.3f * Wetness)),
        SemanticClass.Terrain => new Vector3(0.15f, 0.2f, 0.08f),
        _ => new Vector3(0.3f),
    };

    /// <summary>Irradiance of the camera vehicle's headlights on the beam axis at 1 m, scaled by darkness (1 − daylight).</summary>
    public const float HeadlightIntensity = 30;

    /// <summary>Cosines of the headlight beam's outer (25°) and inner (12°) half-angles: full inside 12°, none beyond 25°.</summary>
    public const float BeamOuterCos = 0.9063078f, BeamInnerCos = 0.9781476f;

    /// <summary>The headlights' irradiance at 1 m on axis now: <see cref="HeadlightIntensity"/> × (1 − daylight).</summary>
    public float Headlights => HeadlightIntensity * (1 - Daylight);

    /// <summary>The headlight beam's profile, 0–1, at <paramref name="cosine"/> of the angle from the camera's axis: a
    /// smoothstep from the 25° to the 12° half-angle.</summary>
    public static float Beam(float cosine) => (float)SmoothStep(BeamOuterCos, BeamInnerCos, cosine);

    /// <summary>The colour of a surface point: Lambert under sun and sky, then fog over distance <paramref name="distance"/>.</summary>
    public Vector3 Surface(SemanticClass cls, uint instance, Vector3 normal, float distance)
    {
        float lambert = MathF.Max(0, Vector3.Dot(normal, SunDirection));
        Vector3 lit = Albedo(cls, instance) * ((SunIrradiance * lambert) + SkyIrradiance);
        return Fog(lit, distance);
    }

    /// <summary>
    /// The same, seen along unit ray <paramref name="direction"/> from a camera looking along <paramref name="forward"/>
    /// whose vehicle's headlights light the scene at night: irradiance <see cref="Headlights"/> × beam × cos(incidence)
    /// / max(r², 1 m²), the beam a smoothstep from the 25° to the 12° half-angle round the camera's axis.
    /// </summary>
    public Vector3 Surface(SemanticClass cls, uint instance, Vector3 normal, float distance, Vector3 direction, Vector3 forward)
    {
        float lambert = MathF.Max(0, Vector3.Dot(normal, SunDirection));
        float beam = (float)SmoothStep(BeamOuterCos, BeamInnerCos, Vector3.Dot(direction, forward));
        float head = Headlights * beam * MathF.Max(0, -Vector3.Dot(normal, direction)) / MathF.Max(distance * distance, 1);
        Vector3 lit = Albedo(cls, instance) * ((SunIrradiance * lambert) + SkyIrradiance + head);
        return Fog(lit, distance);
    }

    /// <summary>
    /// The same, with more light: <paramref name="lamps"/> (linear RGB irradiance from street lights,
    /// <see cref="StreetLighting"/>) added to the white light, and <paramref name="emission"/> (radiance of a glowing
    /// lamp, linear RGB) added to what the surface reflects, before fog.
    /// </summary>
    public Vector3 Surface(SemanticClass cls, uint instance, Vector3 normal, float distance, Vector3 direction, Vector3 forward, Vector3 lamps, Vector3 emission)
    {
        float lambert = MathF.Max(0, Vector3.Dot(normal, SunDirection));
        float beam = (float)SmoothStep(BeamOuterCos, BeamInnerCos, Vector3.Dot(direction, forward));
        float head = Headlights * beam * MathF.Max(0, -Vector3.Dot(normal, direction)) / MathF.Max(distance * distance, 1);
        Vector3 lit = (Albedo(cls, instance) * (new Vector3((SunIrradiance * lambert) + SkyIrradiance + head) + lamps)) + emission;
        return Fog(lit, distance);
    }

    /// <summary>The sky seen along a ray whose elevation has sine <paramref name="upness"/> (fog closes it in).</summary>
    public Vector3 Sky(float upness)
    {
        float t = MathF.Max(0, upness);
        Vector3 horizon = Vector3.Lerp(new Vector3(0.75f, 0.8f, 0.9f), new Vector3(0.7f), Cloudiness);
        Vector3 zenith = Vector3.Lerp(new Vector3(0.2f, 0.4f, 0.85f), new Vector3(0.55f), Cloudiness);
        Vector3 sky = Vector3.Lerp(horizon, zenith, MathF.Sqrt(t)) * ((Daylight * 0.98f) + 0.02f);
        return Extinction > 0 ? Vector3.Lerp(sky, Air, MathF.Min(1, Extinction * 200)) : sky;
    }

    /// <summary>The colour of fog: the horizon's air under the current light.</summary>
    public Vector3 Air => new Vector3(0.7f, 0.72f, 0.75f) * ((Daylight * 0.9f) + 0.03f);

    /// <summary>Koschmieder: <paramref name="colour"/> seen through <paramref name="distance"/> m of air.</summary>
    public Vector3 Fog(Vector3 colour, float distance)
    {
        float keep = MathF.Exp(-Extinction * distance);
        return (colour * keep) + (Air * (1 - keep));
    }

    /// <summary>8-bit sRGB of a linear value (IEC 61966-2-1 transfer function).</summary>
    public static byte ToSrgb(float linear)
    {
        float c = Math.Clamp(linear, 0, 1);
        float s = c <= 0.0031308f ? 12.92f * c : (1.055f * MathF.Pow(c, 1 / 2.4f)) - 0.055f;
        return (byte)MathF.Round(s * 255);
    }

    private static Vector3 Paint(uint instance)
    {
        Vector3[] paints = [new(0.6f, 0.05f, 0.05f), new(0.05f, 0.1f, 0.4f), new(0.7f, 0.7f, 0.72f), new(0.03f, 0.03f, 0.03f), new(0.4f, 0.4f, 0.42f), new(0.8f, 0.8f, 0.78f), new(0.1f, 0.3f, 0.15f)];
        return paints[instance % (uint)paints.Length];
    }

    private static double SmoothStep(double a, double b, double x)
    {
        double t = Math.Clamp((x - a) / (b - a), 0, 1);
        return t * t * (3 - (2 * t));
    }
}
