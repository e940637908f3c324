using System.Numerics;
using System.Runtime.Intrinsics;

namespace Sim.Sensors.Geometry;

/// <summary>
/// A bounding volume hierarchy over world-space triangles for closest-hit ray queries: built top-down with the surface
/// area heuristic over 12 centroid bins per axis (Wald, "On fast construction of SAH-based bounding volume
/// hierarchies", IEEE Symposium on Interactive Ray Tracing, 2007), flattened depth-first so a node's left child follows
/// it; leaves hold at most 4 triangles. Ray–box tests are the slab method, ray–triangle tests Möller–Trumbore ("Fast,
/// minimum storage ray-triangle intersection", Journal of Graphics Tools 2(1), 1997). Queries allocate nothing and may
/// run on many threads at once.
/// </summary>
public sealed class Bvh
{
    private const int Bins = 12;
    private const int LeafSize = 4;

    private readonly Vector3[] _a, _e1, _e2; // triangle vertex A and edges B − A, C − A, in BVH order
    private readonly int[] _owner;            // instance of each triangle, in BVH order
    private readonly Node[] _nodes;
    private int _count;

    /// <summary>Builds the hierarchy over triangles (three vertices each) with the instance each belongs to.</summary>
    /// <exception cref="ArgumentException">The vertex count is not three times the owner count.</exception>
    public Bvh(ReadOnlySpan<Vector3> vertices, ReadOnlySpan<int> owners)
    {
        if (vertices.Length != 3 * owners.Length)
        {
            throw new ArgumentException($"{vertices.Length} vertices for {owners.Length} triangles; expected three each.", nameof(vertices));
        }

        int n = owners.Length;
        var centroid = new Vector3[n];
        var lo = new Vector3[n];
        var hi = new Vector3[n];
        for (int i = 0; i < n; i++)
        {
            Vector3 a = vertices[3 * i], b = vertices[(3 * i) + 1], c = vertices[(3 * i) + 2];
            lo[i] = Vector3.Min(a, Vector3.Min(b, c));
            hi[i] = Vector3.Max(a, Vector3.Max(b, c));
            centroid[i] = (a + b + c) / 3;
        }

        int[] order = [.. Enumerable.Range(0, n)];
        _nodes = new Node[Math.Max(1, 2 * n)];
        if (n > 0)
        {
            Build(order, 0, n, lo, hi, centroid);
        }
        else
        {
            _nodes[0] = new Node { Min = new Vector3(float.MaxValue), Max = new Vector3(float.MinValue), Count = 0 };
            _count = 1;
        }

        _a = new Vector3[n];
        _e1 = new Vector3[n];
        _e2 = new Vector3[n];
        _owner = new int[n];
        for (int i = 0; i < n; i++)
        {
            int t = order[i];
            _a[i] = vertices[3 * t];
            _e1[i] = vertices[(3 * t) + 1] - vertices[3 * t];
            _e2[i] = vertices[(3 * t) + 2] - vertices[3 * t];
            _owner[i] = owners[t];
        }
    }

    /// <summary>Triangles in the hierarchy.</summary>
    public int Triangles => _owner.Length;

    /// <summary>Nodes in the hierarchy.</summary>
    public int Nodes => _count;

    /// <summary>The flattened nodes, root first (for upload to a GPU backend that traverses the same hierarchy).</summary>
    internal ReadOnlySpan<Node> NodeArray => _nodes.AsSpan(0, _count);

    /// <summary>Vertex A of each triangle, in hierarchy order.</summary>
    internal ReadOnlySpan<Vector3> VertexA => _a;

    /// <summary>Edge B − A of each triangle, in hierarchy order.</summary>
    internal ReadOnlySpan<Vector3> Edge1 => _e1;

    /// <summary>Edge C − A of each triangle, in hierarchy order.</summary>
    internal ReadOnlySpan<Vector3> Edge2 => _e2;

    /// <summary>The scene instance of each triangle, in hierarchy order.</summary>
    internal ReadOnlySpan<int> Owner => _owner;

