using Sim.Core.Weather;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>
/// The <c>weather</c> section: keyframes over time, each giving any of rain, snow (0–1), fog visibility (m), cloudiness,
/// wetness (0–1), wind speed (m/s) and direction (degrees, where it blows from, clockwise from north), and the light
/// as a time of day (hours, sun from <c>latitude</c> and <c>day_of_year</c>) or as sun altitude/azimuth (degrees,
/// azimuth clockwise from north). A value a keyframe leaves out carries over from the previous one (the first starts
/// from a clear noon). Every value may be a distribution.
/// </summary>
public static class WeatherSection
{
    /// <summary>The keys of the section.</summary>
    public static readonly IReadOnlyList<string> Keys = ["latitude", "day_of_year", "keyframes"];

    /// <summary>The keys of a keyframe.</summary>
    public static readonly IReadOnlyList<string> KeyframeKeys =
        ["time", "rain", "snow", "fog_visibility", "cloudiness", "wetness", "wind_speed", "wind_direction", "time_of_day", "sun_altitude", "sun_azimuth"];

    /// <summary>The timeline, or null when the section is absent or wrong (with diagnostics).</summary>
    public static WeatherTimeline? Read(YamlMapping root, SectionReader reader, double duration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        YamlMapping? weather = reader.Mapping(root, "weather", required: false);
        if (weather is null)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(weather, [.. Keys]);
        double latitude = reader.Number(weather, "latitude", -90, 90, "°", required: false) ?? 48;
        double day = reader.Number(weather, "day_of_year", 1, 366, "", required: false) ?? 172;
        YamlNode? list = weather["keyframes"];
        if (list is not YamlSequence keyframes || keyframes.Items.Count == 0)
        {
            reader.Error(list ?? weather, "expected a list of at least one keyframe under 'keyframes'");
            return null;
        }

        var frames = new List<WeatherKeyframe>();
        WeatherState state = WeatherState.Clear;
        double previous = double.NegativeInfinity;
        foreach (YamlNode item in keyframes.Items)
        {
            if (item is not YamlMapping k)
            {
                reader.Error(item, $"expected a keyframe mapping, found {item.Kind}");
                continue;
            }

            reader.CheckKeys(k, [.. KeyframeKeys]);
            double? time = reader.Number(k, "time", 0, duration, "s", required: true, mayVary: true);
            if (time is { } t && !(t > previous))
            {
                reader.Error(k["time"]!, FormattableString.Invariant($"keyframes must be in increasing time; {t} s does not come after {previous} s"));
            }

            previous = time ?? previous;
            state.Rain = reader.Number(k, "rain", 0, 1, "", false, true) ?? state.Rain;
            state.Snow = reader.Number(k, "snow", 0, 1, "", false, true) ?? state.Snow;
            state.FogVisibility = reader.Number(k, "fog_visibility", 10, 100_000, "m", false, true) ?? state.FogVisibility;
            state.Cloudiness = reader.Number(k, "cloudiness", 0, 1, "", false, true) ?? state.Cloudiness;
            state.Wetness = reader.Number(k, "wetness", 0, 1, "", false, true) ?? state.Wetness;
            state.WindSpeed = reader.Number(k, "wind_speed", 0, 60, "m/s", false, true) ?? state.WindSpeed;
            if (reader.Number(k, "wind_direction", 0, 360, "°", false, true) is { } from)
            {
                state.WindDirection = CompassToWorld(from);
            }

            double? hours = reader.Number(k, "time_of_day", 0, 24, "h", false, true);
            double? altitude = reader.Number(k, "sun_altitude", -90, 90, "°", false, true);
            double? azimuth = reader.Number(k, "sun_azimuth", 0, 360, "°", false, true);
            if (hours is not null && (altitude is not null || azimuth is not null))
            {
                reader.Error(k["time_of_day"]!, "give either time_of_day or sun_altitude/sun_azimuth, not both");
            }
            else if (hours is { } h)
            {
                (state.SunAltitude, state.SunAzimuth) = SolarPosition.At(latitude, day, h);
            }
            else
            {
                state.SunAltitude = altitude is { } a ? a * Math.PI / 180 : state.SunAltitude;
                state.SunAzimuth = azimuth is { } z ? CompassToWorld(z) : state.SunAzimuth;
            }

            frames.Add(new WeatherKeyframe(time ?? 0, state));
        }

        return reader.Diagnostics.Count > errors ? null : new WeatherTimeline(frames);
    }

    /// <summary>Degrees clockwise from north (compass) to radians counter-clockwise from east (world frame).</summary>
    private static double CompassToWorld(double degrees) => (90 - degrees) * Math.PI / 180;
}
