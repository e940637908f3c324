namespace Sim.Sensors.Lidar;

/// <summary>
/// What the weather does to a LiDAR pulse. Fog and rain scatter light out of the beam: by Beer–Lambert the power left
/// after a path of length d is exp(−σd), and a return travels to the target and back, so it keeps
/// T(r) = exp(−2σr). The extinction coefficient follows from the meteorological visibility V by Koschmieder's law,
/// σ = −ln(0.02) / V ≈ 3.912 / V (visibility is where a black target's contrast has fallen to 2 %; H. Koschmieder,
/// Beiträge zur Physik der freien Atmosphäre 12, 1924; the same relation underlies CIE and WMO visibility). The model
/// treats T as the probability that a return is detected and scales the intensity by it, so the fraction of returns
/// from a target at range r is exp(−2 · 3.912 · r / V). Rain adds its own extinction (<see cref="RainExtinction"/>),
/// so σ = 3.912 / V + σ_rain. A wet road lowers the ground's reflectivity: a water film turns diffuse reflection
/// specular, away from the sensor.
/// </summary>
/// <param name="FogVisibility">Meteorological visibility, m (≥ 50,000 for clear air: no attenuation is applied).</param>
/// <param name="Wetness">Road wetness, 0–1.</param>
/// <param name="Snow">Snowfall intensity, 0–1: flakes within <see cref="SnowReach"/> m answer and block pulses.</param>
/// <param name="Rain">Rain intensity, 0–1, as the weather state gives it (1 ≈ <see cref="MaxRainRate"/> mm/h).</param>
public readonly record struct LidarWeather(double FogVisibility, double Wetness, double Snow = 0, double Rain = 0)
{
    /// <summary>The rain rate at intensity 1, mm/h (a cloudburst; the weather state's scale).</summary>
    public const double MaxRainRate = 50;

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

    /// <summary>
    /// Rain's extinction coefficient, 1/m: σ_rain = 3.65 × 10⁻⁴ · R^0.63 for a rain rate R in mm/h. It follows from the
    /// Marshall–Palmer drop-size distribution N(D) = N₀ e^(−ΛD), N₀ = 8,000 m⁻³ mm⁻¹, Λ = 4.1 R^−0.21 mm⁻¹ (Marshall
    /// and Palmer, "The distribution of raindrops with size", J. Meteorology 5, 1948), with drops far larger than the
    /// 905 nm wavelength scattering with extinction efficiency 2: σ = (π/2) ∫ D² N(D) dD = π N₀ / Λ³. At 50 mm/h that is
    /// 4.3 km⁻¹ (like a 0.9 km visibility), at 10 mm/h 1.6 km⁻¹. Drops near the sensor answer pulses like fog does
    /// (the backscatter model of <see cref="LidarScanner"/> applies to the total extinction).
    /// </summary>
    public double RainExtinction => Rain > 0 ? 3.65e-4 * Math.Pow(MaxRainRate * Math.Clamp(Rain, 0, 1), 0.63) : 0;

    /// <summary>Extinction coefficient σ, 1/m: fog's 3.912 / V (0 for visibility ≥ 50 km) plus <see cref="RainExtinction"/>.</summary>
    public double Extinction => (FogVisibility >= 50_000 ? 0 : 3.912 / FogVisibility) + RainExtinction;

    /// <summary>Two-way transmittance to range <paramref name="range"/>: exp(−2σr).</summary>
    public double Transmittance(double range) => Math.Exp(-2 * Extinction * range);

    /// <summary>The ground's reflectivity under this wetness: dry × (1 − 0.7 × wetness), a standing water film
    /// returning about a third of the dry value (an assumption for edge-case generation, not a fitted figure).</summary>
    public double GroundReflectivity(double dry) => dry * (1 - (0.7 * Math.Clamp(Wetness, 0, 1)));
}