    /// <summary>The closest triangle hit at a distance in (<paramref name="near"/>, <paramref name="far"/>), or false.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public bool Intersect(in Ray ray, float near, float far, out Hit hit)
    {
        hit = default;
        if (_owner.Length == 0)
        {
            return false;
        }

        Vector3 inverse = new(1 / ray.Direction.X, 1 / ray.Direction.Y, 1 / ray.Direction.Z);

        // Children are tested before they are pushed, with their entry distances: a popped node is skipped at once when
        // a hit nearer than its entry has been found since, and the nearer child is visited first.
        Span<int> stack = stackalloc int[256];
        Span<float> entry = stackalloc float[256];
        int top = 0;
        float best = far;
        int bestTriangle = -1;
        if (!Slab(ray.Origin, inverse, _nodes[0].Min, _nodes[0].Max, near, best, out float rootEntry))
        {
            hit = default;
            return false;
        }

        stack[top] = 0;
        entry[top++] = rootEntry;
        while (top > 0)
        {
            top--;
            if (entry[top] >= best)
            {
                continue;
            }

            ref readonly Node node = ref _nodes[stack[top]];
            if (node.Count > 0)
            {
                for (int i = node.First; i < node.First + node.Count; i++)
                {
                    float t = Triangle(ray, i);
                    if (t > near && t < best)
                    {
                        best = t;
                        bestTriangle = i;
                    }
                }

                continue;
            }

            if (top + 2 > stack.Length)
            {
                throw new InvalidOperationException("BVH deeper than 254 levels");
            }

            ref readonly Node a = ref _nodes[node.Index];
            ref readonly Node b = ref _nodes[node.First];
            bool hitA = Slab(ray.Origin, inverse, a.Min, a.Max, near, best, out float ta);
            bool hitB = Slab(ray.Origin, inverse, b.Min, b.Max, near, best, out float tb);
            Push(node, hitA, ta, hitB, tb, stack, entry, ref top);
        }

        if (bestTriangle < 0)
        {
            return false;
        }

        Vector3 normal = Vector3.Normalize(Vector3.Cross(_e1[bestTriangle], _e2[bestTriangle]));
        if (Vector3.Dot(normal, ray.Direction) > 0)
        {
            normal = -normal;
        }

        hit = new Hit(best, normal, _owner[bestTriangle]);
        return true;
    }

    /// <summary>The number of rays <see cref="IntersectPacket"/> traces together.</summary>
    public const int PacketWidth = 8;

