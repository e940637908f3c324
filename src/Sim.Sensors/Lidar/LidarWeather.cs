namespace Sim.Sensors.Lidar;

/// <summary>
/// What the weather does to a LiDAR pulse. Fog and rain scatter light out of the beam: by Beer–Lambert the power left
/// after a path of length d is exp(−σd), and a return travels to the target and back, so it keeps
/// T(r) = exp(−2σr). The extinction coefficient follows from the meteorological visibility V by Koschmieder's law,
/// σ = −ln(0.02) / V ≈ 3.912 / V (visibility is where a black target's contrast has fallen to 2 %; H. Koschmieder,
/// Beiträge zur Physik der freien Atmosphäre 12, 1924; the same relation underlies CIE and WMO visibility). The model
/// treats T as the probability that a return is detected and scales the intensity by it, so the fraction of returns
/// from a target at range r is exp(−2 · 3.912 · r / V). A wet road lowers the ground's reflectivity: a water film turns
/// diffuse reflection specular, away from the sensor.
/// </summary>
/// <param name="FogVisibility">Meteorological visibility, m (≥ 50,000 for clear air: no attenuation is applied).</param>
/// <param name="Wetness">Road wetness, 0–1.</param>
/// <param name="Snow">Snowfall intensity, 0–1: flakes within <see cref="SnowReach"/> m answer and block pulses.</param>
public readonly record struct LidarWeather(double FogVisibility, double Wetness, double Snow = 0)
{
    /// <summary>How far a snowflake still returns enough light to be detected, m (an assumption: flakes are millimetres
    /// across, so only near ones register).</summary>
    public const double SnowReach = 30;

    /// <summary>Flakes a pulse meets per metre at snowfall intensity 1, 1/m (an assumption for edge-case generation:
    /// heavy snow then answers about 26 % of pulses within 30 m, in line with the near-range clutter reported for
    /// LiDAR in heavy snowfall, e.g. Charron et al., "De-noising of LiDAR point clouds corrupted by snowfall", CRV 2018).</summary>
    public const double FlakesPerMetre = 0.01;

    /// <summary>Flake hit rate per metre of path, 1/m.</summary>
    public double SnowRate => Math.Clamp(Snow, 0, 1) * FlakesPerMetre;

    /// <summary>Clear, dry air.</summary>
    public static LidarWeather Clear => new(50_000, 0);

    /// <summary>Extinction coefficient σ, 1/m (0 in clear air).</summary>
    public double Extinction => FogVisibility >= 50_000 ? 0 : 3.912 / FogVisibility;

    /// <summary>Two-way transmittance to range <paramref name="range"/>: exp(−2σr).</summary>
    public double Transmittance(double range) => Math.Exp(-2 * Extinction * range);

    /// <summary>The ground's reflectivity under this wetness: dry × (1 − 0.7 × wetness), a standing water film
    /// returning about a third of the dry value (an assumption for edge-case generation, not a fitted figure).</summary>
    public double GroundReflectivity(double dry) => dry * (1 - (0.7 * Math.Clamp(Wetness, 0, 1)));
}
