using System.Numerics;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Lidar;

/// <summary>The reference caster: <see cref="Scene.Intersect"/> (ground plane, then the <see cref="Bvh"/> bounded by
/// it) for every ray, in parallel over columns; the result does not depend on the thread count.</summary>
/// <param name="threads">Worker threads (1 casts on the calling thread).</param>
public sealed class CpuLidarCaster(int threads = 1) : ILidarCaster
{
    /// <summary>The name it reports.</summary>
    public const string Name = "cpu: Sim BVH ray caster";

    /// <inheritdoc/>
    public string Renderer => Name;

    /// <summary>Worker threads.</summary>
    public int Threads { get; } = threads;

    /// <inheritdoc/>
    public void Cast(Scene scene, LidarRays rays, float near, float far, Memory<LidarHit> hits)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(rays);
        LidarRays.CheckHits(rays, hits.Length);
        _ = scene.Bvh; // build once, before the workers share it
        int rings = rays.Rings;

        void Column(int c)
        {
            Vector3 origin = rays.Origins[c];
            ReadOnlySpan<Vector3> directions = rays.Directions.Slice(c * rings, rings);
            Span<LidarHit> column = hits.Span.Slice(c * rings, rings);
            for (int ring = 0; ring < rings; ring++)
            {
                Vector3 direction = directions[ring];
                column[ring] = scene.Intersect(new Ray(origin, direction), near, far, out Hit hit)
                    ? new LidarHit(hit.Distance, hit.Instance, MathF.Abs(Vector3.Dot(hit.Normal, direction)))
                    : LidarHit.Miss;
            }
        }

        if (Threads <= 1)
        {
            for (int c = 0; c < rays.Columns; c++)
            {
                Column(c);
            }
        }
        else
        {
            Parallel.For(0, rays.Columns, new ParallelOptions { MaxDegreeOfParallelism = Threads }, Column);
        }
    }
}