    /// <summary>
    /// The closest hits of up to <see cref="PacketWidth"/> rays that share one origin (a LiDAR column, a camera pixel
    /// row), traced together: each node's box and each leaf's triangles are tested against all the rays at once in
    /// 8-wide SIMD lanes, and a node is opened while any ray still needs it. Shared origins make the triangle test's
    /// origin terms scalar. The answers are the ones <see cref="Intersect"/> gives ray by ray, up to float rounding.
    /// </summary>
    /// <param name="origin">Where every ray starts.</param>
    /// <param name="directions">Unit directions, at most <see cref="PacketWidth"/>.</param>
    /// <param name="near">Hits at or nearer than this are ignored.</param>
    /// <param name="distance">Per ray: on entry the farthest distance searched (a ray with a bound at or below
    /// <paramref name="near"/> is not traced); on return the nearest hit's distance, or the bound when there is none.</param>
    /// <param name="triangle">Per ray on return: the triangle hit (for <see cref="HitOf"/>), or −1.</param>
    /// <exception cref="ArgumentException">More directions than <see cref="PacketWidth"/>, or short output spans.</exception>
    /// <remarks>Compiled fully optimised at first call (no tiering): a sweep is a few hundred thousand rays through this
    /// loop, so waiting for tier 1 cost short runs (a 3-frame dataset, a quick benchmark) up to half their LiDAR time.</remarks>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void IntersectPacket(Vector3 origin, ReadOnlySpan<Vector3> directions, float near, Span<float> distance, Span<int> triangle)
    {
        int n = directions.Length;
        if (n > PacketWidth || distance.Length < n || triangle.Length < n)
        {
            throw new ArgumentException($"A packet is at most {PacketWidth} rays with a distance and a triangle slot each; got {directions.Length}, {distance.Length}, {triangle.Length}.");
        }

        triangle[..n].Fill(-1);
        if (_owner.Length == 0 || n == 0)
        {
            return;
        }

        Span<float> lanes = stackalloc float[6 * PacketWidth];
        for (int i = 0; i < PacketWidth; i++)
        {
            Vector3 d = i < n ? directions[i] : Vector3.UnitX;
            lanes[i] = d.X;
            lanes[PacketWidth + i] = d.Y;
            lanes[(2 * PacketWidth) + i] = d.Z;
            lanes[(3 * PacketWidth) + i] = i < n ? distance[i] : float.NegativeInfinity; // padding lanes never enter a box
        }

        var dx = Vector256.Create<float>(lanes[..8]);
        var dy = Vector256.Create<float>(lanes[8..16]);
        var dz = Vector256.Create<float>(lanes[16..24]);
        Vector256<float> best = Vector256.Create<float>(lanes[24..32]);
        Vector256<float> one = Vector256.Create(1f);
        Vector256<float> ix = one / dx, iy = one / dy, iz = one / dz;
        Vector256<float> nearV = Vector256.Create(near);
        Vector256<int> bestTriangle = Vector256.Create(-1);

        Span<int> stack = stackalloc int[256];
        Span<float> entry = stackalloc float[256];
        int top = 0;
        if (!PacketSlab(origin, ix, iy, iz, _nodes[0].Min, _nodes[0].Max, nearV, best, out float rootEntry))
        {
            return;
        }

        stack[top] = 0;
        entry[top++] = rootEntry;
        float farthest = HorizontalMax(best);
        while (top > 0)
        {
            top--;
            if (entry[top] >= farthest)
            {
                continue; // every ray has a hit nearer than this node's nearest entry
            }

            ref readonly Node node = ref _nodes[stack[top]];
            if (node.Count > 0)
            {
                for (int i = node.First; i < node.First + node.Count; i++)
                {
                    // Möller–Trumbore with the origin shared: s = O − A and q = s × E1 are the same for every ray.
                    Vector3 e1 = _e1[i], e2 = _e2[i];
                    Vector3 s = origin - _a[i];
                    Vector3 q = Vector3.Cross(s, e1);
                    Vector256<float> px = (dy * e2.Z) - (dz * e2.Y);
                    Vector256<float> py = (dz * e2.X) - (dx * e2.Z);
                    Vector256<float> pz = (dx * e2.Y) - (dy * e2.X);
                    Vector256<float> det = (px * e1.X) + (py * e1.Y) + (pz * e1.Z);
                    Vector256<float> inv = one / det;
                    Vector256<float> u = ((px * s.X) + (py * s.Y) + (pz * s.Z)) * inv;
                    Vector256<float> v = ((dx * q.X) + (dy * q.Y) + (dz * q.Z)) * inv;
                    Vector256<float> t = Vector256.Create(Vector3.Dot(e2, q)) * inv;
                    Vector256<float> ok = Vector256.GreaterThanOrEqual(Vector256.Abs(det), Vector256.Create(1e-12f))
                        & Vector256.GreaterThanOrEqual(u, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero)
                        & Vector256.LessThanOrEqual(u + v, one) & Vector256.GreaterThan(t, nearV) & Vector256.LessThan(t, best);
                    if (ok != Vector256<float>.Zero)
                    {
                        best = Vector256.ConditionalSelect(ok, t, best);
                        bestTriangle = Vector256.ConditionalSelect(ok.AsInt32(), Vector256.Create(i), bestTriangle);
                        farthest = HorizontalMax(best);
                    }
                }

                continue;
            }

            if (top + 2 > stack.Length)
            {
                throw new InvalidOperationException("BVH deeper than 254 levels");
            }

            ref readonly Node a = ref _nodes[node.Index];
            ref readonly Node b = ref _nodes[node.First];
            bool hitA = PacketSlab(origin, ix, iy, iz, a.Min, a.Max, nearV, best, out float ta);
            bool hitB = PacketSlab(origin, ix, iy, iz, b.Min, b.Max, nearV, best, out float tb);
            Push(node, hitA, ta, hitB, tb, stack, entry, ref top);
        }

        for (int i = 0; i < n; i++)
        {
            int hit = bestTriangle.GetElement(i);
            triangle[i] = hit;
            if (hit >= 0)
            {
                distance[i] = best.GetElement(i);
            }
        }
    }

    /// <summary>The hit record of a triangle found by <see cref="IntersectPacket"/>: its normal turned to face the ray,
    /// and its instance.</summary>
    public Hit HitOf(int triangle, float distance, Vector3 direction)
    {
        Vector3 normal = Vector3.Normalize(Vector3.Cross(_e1[triangle], _e2[triangle]));
        return new Hit(distance, Vector3.Dot(normal, direction) > 0 ? -normal : normal, _owner[triangle]);
    }

