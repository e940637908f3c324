using Sim.Scenarios.Yaml;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Scenarios.Model;

/// <summary><c>sensors.lidar</c>: beam pattern, ranges, noise and mount.</summary>
public static partial class SensorsSection
{
    /// <summary>The most rays one sweep may fire, channels × columns (2^22: 64 × 65,536 or 128 × 32,768).</summary>
    public const int MaxRaysPerSweep = 4_194_304;

    /// <summary>The lowest channel of the default (KITTI-like, HDL-64E) beam pattern, degrees.</summary>
    public const double DefaultLower = -24.9;

    /// <summary>The highest channel of the default beam pattern, degrees.</summary>
    public const double DefaultUpper = 2;

    /// <summary>The keys of <c>sensors.lidar</c>.</summary>
    public static readonly IReadOnlyList<string> LidarKeys = ["channels", "lower", "upper", "elevations", "columns", "min_range", "max_range", "noise", "dropout", "mount"];

    /// <summary>
    /// Reads <c>sensors.lidar</c>: the channels as <c>channels</c> (fixed, 1–<see cref="LidarSpec.MaxChannels"/>) evenly
    /// spaced from <c>lower</c> to <c>upper</c> (degrees, −90–90, lower &lt; upper; one channel fires at lower), or as a
    /// list <c>elevations</c> (degrees, ring 0 first), not both; <c>columns</c> (fixed, 1–<see cref="LidarSpec.MaxColumns"/>;
    /// channels × columns ≤ <see cref="MaxRaysPerSweep"/>); <c>min_range</c>, <c>max_range</c> (m); <c>noise</c> (m);
    /// <c>dropout</c> (0–1); <c>mount</c> (no pitch or roll: the head spins level). It turns at <paramref name="rate"/>.
    /// </summary>
    private static (LidarSpec Spec, RigidTransform Mount)? ReadLidar(YamlMapping sensors, SectionReader reader, double rate)
    {
        SensorRig kitti = SensorRig.KittiLike;
        YamlMapping? lidar = reader.Mapping(sensors, "lidar", required: false);
        if (lidar is null)
        {
            return sensors["lidar"] is null ? (kitti.Lidar with { RotationHz = rate }, kitti.LidarMount) : null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(lidar, [.. LidarKeys]);
        LidarSpec k = kitti.Lidar;
        IReadOnlyList<double>? elevations = null;
        int? channels;
        if (lidar["elevations"] is { } list)
        {
            string[] pattern = [.. new[] { "channels", "lower", "upper" }.Where(key => lidar[key] is not null)];
            if (pattern.Length > 0)
            {
                reader.Error(list, $"give either elevations or channels, lower and upper, not both (this LiDAR also has {string.Join(", ", pattern)})");
            }

            elevations = ReadElevations(list, reader);
            channels = elevations?.Count;
        }
        else
        {
            channels = OrDefault(lidar, "channels", reader.Whole(lidar, "channels", 1, LidarSpec.MaxChannels, required: false), k.Elevations.Count);
            double? lower = OrDefault(lidar, "lower", reader.Number(lidar, "lower", -90, 90, "°", false, true), DefaultLower);
            double? upper = OrDefault(lidar, "upper", reader.Number(lidar, "upper", -90, 90, "°", false, true), DefaultUpper);
            if (channels is > 1 && lower is { } low && upper is { } high)
            {
                Ordered(lidar, reader, "lower", low, "upper", high, "°");
            }

            if (channels is { } c && lower is { } l && upper is { } u)
            {
                elevations = LidarSpec.Uniform(c, l, u, 1).Elevations;
            }
        }

        int? columns = OrDefault(lidar, "columns", reader.Whole(lidar, "columns", 1, LidarSpec.MaxColumns, required: false), k.Columns);
        if (channels is { } n && columns is { } m && (long)n * m > MaxRaysPerSweep)
        {
            reader.Error(FirstWritten(lidar, "columns", "channels", "elevations"), FormattableString.Invariant(
                $"{n:N0} channels × {m:N0} columns = {(long)n * m:N0} rays a sweep; at most {MaxRaysPerSweep:N0}"));
        }

        double? min = OrDefault(lidar, "min_range", reader.Number(lidar, "min_range", 0, 1_000, "m", false, true), k.MinRange);
        double? max = OrDefault(lidar, "max_range", reader.Number(lidar, "max_range", 1, 10_000, "m", false, true), k.MaxRange);
        if (min is { } near && max is { } far)
        {
            Ordered(lidar, reader, "min_range", near, "max_range", far, "m");
        }

        double? noise = OrDefault(lidar, "noise", reader.Number(lidar, "noise", 0, 10, "m", false, true), k.RangeNoise);
        double? dropout = OrDefault(lidar, "dropout", reader.Number(lidar, "dropout", 0, 1, "", false, true), k.Dropout);
        RigidTransform? mount = ReadMount(lidar, reader, kitti.LidarMount, pitches: false, "LiDAR");
        if (reader.Diagnostics.Count > errors || elevations is null || columns is null || min is null || max is null || noise is null || dropout is null || mount is null)
        {
            return null;
        }

        return (k with
        {
            Elevations = elevations,
            Columns = columns.Value,
            RotationHz = rate,
            MinRange = min.Value,
            MaxRange = max.Value,
            RangeNoise = noise.Value,
            Dropout = dropout.Value,
        }, mount);
    }

    /// <summary>A list of 1–<see cref="LidarSpec.MaxChannels"/> elevations, degrees −90–90 (each may be a distribution);
    /// null when wrong (reported).</summary>
    private static List<double>? ReadElevations(YamlNode list, SectionReader reader)
    {
        if (list is not YamlSequence sequence || sequence.Items.Count == 0)
        {
            reader.Error(list, $"expected a list of 1–{LidarSpec.MaxChannels:N0} channel elevations in degrees, ring 0 first, e.g. [-15, -5, 0, 5, 15]");
            return null;
        }

        if (sequence.Items.Count > LidarSpec.MaxChannels)
        {
            reader.Error(list, FormattableString.Invariant($"{sequence.Items.Count:N0} elevations; a LiDAR may have at most {LidarSpec.MaxChannels:N0} channels"));
            return null;
        }

        var elevations = new List<double>(sequence.Items.Count);
        bool wrong = false;
        foreach (YamlNode item in sequence.Items)
        {
            if (reader.Number(item, -90, 90, "°", mayVary: true) is { } e)
            {
                elevations.Add(e);
            }
            else
            {
                wrong = true;
            }
        }

        return wrong ? null : elevations;
    }
}
