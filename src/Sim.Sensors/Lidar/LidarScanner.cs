using System.Buffers;
using System.Numerics;
using Sim.Core.Random;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Lidar;

/// <summary>
/// The LiDAR: casts every ray of a sweep into a <see cref="Scene"/> (its <see cref="Bvh"/> and ground) through an
/// <see cref="ILidarCaster"/> (the CPU reference by default, or the GL compute caster), then finishes each ray on the CPU
/// and returns the points in firing order (ring fastest within a column). Per return: range noise ~ N(0, σ²) along the
/// ray, random dropout, weather transmittance as the detection probability (<see cref="LidarWeather"/>), and intensity
/// ρ · cos θ · (r₀ / r)² · T, saturating at 1 (θ the angle of incidence, r₀ the spec's reference range). Random draws
/// come from the counter-based RNG keyed by (seed, sweep, ray), so a sweep is the same whatever the thread count.
/// In fog (extinction σ) a pulse is also answered by the air in its first <see cref="BackscatterDepth"/> metres with
/// probability 1 − e^(−σ·10 m), at a range drawn from the two-way attenuated profile (density ∝ e^(−2σr) on
/// [min range, 10 m]); where that comes before any target it is reported as a false near return of class
/// <see cref="SemanticClass.Weather"/> and instance 0, with a faint intensity. The depth and the first-return choice
/// are modelling assumptions in the spirit of Hahner et al., "Fog Simulation on Real LiDAR Point Clouds for 3D Object
/// Detection in Adverse Weather", ICCV 2021, not a fit to a sensor. In snow, a pulse meets a flake within the first
/// min(target range, 30 m) at <see cref="LidarWeather.SnowRate"/> per metre (uniform along the path, so the flake's
/// range is exponential there): the flake answers as a <see cref="SemanticClass.Weather"/> return and hides the target.
/// </summary>
public static class LidarScanner
{
    /// <summary>RNG stream of LiDAR noise and dropout.</summary>
    public const uint NoiseStream = 0x6C696461; // "lida"

    /// <summary>How deep the fog in front of the sensor is that can answer a pulse itself, m (backscatter).</summary>
    public const double BackscatterDepth = 10;