    /// <summary>Slab test of one box against a packet: whether any ray enters it before its current best, and the
    /// nearest entry distance among those that do.</summary>
    private static bool PacketSlab(Vector3 origin, Vector256<float> ix, Vector256<float> iy, Vector256<float> iz, Vector3 min, Vector3 max, Vector256<float> near, Vector256<float> best, out float enter)
    {
        Vector256<float> x0 = Vector256.Create(min.X - origin.X) * ix, x1 = Vector256.Create(max.X - origin.X) * ix;
        Vector256<float> y0 = Vector256.Create(min.Y - origin.Y) * iy, y1 = Vector256.Create(max.Y - origin.Y) * iy;
        Vector256<float> z0 = Vector256.Create(min.Z - origin.Z) * iz, z1 = Vector256.Create(max.Z - origin.Z) * iz;
        Vector256<float> tEnter = Vector256.Max(Vector256.Max(Vector256.Min(x0, x1), Vector256.Min(y0, y1)), Vector256.Max(Vector256.Min(z0, z1), near));
        Vector256<float> tExit = Vector256.Min(Vector256.Min(Vector256.Max(x0, x1), Vector256.Max(y0, y1)), Vector256.Min(Vector256.Max(z0, z1), best));
        Vector256<float> inside = Vector256.LessThanOrEqual(tEnter, tExit);
        if (inside == Vector256<float>.Zero)
        {
            enter = 0;
            return false;
        }

        Vector256<float> masked = Vector256.ConditionalSelect(inside, tEnter, Vector256.Create(float.PositiveInfinity));
        Vector128<float> m = Vector128.Min(masked.GetLower(), masked.GetUpper());
        enter = MathF.Min(MathF.Min(m.GetElement(0), m.GetElement(1)), MathF.Min(m.GetElement(2), m.GetElement(3)));
        return true;
    }

    private static float HorizontalMax(Vector256<float> v)
    {
        Vector128<float> m = Vector128.Max(v.GetLower(), v.GetUpper());
        return MathF.Max(MathF.Max(m.GetElement(0), m.GetElement(1)), MathF.Max(m.GetElement(2), m.GetElement(3)));
    }

    /// <summary>Pushes the children a ray (or packet) enters, with their entry distances, the farther first so the nearer
    /// pops next.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Push(in Node node, bool hitA, float ta, bool hitB, float tb, Span<int> stack, Span<float> entry, ref int top)
    {
        if (hitA && hitB)
        {
            (int nearNode, float nearT, int farNode, float farT) = ta <= tb ? (node.Index, ta, node.First, tb) : (node.First, tb, node.Index, ta);
            stack[top] = farNode;
            entry[top++] = farT;
            stack[top] = nearNode;
            entry[top++] = nearT;
        }
        else if (hitA)
        {
            stack[top] = node.Index;
            entry[top++] = ta;
        }
        else if (hitB)
        {
            stack[top] = node.First;
            entry[top++] = tb;
        }
    }

    private float Triangle(in Ray ray, int i)
    {
        Vector3 p = Vector3.Cross(ray.Direction, _e2[i]);
        float det = Vector3.Dot(_e1[i], p);
        if (MathF.Abs(det) < 1e-12f)
        {
            return float.PositiveInfinity;
        }

        float inv = 1 / det;
        Vector3 s = ray.Origin - _a[i];
        float u = Vector3.Dot(s, p) * inv;
        if (u < 0 || u > 1)
        {
            return float.PositiveInfinity;
        }

        Vector3 q = Vector3.Cross(s, _e1[i]);
        float v = Vector3.Dot(ray.Direction, q) * inv;
        return v < 0 || u + v > 1 ? float.PositiveInfinity : Vector3.Dot(_e2[i], q) * inv;
    }

    private static bool Slab(Vector3 origin, Vector3 inverse, Vector3 min, Vector3 max, float near, float far, out float enter)
    {
        Vector3 t0 = (min - origin) * inverse, t1 = (max - origin) * inverse;
        Vector3 tmin = Vector3.Min(t0, t1), tmax = Vector3.Max(t0, t1);
        enter = MathF.Max(MathF.Max(tmin.X, tmin.Y), MathF.Max(tmin.Z, near));
        float exit = MathF.Min(MathF.Min(tmax.X, tmax.Y), MathF.Min(tmax.Z, far));
        return enter <= exit;
    }

