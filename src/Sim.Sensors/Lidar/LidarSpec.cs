namespace Sim.Sensors.Lidar;

/// <summary>
/// A rotating multi-beam LiDAR: one laser per channel at a fixed elevation, fired <see cref="Columns"/> times per
/// revolution at evenly spaced azimuths while the head turns at <see cref="RotationHz"/>.
/// </summary>
/// <param name="Elevations">Channel elevations, degrees above the horizontal, ring 0 first.</param>
/// <param name="Columns">Firings per revolution (azimuth resolution 360° / columns).</param>
/// <param name="RotationHz">Revolutions per second.</param>
/// <param name="MinRange">Nearest range reported, m.</param>
/// <param name="MaxRange">Farthest range reported, m.</param>
/// <param name="RangeNoise">Standard deviation of the Gaussian range noise, m (0 for none).</param>
/// <param name="Dropout">Probability that a return is lost regardless of weather, 0–1.</param>
/// <param name="ReferenceRange">Range at which a perpendicular Lambertian target of reflectivity 1 reads intensity 1, m.</param>
public sealed record LidarSpec(
    IReadOnlyList<double> Elevations,
    int Columns,
    double RotationHz = 10,
    double MinRange = 0.5,
    double MaxRange = 200,
    double RangeNoise = 0.02,
    double Dropout = 0,
    double ReferenceRange = 10)
{
    /// <summary>The most channels and columns a spec may have.</summary>
    public const int MaxChannels = 1024;

    /// <summary>The most firings per revolution.</summary>
    public const int MaxColumns = 65_536;

    /// <summary><paramref name="channels"/> channels evenly spaced from <paramref name="lowest"/> to
    /// <paramref name="highest"/> degrees (an Ouster OS1-128: 128 channels over −22.5° to 22.5°, 2048 columns).</summary>
    public static LidarSpec Uniform(int channels, double lowest, double highest, int columns) =>
        new([.. Enumerable.Range(0, channels).Select(i => channels == 1 ? lowest : lowest + ((highest - lowest) * i / (channels - 1)))], columns);

    /// <summary>Rays a sweep fires.</summary>
    public int Rays => Elevations.Count * Columns;

    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentException">The parameter and its range are named.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Elevations);
        if (Elevations.Count is < 1 or > MaxChannels || Elevations.Any(e => !(e >= -90 && e <= 90)))
        {
            throw new ArgumentException($"LiDAR needs 1–{MaxChannels} channel elevations within ±90°.", nameof(Elevations));
        }

        if (Columns is < 1 or > MaxColumns)
        {
            throw new ArgumentException($"LiDAR columns {Columns} must be 1–{MaxColumns}.", nameof(Columns));
        }

        if (!(RotationHz > 0 && RotationHz <= 100) || !(MinRange >= 0 && MaxRange > MinRange && MaxRange <= 10_000)
            || !(RangeNoise >= 0 && RangeNoise <= 10) || !(Dropout >= 0 && Dropout <= 1) || !(ReferenceRange > 0))
        {
            throw new ArgumentException($"LiDAR rotation {RotationHz} Hz (0–100], ranges {MinRange}–{MaxRange} m, noise {RangeNoise} m, dropout {Dropout} or reference range {ReferenceRange} m out of range.");
        }
    }
}