    /// <summary>Scans one sweep.</summary>
    /// <param name="spec">The sensor.</param>
    /// <param name="scene">What it sees (the sweep is taken as instantaneous; each point carries its firing time).</param>
    /// <param name="x">Sensor position east at the sweep's centre moment, m (the sweep starts half a turn earlier,
    /// facing backward, and faces ahead at this moment, as KITTI's LiDAR does when its camera fires; see
    /// <see cref="LidarRays.Fire(LidarSpec, double, double, double, double, ValueTuple{double, double, double})"/>).</param>
    /// <param name="y">Sensor position north at the centre moment, m.</param>
    /// <param name="z">Sensor height, m.</param>
    /// <param name="yaw">Sensor heading at the centre moment, rad CCW from east; azimuth 0 looks along it.</param>
    /// <param name="weather">Fog and wetness.</param>
    /// <param name="seed">Simulation seed.</param>
    /// <param name="sweep">Sweep index (keys the noise).</param>
    /// <param name="threads">Worker threads (the result does not depend on it).</param>
    /// <param name="motion">The sensor's velocity east and north (m/s) and yaw rate (rad/s) during the sweep: each column
    /// is fired from where the sensor is at its firing time, and its points are in the sensor frame of that moment, as a
    /// spinning LiDAR reports them (the sweep is not motion-compensated). The scene itself is one instant.</param>
    /// <param name="caster">What casts the rays: null for the CPU reference (<see cref="CpuLidarCaster"/> on
    /// <paramref name="threads"/> threads), or e.g. <see cref="Gl.GlLidar"/>. Noise, weather and intensity are applied
    /// here, the same way for every caster.</param>
    public static LidarPoint[] Scan(LidarSpec spec, Scene scene, double x, double y, double z, double yaw, LidarWeather weather, ulong seed, long sweep, int threads = 1, (double Vx, double Vy, double YawRate) motion = default, ILidarCaster? caster = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scene);
        LidarRays rays = LidarRays.Fire(spec, x, y, z, yaw, motion, pooled: true);
        LidarHit[] hits = ArrayPool<LidarHit>.Shared.Rent(rays.Count);
        try
        {
            Memory<LidarHit> sweepHits = hits.AsMemory(0, rays.Count);
            (caster ?? new CpuLidarCaster(threads)).Cast(scene, rays, (float)spec.MinRange, (float)spec.MaxRange, sweepHits);
            return Finish(spec, scene, rays, sweepHits, weather, seed, sweep, threads);
        }
        finally
        {
            ArrayPool<LidarHit>.Shared.Return(hits);
            rays.Return();
        }
    }

    /// <summary>The points of a sweep whose rays <paramref name="rays"/> were cast into <paramref name="hits"/> (by any
    /// <see cref="ILidarCaster"/>): weather, dropout, range noise and intensity per ray, with the random draws keyed by
    /// (seed, sweep, slot). Points come in firing order.</summary>
    /// <exception cref="ArgumentException"><paramref name="rays"/> is not the spec's pattern or the hits are too few.</exception>
    public static LidarPoint[] Finish(LidarSpec spec, Scene scene, LidarRays rays, ReadOnlyMemory<LidarHit> hits, LidarWeather weather, ulong seed, long sweep, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(rays);
        spec.Validate();
        int rings = spec.Elevations.Count, columns = spec.Columns;
        if (rays.Rings != rings || rays.Columns != columns)
        {
            throw new ArgumentException($"The rays are {rays.Rings} × {rays.Columns}; the spec fires {rings} × {columns}.", nameof(rays));
        }

        LidarRays.CheckHits(rays, hits.Length);
        // Per-slot results in pooled buffers (only slots whose mask is set are read), gathered into a fresh array at the end.
        LidarPoint[] slots = ArrayPool<LidarPoint>.Shared.Rent(spec.Rays);
        bool[] hitMask = ArrayPool<bool>.Shared.Rent(spec.Rays);
        Array.Clear(hitMask, 0, spec.Rays);
        float groundReflectivity = (float)weather.GroundReflectivity(scene.GroundReflectivity);
        var rng = new CounterRng(seed);
        double sigma = weather.Extinction, backscatter = 1 - Math.Exp(-sigma * BackscatterDepth), snowRate = weather.SnowRate;
        bool weathered = sigma > 0 || snowRate > 0;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        void Column(int c)
        {
            float time = rays.Times[c];
            ReadOnlySpan<LidarHit> column = hits.Span.Slice(c * rings, rings);
            ReadOnlySpan<Vector3> local = rays.SensorDirections.Slice(c * rings, rings);
            for (int ring = 0; ring < rings; ring++)
            {
                LidarHit hit = column[ring];
                bool found = hit.IsHit;
                if (!found && !weathered)
                {
                    continue; // into clear sky: nothing to draw
                }

                (float dx, float dy, float dz) = (local[ring].X, local[ring].Y, local[ring].Z);
                int slot = (c * rings) + ring;
                RandomStream random = rng.Stream((ulong)sweep, NoiseStream, slot);
                if (sigma > 0 && random.NextDouble() < backscatter)
                {
                    // The fog right in front of the sensor answers first: a false return, nearer than any target.
                    double u = random.NextDouble();
                    double rb = spec.MinRange - (Math.Log(1 - (u * (1 - Math.Exp(-2 * sigma * (BackscatterDepth - spec.MinRange))))) / (2 * sigma));
                    if (!found || rb < hit.Distance)
                    {
                        float rf = (float)rb;
                        float glow = (float)Math.Min(1, 0.05 * (spec.ReferenceRange / rb) * (spec.ReferenceRange / rb));
                        slots[slot] = new LidarPoint(dx * rf, dy * rf, dz * rf, glow, (ushort)ring, SemanticClass.Weather, 0, time, 0);
                        hitMask[slot] = true;
                        continue;
                    }
                }

                if (snowRate > 0)
                {
                    // A snowflake on the way: hit within the first min(target, reach) metres at the flake rate, where it
                    // both answers and hides what is behind it.
                    double span = Math.Min(found ? hit.Distance : double.PositiveInfinity, LidarWeather.SnowReach) - spec.MinRange;
                    if (span > 0 && random.NextDouble() < 1 - Math.Exp(-snowRate * span))
                    {
                        double u = random.NextDouble();
                        float rf = (float)(spec.MinRange - (Math.Log(1 - (u * (1 - Math.Exp(-snowRate * span)))) / snowRate));
                        float glow = (float)Math.Min(1, 0.3 * (spec.ReferenceRange / rf) * (spec.ReferenceRange / rf) * weather.Transmittance(rf));
                        slots[slot] = new LidarPoint(dx * rf, dy * rf, dz * rf, glow, (ushort)ring, SemanticClass.Weather, 0, time, 0);
                        hitMask[slot] = true;
                        continue;
                    }
                }

                if (!found)
                {
                    continue;
                }

                double transmittance = weather.Transmittance(hit.Distance);
                double detection = transmittance * (1 - spec.Dropout);
                if (detection < 1 && random.NextDouble() >= detection)
                {
                    continue; // scattered away by the weather, or dropped (certain detection draws nothing)
                }

                double range = hit.Distance + (spec.RangeNoise > 0 ? spec.RangeNoise * StandardNormal(ref random) : 0);
                if (range < spec.MinRange || range > spec.MaxRange)
                {
                    continue;
                }

                float reflectivity;
                SemanticClass cls;
                ulong id;
                if (hit.Instance < 0)
                {
                    (reflectivity, cls, id) = (groundReflectivity, scene.GroundClass, 0);
                }
                else
                {
                    SceneInstance owner = scene.Instances[hit.Instance];
                    (reflectivity, cls, id) = (owner.Reflectivity, owner.Semantic, owner.Id);
                    if (owner.Semantic is SemanticClass.Road or SemanticClass.LaneMarking or SemanticClass.Sidewalk)
                    {
                        reflectivity = (float)weather.GroundReflectivity(reflectivity); // a wet surface returns less
                    }
                }

                double cosIncidence = hit.CosIncidence;
                double r0 = spec.ReferenceRange / hit.Distance;
                float intensity = (float)Math.Min(1, reflectivity * cosIncidence * r0 * r0 * transmittance);
                float r = (float)range;
                slots[slot] = new LidarPoint(dx * r, dy * r, dz * r, intensity, (ushort)ring, cls, 0, time, id);
                hitMask[slot] = true;
            }
        }

        try
        {
            if (threads <= 1)
            {
                for (int c = 0; c < columns; c++)
                {
                    Column(c);
                }
            }
            else
            {
                Parallel.For(0, columns, new ParallelOptions { MaxDegreeOfParallelism = threads }, Column);
            }

            ReadOnlySpan<bool> mask = hitMask.AsSpan(0, spec.Rays);
            var points = new LidarPoint[mask.Count(true)];
            for (int i = 0, n = 0; i < mask.Length; i++)
            {
                if (mask[i])
                {
                    points[n++] = slots[i];
                }
            }

            return points;
        }
        finally
        {
            ArrayPool<LidarPoint>.Shared.Return(slots);
            ArrayPool<bool>.Shared.Return(hitMask);
        }
    }

    /// <summary>
    /// A standard normal deviate by Box–Muller in single precision from two 24-bit uniforms (two values of the stream
    /// instead of the four <see cref="RandomStream.StandardNormal"/> takes): z = √(−2 ln u₁) cos(2π u₂) with
    /// u₁ ∈ (0, 1], so |z| ≤ √(2 ln 2²⁴) ≈ 5.8 — range noise is cut off beyond 5.8 σ, which a sweep of 262,144 rays
    /// would reach about once in 4 × 10⁴ sweeps.
    /// </summary>
    /// <remarks>With clear air and no dropout this is the only draw per return, so one Philox block per ray: it took the
    /// finishing pass from about 150 to 60 ns a ray (bench/run sensors).</remarks>
    private static float StandardNormal(ref RandomStream random)
    {
        float u1 = 1 - random.NextSingle();
        float u2 = random.NextSingle();
        return MathF.Sqrt(-2 * MathF.Log(u1)) * MathF.Cos(2 * MathF.PI * u2);
    }

    /// <summary>LiDAR points per object, by stable id (stuff and weather, id 0, left out): the label's point count.</summary>
    public static IReadOnlyDictionary<ulong, int> PointsPerObject(IEnumerable<LidarPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var counts = new SortedDictionary<ulong, int>();
        foreach (LidarPoint p in points)
        {
            if (p.Instance != 0)
            {
                counts[p.Instance] = counts.TryGetValue(p.Instance, out int n) ? n + 1 : 1;
            }
        }

        return counts;
    }
}
