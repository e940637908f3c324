using System.Buffers;
using System.Numerics;
using Sim.Sensors.Geometry;

namespace Sim.Sensors.Lidar;

/// <summary>The reference caster: each column's rays traced together through <see cref="Scene.IntersectMany"/> (ground
/// plane, then the <see cref="Bvh"/> bounded by it, eight rays to a SIMD packet), in parallel over columns; the result
/// does not depend on the thread count. Hits are those of <see cref="Scene.Intersect"/> ray by ray up to float rounding
/// (two surfaces at exactly the same distance may be told apart differently).</summary>
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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        void Column(int c)
        {
            // A column's rays share its origin: traced together, eight to a SIMD packet (Scene.IntersectMany).
            Vector3 origin = rays.Origins[c];
            ReadOnlySpan<Vector3> directions = rays.Directions.Slice(c * rings, rings);
            Span<LidarHit> column = hits.Span.Slice(c * rings, rings);
            Hit[] found = ArrayPool<Hit>.Shared.Rent(rings);
            bool[] any = ArrayPool<bool>.Shared.Rent(rings);
            try
            {
                scene.IntersectMany(origin, directions, near, far, found, any);
                for (int ring = 0; ring < rings; ring++)
                {
                    Hit hit = found[ring];
                    column[ring] = any[ring] ? new LidarHit(hit.Distance, hit.Instance, MathF.Abs(Vector3.Dot(hit.Normal, directions[ring]))) : LidarHit.Miss;
                }
            }
            finally
            {
                ArrayPool<Hit>.Shared.Return(found);
                ArrayPool<bool>.Shared.Return(any);
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
