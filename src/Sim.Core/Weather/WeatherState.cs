namespace Sim.Core.Weather;

/// <summary>
/// The weather and light at the current simulation time, a world resource written by the weather timeline (scenario
/// keyframes, interpolated) and read by sensors and behaviour models. All fields are SI or unit fractions.
/// </summary>
public struct WeatherState
{
    /// <summary>Rain intensity, 0 (none) to 1 (cloudburst, ≈ 50 mm/h).</summary>
    public double Rain;

    /// <summary>Snowfall intensity, 0 to 1 (heavy snowfall).</summary>
    public double Snow;

    /// <summary>Meteorological visibility, m (fog: below 1,000 m; clear air: tens of km).</summary>
    public double FogVisibility;

    /// <summary>Cloud cover, 0 (clear) to 1 (overcast).</summary>
    public double Cloudiness;

    /// <summary>Road surface wetness, 0 (dry) to 1 (standing water).</summary>
    public double Wetness;

    /// <summary>Wind speed, m/s.</summary>
    public double WindSpeed;

    /// <summary>Direction the wind blows from, rad, counter-clockwise from east (world frame).</summary>
    public double WindDirection;

    /// <summary>Sun altitude above the horizon, rad (negative at night).</summary>
    public double SunAltitude;

    /// <summary>Sun azimuth, rad, counter-clockwise from east (world frame: x east, y north).</summary>
    public double SunAzimuth;

    /// <summary>Clear daylight in clear air at noon.</summary>
    public static WeatherState Clear => new() { FogVisibility = 50_000, SunAltitude = 50 * Math.PI / 180, SunAzimuth = -Math.PI / 2 };
}
