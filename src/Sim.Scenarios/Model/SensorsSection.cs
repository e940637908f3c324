using System.Globalization;
using Sim.Scenarios.Yaml;
using Sim.Sensors.Camera;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Scenarios.Model;

/// <summary>
/// The <c>sensors</c> section: the ego's rig — one camera and one LiDAR, captured together <c>rate</c> times a second,
/// each on a mount in the vehicle frame (ISO 8855: x forward, y left, z up; origin on the ground under the centre of the
/// ego's box; metres, and degrees for angles). A key left out takes the value of <see cref="SensorRig.KittiLike"/>, and
/// a file without the section gets that rig. Whole numbers (image sizes, channels, columns) and the rate are fixed; every
/// other number may be a distribution, drawn per variation like any other.
/// </summary>
/// <remarks>The rig needs an actor named <c>ego</c> to ride on. Bounds keep one frame's work and memory finite:
/// <see cref="MaxPixels"/> per image, <see cref="MaxRaysPerSweep"/> per LiDAR sweep.</remarks>
public static partial class SensorsSection
{
    /// <summary>The slowest capture rate, Hz.</summary>
    public const double MinRate = 0.1;

    /// <summary>The fastest capture rate, Hz (and never more than one frame per simulation step).</summary>
    public const double MaxRate = 100;

    /// <summary>How far a mount may sit from the vehicle frame's origin along x or y, and how high above the ground, m.</summary>
    public const double MaxMountOffset = 50;

    /// <summary>The keys of the section.</summary>
    public static readonly IReadOnlyList<string> Keys = ["rate", "camera", "lidar"];

    /// <summary>The keys of <c>sensors.camera.mount</c> (no roll: the camera model turns by yaw and pitch only).</summary>
    public static readonly IReadOnlyList<string> CameraMountKeys = ["x", "y", "z", "yaw", "pitch"];

    /// <summary>The keys of <c>sensors.lidar.mount</c> (no pitch or roll: the LiDAR spins level).</summary>
    public static readonly IReadOnlyList<string> LidarMountKeys = ["x", "y", "z", "yaw"];

    /// <summary>
    /// Reads the section: <see cref="SensorRig.KittiLike"/> when the file has none, null when it is wrong (every problem
    /// reported). While checking a file (no drawn values) a distribution stands for its middle in the rules between keys;
    /// a variation's draws are checked by the same rules.
    /// </summary>
    /// <param name="root">The file's root mapping.</param>
    /// <param name="reader">Where values are read and problems reported.</param>
    /// <param name="dt">The simulation step, s (<c>meta.dt</c>), or null when meta is wrong: the rate may not be faster
    /// than one frame per step.</param>
    public static SensorRig? Read(YamlMapping root, SectionReader reader, double? dt)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        if (root["sensors"] is null)
        {
            return SensorRig.KittiLike;
        }

        YamlMapping? sensors = reader.Mapping(root, "sensors", required: false);
        if (sensors is null)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(sensors, [.. Keys]);
        if ((root["actors"] as YamlMapping)?["ego"] is null)
        {
            reader.Error(sensors, "the sensors ride on the ego, and no actor is named 'ego'; name the vehicle that carries them ego");
        }

        SensorRig kitti = SensorRig.KittiLike;
        double? rate = OrDefault(sensors, "rate", reader.Number(sensors, "rate", MinRate, MaxRate, "Hz", required: false), kitti.CameraHz);
        if (rate is { } hz && dt is { } step && hz * step > 1 + 1e-9)
        {
            string steps = MessageText.Number(1 / step);
            reader.Error(sensors["rate"] ?? sensors, sensors["rate"] is null
                ? string.Create(CultureInfo.InvariantCulture, $"rate defaults to {hz:R} Hz, more frames than the {steps} steps a second of meta.dt {step:R} s; set rate to at most {steps} Hz")
                : string.Create(CultureInfo.InvariantCulture, $"{hz:R} Hz is more frames than the {steps} steps a second of meta.dt {step:R} s; at most one frame per step"));
        }
        else if (rate is { } r && dt is { } d && Math.Abs((1 / (r * d)) - Math.Round(1 / (r * d))) > 1e-6)
        {
            // Frames are taken on simulation steps: a rate whose period is not a whole number of steps would space them
            // unevenly while the manifest and each sweep's duration claim 1 / rate.
            double perStep = 1 / (r * d);
            string nearest = MessageText.Number(1 / (Math.Max(1, Math.Round(perStep)) * d));
            reader.Error(sensors["rate"] ?? sensors, string.Create(CultureInfo.InvariantCulture, $"{r:R} Hz is a frame every {MessageText.Number(perStep)} steps of meta.dt {d:R} s; frames are taken on steps, so the period must be a whole number of steps (e.g. {nearest} Hz)"));
        }

