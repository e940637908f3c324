using System.Buffers;
using System.Numerics;

namespace Sim.Sensors.Lidar;

/// <summary>
/// The rays of one sweep, computed once on the CPU so every <see cref="ILidarCaster"/> traces the same ones: per column
/// its origin in the world (where the sensor is at the column's firing time) and firing time; per ray (slot
/// column × rings + ring) its unit direction in the world frame and in the sensor frame of its firing moment (ISO 8855:
/// x forward, y left, z up), where the points are reported.
/// </summary>
public sealed class LidarRays
{
    private readonly Vector3[] _origins;
    private readonly float[] _times;
    private readonly Vector3[] _directions;
    private readonly Vector3[] _local;

    private readonly bool _pooled;

    private LidarRays(int rings, int columns, bool pooled)
    {
        Rings = rings;
        Columns = columns;
        _pooled = pooled;
        _origins = pooled ? ArrayPool<Vector3>.Shared.Rent(columns) : new Vector3[columns];
        _times = pooled ? ArrayPool<float>.Shared.Rent(columns) : new float[columns];
        _directions = pooled ? ArrayPool<Vector3>.Shared.Rent(rings * columns) : new Vector3[rings * columns];
        _local = pooled ? ArrayPool<Vector3>.Shared.Rent(rings * columns) : new Vector3[rings * columns];
    }

    /// <summary>Channels: rays a column fires.</summary>
    public int Rings { get; }

    /// <summary>Columns (firings) in the sweep.</summary>
    public int Columns { get; }

    /// <summary>Rays in the sweep.</summary>
    public int Count => Rings * Columns;

    /// <summary>Each column's origin in the world, m.</summary>
    public ReadOnlySpan<Vector3> Origins => _origins.AsSpan(0, Columns);

    /// <summary>Each column's firing time within the sweep, s.</summary>
    public ReadOnlySpan<float> Times => _times.AsSpan(0, Columns);

    /// <summary>Each ray's unit direction in the world frame, by slot.</summary>
    public ReadOnlySpan<Vector3> Directions => _directions.AsSpan(0, Count);

    /// <summary>Each ray's unit direction in the sensor frame at its firing, by slot.</summary>
    public ReadOnlySpan<Vector3> SensorDirections => _local.AsSpan(0, Count);

    /// <summary>
    /// The rays <paramref name="spec"/> fires in a sweep centred on the moment the sensor is at (x, y, z) m heading
    /// <paramref name="yaw"/> (rad CCW from east): as in KITTI, where the camera is triggered when the LiDAR faces
    /// forward, the sweep starts facing backward (azimuth 180°), turns counter-clockwise through the right side, faces
    /// forward (azimuth 0, along the heading) at its middle — that moment — and ends facing backward again. Column c
    /// fires at azimuth 180° + 360° · c / columns and at time c / (columns × rotation rate) from the sweep's start, from
    /// where the sensor is then under <paramref name="motion"/> (velocity east and north, m/s, and yaw rate, rad/s),
    /// half a sweep before the centre moment at c = 0. So the points ahead, the ones a forward camera sees, are
    /// taken when the camera's image is.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    public static LidarRays Fire(LidarSpec spec, double x, double y, double z, double yaw, (double Vx, double Vy, double YawRate) motion = default) =>
        Fire(spec, x, y, z, yaw, motion, pooled: false);

    /// <summary><see cref="Fire(LidarSpec, double, double, double, double, ValueTuple{double, double, double})"/>, with
    /// the arrays rented from the shared pool when <paramref name="pooled"/> (give them back with
    /// <see cref="Return"/>).</summary>
    internal static LidarRays Fire(LidarSpec spec, double x, double y, double z, double yaw, (double Vx, double Vy, double YawRate) motion, bool pooled)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        int rings = spec.Elevations.Count, columns = spec.Columns;
        var rays = new LidarRays(rings, columns, pooled);
        var start = new Vector3((float)x, (float)y, (float)z);
        float[] sinE = [.. spec.Elevations.Select(e => MathF.Sin((float)(e * Math.PI / 180)))];
        float[] cosE = [.. spec.Elevations.Select(e => MathF.Cos((float)(e * Math.PI / 180)))];
        double half = 0.5 / spec.RotationHz;
        for (int c = 0; c < columns; c++)
        {
            float azimuth = MathF.PI + (2 * MathF.PI * c / columns);
            (float sinA, float cosA) = MathF.SinCos(azimuth);
            double time = c / (columns * spec.RotationHz);
            double sinceCentre = time - half;
            rays._times[c] = (float)time;
            rays._origins[c] = start + new Vector3((float)(motion.Vx * sinceCentre), (float)(motion.Vy * sinceCentre), 0);
            (float sinYaw, float cosYaw) = MathF.SinCos((float)(yaw + (motion.YawRate * sinceCentre)));
            for (int ring = 0; ring < rings; ring++)
            {
                // Sensor frame: x forward, y left, z up; then rotated by the yaw into the world.
                float dx = cosE[ring] * cosA, dy = cosE[ring] * sinA, dz = sinE[ring];
                int slot = (c * rings) + ring;
                rays._local[slot] = new Vector3(dx, dy, dz);
                rays._directions[slot] = new Vector3((dx * cosYaw) - (dy * sinYaw), (dx * sinYaw) + (dy * cosYaw), dz);
            }
        }

        return rays;
    }

    /// <summary>Gives rented arrays back to the pool; the rays must not be used afterwards.</summary>
    internal void Return()
    {
        if (_pooled)
        {
            ArrayPool<Vector3>.Shared.Return(_origins);
            ArrayPool<float>.Shared.Return(_times);
            ArrayPool<Vector3>.Shared.Return(_directions);
            ArrayPool<Vector3>.Shared.Return(_local);
        }
    }

    /// <summary>Throws unless a hit buffer of <paramref name="length"/> holds every ray of <paramref name="rays"/>.</summary>
    internal static void CheckHits(LidarRays rays, int length)
    {
        if (length < rays.Count)
        {
            throw new ArgumentException($"The hit buffer holds {length} rays; the sweep fires {rays.Count} ({rays.Rings} × {rays.Columns}).", "hits");
        }
    }
}