    /// <summary>Builds node <see cref="_count"/> over order[start..end) and returns its index.</summary>
    private int Build(int[] order, int start, int end, Vector3[] lo, Vector3[] hi, Vector3[] centroid)
    {
        int index = _count++;
        Vector3 min = new(float.MaxValue), max = new(float.MinValue), cmin = new(float.MaxValue), cmax = new(float.MinValue);
        for (int i = start; i < end; i++)
        {
            min = Vector3.Min(min, lo[order[i]]);
            max = Vector3.Max(max, hi[order[i]]);
            cmin = Vector3.Min(cmin, centroid[order[i]]);
            cmax = Vector3.Max(cmax, centroid[order[i]]);
        }

        int count = end - start;
        (int axis, int split) = count <= LeafSize ? (-1, -1) : BestSplit(order, start, end, lo, hi, centroid, cmin, cmax);
        if (axis < 0)
        {
            _nodes[index] = new Node { Min = min, Max = max, First = start, Count = count };
            return index;
        }

        // Partition by the chosen bin boundary.
        float extent = cmax[axis] - cmin[axis];
        int mid = start;
        for (int i = start; i < end; i++)
        {
            int bin = Math.Min(Bins - 1, (int)(Bins * (centroid[order[i]][axis] - cmin[axis]) / extent));
            if (bin < split)
            {
                (order[i], order[mid]) = (order[mid], order[i]);
                mid++;
            }
        }

        if (mid == start || mid == end)
        {
            mid = (start + end) / 2; // all centroids in one bin (degenerate): split the list in half
        }

        int left = Build(order, start, mid, lo, hi, centroid);
        int right = Build(order, mid, end, lo, hi, centroid);
        _nodes[index] = new Node { Min = min, Max = max, Index = left, First = right, Count = 0, Axis = axis };
        return index;
    }

    /// <summary>The axis and bin boundary of least SAH cost, or (−1, −1) when a leaf is cheaper.</summary>
    private static (int Axis, int Split) BestSplit(int[] order, int start, int end, Vector3[] lo, Vector3[] hi, Vector3[] centroid, Vector3 cmin, Vector3 cmax)
    {
        float bestCost = end - start; // cost of a leaf, in triangle tests (traversal cost 1 per node below)
        (int, int) best = (-1, -1);
        Span<int> counts = stackalloc int[Bins];
        Span<Vector3> bmin = stackalloc Vector3[Bins], bmax = stackalloc Vector3[Bins];
        for (int axis = 0; axis < 3; axis++)
        {
            float extent = cmax[axis] - cmin[axis];
            if (extent <= 1e-9f)
            {
                continue;
            }

            counts.Clear();
            bmin.Fill(new Vector3(float.MaxValue));
            bmax.Fill(new Vector3(float.MinValue));
            for (int i = start; i < end; i++)
            {
                int t = order[i];
                int bin = Math.Min(Bins - 1, (int)(Bins * (centroid[t][axis] - cmin[axis]) / extent));
                counts[bin]++;
                bmin[bin] = Vector3.Min(bmin[bin], lo[t]);
                bmax[bin] = Vector3.Max(bmax[bin], hi[t]);
            }

            for (int split = 1; split < Bins; split++)
            {
                (int nl, float al) = Side(counts, bmin, bmax, 0, split);
                (int nr, float ar) = Side(counts, bmin, bmax, split, Bins);
                if (nl == 0 || nr == 0)
                {
                    continue;
                }

                (int _, float total) = Side(counts, bmin, bmax, 0, Bins);
                float cost = 1 + (((al * nl) + (ar * nr)) / total);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = (axis, split);
                }
            }
        }

        return best;
    }

    private static (int Count, float Area) Side(Span<int> counts, Span<Vector3> bmin, Span<Vector3> bmax, int from, int to)
    {
        int n = 0;
        Vector3 min = new(float.MaxValue), max = new(float.MinValue);
        for (int b = from; b < to; b++)
        {
            if (counts[b] > 0)
            {
                n += counts[b];
                min = Vector3.Min(min, bmin[b]);
                max = Vector3.Max(max, bmax[b]);
            }
        }

        if (n == 0)
        {
            return (0, 0);
        }

        Vector3 d = max - min;
        return (n, 2 * ((d.X * d.Y) + (d.Y * d.Z) + (d.Z * d.X)));
    }

    /// <summary>A node: its box; a leaf holds triangles [First, First + Count); an inner node (Count 0) has its left
    /// child at Index and its right at First, and was split on Axis.</summary>
    internal struct Node
    {
        public Vector3 Min;
        public Vector3 Max;
        public int Index;
        public int First;
        public int Count;
        public int Axis;
    }
}