        (PinholeCamera Intrinsics, RigidTransform Mount)? camera = ReadCamera(sensors, reader);
        (LidarSpec Spec, RigidTransform Mount)? lidar = ReadLidar(sensors, reader, rate ?? kitti.LidarHz);
        if (reader.Diagnostics.Count > errors || rate is null || camera is null || lidar is null)
        {
            return null;
        }

        return new SensorRig(camera.Value.Intrinsics, camera.Value.Mount, rate.Value, lidar.Value.Spec, lidar.Value.Mount, rate.Value);
    }

    /// <summary>
    /// A mount under <paramref name="parent"/>: <c>x</c>, <c>y</c> (m, −50–50), <c>z</c> (m above the ground, 0–50),
    /// <c>yaw</c> (degrees counter-clockwise, −360–360) and, where <paramref name="pitches"/>, <c>pitch</c> (degrees,
    /// nose down positive, −90–90). Keys left out keep <paramref name="fallback"/>'s values; an absent mount is
    /// <paramref name="fallback"/>. Null when wrong (reported).
    /// </summary>
    private static RigidTransform? ReadMount(YamlMapping parent, SectionReader reader, RigidTransform fallback, bool pitches, string sensor)
    {
        YamlMapping? mount = reader.Mapping(parent, "mount", required: false);
        if (mount is null)
        {
            return parent["mount"] is null ? fallback : null;
        }

        int errors = reader.Diagnostics.Count;
        IReadOnlyList<string> keys = pitches ? CameraMountKeys : LidarMountKeys;
        string[] turns = pitches ? ["roll"] : ["pitch", "roll"];
        foreach ((YamlScalar key, YamlNode value) in mount.Entries.Where(e => turns.Contains(e.Key.Value)))
        {
            reader.Error(value, pitches
                ? $"the {sensor} mount has no {key.Value}: the {sensor} turns by yaw and pitch only"
                : $"the {sensor} mount has no {key.Value}: the {sensor} spins level, turned by yaw only");
        }

        reader.CheckKeys(new YamlMapping(mount.Line, mount.Column, mount.Path, [.. mount.Entries.Where(e => !turns.Contains(e.Key.Value))]), [.. keys]);
        double x = reader.Number(mount, "x", -MaxMountOffset, MaxMountOffset, "m", false, true) ?? fallback.T(0);
        double y = reader.Number(mount, "y", -MaxMountOffset, MaxMountOffset, "m", false, true) ?? fallback.T(1);
        double z = reader.Number(mount, "z", 0, MaxMountOffset, "m", false, true) ?? fallback.T(2);
        double yaw = Radians(reader.Number(mount, "yaw", -360, 360, "°", false, true)) ?? Math.Atan2(fallback.R(1, 0), fallback.R(0, 0));
        double pitch = (pitches ? Radians(reader.Number(mount, "pitch", -90, 90, "°", false, true)) : null) ?? Math.Asin(Math.Clamp(-fallback.R(2, 0), -1, 1));
        return reader.Diagnostics.Count > errors ? null : RigidTransform.Mount(x, y, z, yaw, pitch);
    }

    /// <summary>Reports that <paramref name="highKey"/> must be greater than <paramref name="lowKey"/> when it is not: at
    /// the high key when the file writes it, else at the low key, saying what the high one defaults to.</summary>
    private static void Ordered(YamlMapping map, SectionReader reader, string lowKey, double low, string highKey, double high, string unit)
    {
        if (low < high)
        {
            return;
        }

        if (map[highKey] is { } written)
        {
            reader.Error(written, $"{highKey} {MessageText.Amount(high, unit)} must be greater than {lowKey} {MessageText.Amount(low, unit)}");
        }
        else
        {
            reader.Error(map[lowKey] ?? map, $"{lowKey} {MessageText.Amount(low, unit)} must be less than {highKey}, which defaults to {MessageText.Amount(high, unit)}; set {highKey}");
        }
    }

    /// <summary>The first of <paramref name="keys"/> the file writes in <paramref name="map"/>, else the map itself: where a
    /// rule between keys is reported.</summary>
    private static YamlNode FirstWritten(YamlMapping map, params string[] keys) =>
        keys.Select(k => map[k]).FirstOrDefault(n => n is not null) ?? map;

    /// <summary>A value read or, when the file leaves the key out, its default; null when the file's value is wrong.</summary>
    private static T? OrDefault<T>(YamlMapping map, string key, T? read, T fallback)
        where T : struct => read ?? (map[key] is null ? fallback : null);

    private static double? Radians(double? degrees) => degrees * Math.PI / 180;
}
