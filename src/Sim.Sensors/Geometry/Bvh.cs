using System.Numerics;

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
            if (hitA && hitB)
            {
                // Push the farther first so the nearer pops next.
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
    private struct Node
    {
        public Vector3 Min;
        public Vector3 Max;
        public int Index;
        public int First;
        public int Count;
        public int Axis;
    }
}
