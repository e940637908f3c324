using System.Numerics;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;
using Sim.Sensors.Geometry;
using Sim.Sensors.Lidar;

namespace Sim.Sensors.Gl;

/// <summary>
/// The OpenGL LiDAR caster: a GLSL 4.30 compute shader, one invocation per ray, that intersects the ground plane and
/// then traverses the scene's own <see cref="Bvh"/> — the same nodes, the same triangles in the same order, the same
/// slab and Möller–Trumbore tests with the same epsilon and the same (near, far) bounds as <see cref="Scene.Intersect"/>
/// — and returns, per ray, the distance and the index of the triangle hit. The instance and the cosine of incidence are
/// then looked up on the CPU from the triangle (its owner, and the normal computed as <see cref="Bvh.Intersect"/>
/// computes it), so they are exactly the CPU reference's wherever both find the same triangle.
/// </summary>
/// <remarks>
/// Shader storage buffers (std430): nodes as (min, left child or −count, max, first) in two vec4s; triangles as vertex
/// A and the two edges, each a vec4; the column origins and ray directions as tightly packed floats (three a vector);
/// the results as (distance, triangle) pairs. The geometry is uploaded again only when the scene's hierarchy is a
/// different object (a new scene, or one changed since, which rebuilds its hierarchy); the ray directions only when
/// they changed (a sensor that does not turn between sweeps fires the same ones); the buffers grow and are kept. The
/// traversal stack holds <see cref="StackSize"/> entries, so a hierarchy deeper than that is refused with a clear
/// error rather than traversed wrongly. Each call makes the context current on the calling thread under a lock on the
/// context, as <see cref="GlCamera"/> does.
/// </remarks>
public sealed unsafe class GlLidar : ILidarCaster, IDisposable
{
    /// <summary>Entries of the shader's traversal stack.</summary>
    public const int StackSize = 64;

    private const int LocalSize = 64;
    private const int MaxGroups = 65_535; // GL_MAX_COMPUTE_WORK_GROUP_COUNT is at least this on every implementation

    private const string ComputeShader = """
        #version 430 core
        layout(local_size_x = 64) in;

        struct Node { vec3 lo; int leftOrCount; vec3 hi; int first; };
        struct Triangle { vec4 a; vec4 e1; vec4 e2; };
        struct Result { float distance; int triangle; };

        layout(std430, binding = 0) readonly buffer Nodes { Node nodes[]; };
        layout(std430, binding = 1) readonly buffer Triangles { Triangle triangles[]; };
        layout(std430, binding = 2) readonly buffer Origins { float origins[]; };
        layout(std430, binding = 3) readonly buffer Directions { float directions[]; };
        layout(std430, binding = 4) writeonly buffer Results { Result results[]; };

        uniform uint first;
        uniform uint rays;
        uniform uint rings;
        uniform uint triangleCount;
        uniform float near;
        uniform float far;

        const float INF = uintBitsToFloat(0x7F800000u);

        // Bvh.Slab: the ray's parameter interval inside the box, clipped to [nearT, farT].
        bool slab(vec3 o, vec3 inv, vec3 lo, vec3 hi, float nearT, float farT, out float enter)
        {
            vec3 t0 = (lo - o) * inv;
            vec3 t1 = (hi - o) * inv;
            vec3 tmin = min(t0, t1);
            vec3 tmax = max(t0, t1);
            enter = max(max(tmin.x, tmin.y), max(tmin.z, nearT));
            float exit = min(min(tmax.x, tmax.y), min(tmax.z, farT));
            return enter <= exit;
        }

        // Bvh.Triangle: Möller–Trumbore, double-sided, +inf for a miss.
        float triangle(vec3 o, vec3 d, int i)
        {
            vec3 e1 = triangles[i].e1.xyz;
            vec3 e2 = triangles[i].e2.xyz;
            precise vec3 p = cross(d, e2);
            precise float det = dot(e1, p);
            if (abs(det) < 1e-12)
            {
                return INF;
            }

            precise float inv = 1.0 / det;
            precise vec3 s = o - triangles[i].a.xyz;
            precise float u = dot(s, p) * inv;
            if (u < 0.0 || u > 1.0)
            {
                return INF;
            }

            precise vec3 q = cross(s, e1);
            precise float v = dot(d, q) * inv;
            precise float t = dot(e2, q) * inv;
            return v < 0.0 || u + v > 1.0 ? INF : t;
        }

        void main()
        {
            uint slot = first + gl_GlobalInvocationID.x;
            if (slot >= rays)
            {
                return;
            }

            uint column = slot / rings;
            vec3 o = vec3(origins[3u * column], origins[3u * column + 1u], origins[3u * column + 2u]);
            vec3 d = vec3(directions[3u * slot], directions[3u * slot + 1u], directions[3u * slot + 2u]);

            // Scene.Intersect: the ground first; it bounds the hierarchy's search.
            float ground = INF;
            if (d.z < -1e-6)
            {
                precise float t = -o.z / d.z;
                if (t > near && t < far)
                {
                    ground = t;
                }
            }

            float best = min(far, ground);
            int bestTriangle = -1;
            float rootEntry;
            vec3 inv = vec3(1.0) / d;
            if (triangleCount > 0u && slab(o, inv, nodes[0].lo, nodes[0].hi, near, best, rootEntry))
            {
                // Bvh.Intersect: children tested before they are pushed, nearer one on top; a popped node is skipped
                // when a hit nearer than its entry has been found since.
                int stack[64];
                float entry[64];
                int top = 0;
                stack[top] = 0;
                entry[top++] = rootEntry;
                while (top > 0)
                {
                    top--;
                    if (entry[top] >= best)
                    {
                        continue;
                    }

                    Node node = nodes[stack[top]];
                    if (node.leftOrCount < 0)
                    {
                        int end = node.first - node.leftOrCount;
                        for (int i = node.first; i < end; i++)
                        {
                            float t = triangle(o, d, i);
                            if (t > near && t < best)
                            {
                                best = t;
                                bestTriangle = i;
                            }
                        }

                        continue;
                    }

                    int left = node.leftOrCount;
                    int right = node.first;
                    float ta;
                    float tb;
                    bool hitA = slab(o, inv, nodes[left].lo, nodes[left].hi, near, best, ta);
                    bool hitB = slab(o, inv, nodes[right].lo, nodes[right].hi, near, best, tb);
                    if (hitA && hitB)
                    {
                        bool leftFirst = ta <= tb;
                        stack[top] = leftFirst ? right : left;
                        entry[top++] = leftFirst ? tb : ta;
                        stack[top] = leftFirst ? left : right;
                        entry[top++] = leftFirst ? ta : tb;
                    }
                    else if (hitA)
                    {
                        stack[top] = left;
                        entry[top++] = ta;
                    }
                    else if (hitB)
                    {
                        stack[top] = right;
                        entry[top++] = tb;
                    }
                }
            }

            if (bestTriangle >= 0)
            {
                results[slot] = Result(best, bestTriangle);
            }
            else if (ground < INF)
            {
                results[slot] = Result(ground, -1);
            }
            else
            {
                results[slot] = Result(INF, -2);
            }
        }
        """;

    private readonly EglContext _context;
    private readonly GL _gl;
    private uint _program;
    private int _firstLocation, _raysLocation, _ringsLocation, _triangleCountLocation, _nearLocation, _farLocation;
    private readonly uint[] _buffers = new uint[5]; // nodes, triangles, origins, directions, results
    private readonly nuint[] _capacity = new nuint[5];
    private Bvh? _bvh;                 // the hierarchy on the GPU now
    private int[] _owners = [];        // its triangles' instances, hierarchy order
    private Vector3[] _normals = [];   // its triangles' unit normals, as Bvh.Intersect computes them
    private Vector3[] _directions = []; // the ray directions on the GPU now
    private int _directionCount = -1;
    private Result[] _results = [];
    private bool _disposed;

    /// <summary>A caster computing in <paramref name="context"/>; it compiles its program there.</summary>
    /// <exception cref="InvalidOperationException">The context is older than OpenGL 4.3 (no compute shaders), or the
    /// shader does not compile or link (the driver's log is in the message).</exception>
    public GlLidar(EglContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _gl = context.GL;
        WithContext(CreateProgram);
    }

    /// <summary>The context it computes in.</summary>
    public EglContext Context => _context;

    /// <inheritdoc/>
    public string Renderer => $"gl: {_context.Renderer}";

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">The scene's hierarchy is deeper than the shader's stack holds.</exception>
    /// <exception cref="InvalidOperationException">OpenGL reported an error (named, with the renderer).</exception>
    public void Cast(Scene scene, LidarRays rays, float near, float far, Memory<LidarHit> hits)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(rays);
        ObjectDisposedException.ThrowIf(_disposed, this);
        LidarRays.CheckHits(rays, hits.Length);
        hits = hits[..rays.Count];
        WithContext(() => CastCurrent(scene, rays, near, far, hits.Span));
    }

    /// <summary>Deletes the program and buffers (in the context, which must still be alive).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            WithContext(() =>
            {
                fixed (uint* buffers = _buffers)
                {
                    _gl.DeleteBuffers((uint)_buffers.Length, buffers);
                }

                _gl.DeleteProgram(_program);
            });
        }
        catch (ObjectDisposedException)
        {
            // The context went first and took its objects with it.
        }
    }

    /// <summary>The depth of a flattened hierarchy (the root alone is 1).</summary>
    internal static int Depth(ReadOnlySpan<Bvh.Node> nodes)
    {
        if (nodes.Length == 0)
        {
            return 0;
        }

        // Children come after their parent in the depth-first order, so one pass in index order sees parents first.
        var depth = new int[nodes.Length];
        depth[0] = 1;
        int deepest = 1;
        for (int i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Count == 0 && nodes.Length > 1)
            {
                depth[nodes[i].Index] = depth[i] + 1;
                depth[nodes[i].First] = depth[i] + 1;
                deepest = Math.Max(deepest, depth[i] + 1);
            }
        }

        return deepest;
    }

    private void WithContext(Action action) => _context.WithCurrent(action);

    private void CreateProgram()
    {
        _gl.GetInteger(GetPName.MajorVersion, out int major);
        _gl.GetInteger(GetPName.MinorVersion, out int minor);
        if (major < 4 || (major == 4 && minor < 3))
        {
            throw new InvalidOperationException($"The GL LiDAR needs OpenGL 4.3 compute shaders; {_context.Renderer} offers {major}.{minor}.");
        }

        _program = GlPrograms.Link(_gl, "GL LiDAR", _context.Renderer, GlPrograms.Compile(_gl, ShaderType.ComputeShader, ComputeShader, "GL LiDAR", _context.Renderer));
        _firstLocation = _gl.GetUniformLocation(_program, "first");
        _raysLocation = _gl.GetUniformLocation(_program, "rays");
        _ringsLocation = _gl.GetUniformLocation(_program, "rings");
        _triangleCountLocation = _gl.GetUniformLocation(_program, "triangleCount");
        _nearLocation = _gl.GetUniformLocation(_program, "near");
        _farLocation = _gl.GetUniformLocation(_program, "far");
        fixed (uint* buffers = _buffers)
        {
            _gl.GenBuffers((uint)_buffers.Length, buffers);
        }

        CheckError("creating the LiDAR program");
    }

    private void CastCurrent(Scene scene, LidarRays rays, float near, float far, Span<LidarHit> hits)
    {
        Bvh bvh = scene.Bvh;
        if (!ReferenceEquals(bvh, _bvh))
        {
            UploadGeometry(bvh);
        }

        int count = rays.Count;
        Upload(Slot.Origins, MemoryMarshal.AsBytes(rays.Origins));
        ReadOnlySpan<Vector3> directions = rays.Directions;
        if (count != _directionCount || !MemoryMarshal.AsBytes(directions).SequenceEqual(MemoryMarshal.AsBytes(_directions.AsSpan(0, count))))
        {
            // Compared as bytes: −0 and +0 are different rays here (their inverses are −∞ and +∞ in the slab test).
            Upload(Slot.Directions, MemoryMarshal.AsBytes(directions));
            if (_directions.Length < count)
            {
                _directions = new Vector3[count];
            }

            directions.CopyTo(_directions);
            _directionCount = count;
        }

        EnsureCapacity(Slot.Results, (nuint)(count * sizeof(Result)));
        for (int i = 0; i < _buffers.Length; i++)
        {
            _gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, (uint)i, _buffers[i]);
        }

        _gl.UseProgram(_program);
        _gl.Uniform1(_raysLocation, (uint)count);
        _gl.Uniform1(_ringsLocation, (uint)rays.Rings);
        _gl.Uniform1(_triangleCountLocation, (uint)bvh.Triangles);
        _gl.Uniform1(_nearLocation, near);
        _gl.Uniform1(_farLocation, far);
        for (long first = 0; first < count; first += (long)MaxGroups * LocalSize)
        {
            long groups = Math.Min(MaxGroups, (count - first + LocalSize - 1) / LocalSize);
            _gl.Uniform1(_firstLocation, (uint)first);
            _gl.DispatchCompute((uint)groups, 1, 1);
        }

        CheckError("dispatching the LiDAR rays");
        _gl.MemoryBarrier(MemoryBarrierMask.BufferUpdateBarrierBit);
        if (_results.Length < count)
        {
            _results = new Result[count];
        }

        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, _buffers[(int)Slot.Results]);
        fixed (Result* results = _results)
        {
            _gl.GetBufferSubData(BufferTargetARB.ShaderStorageBuffer, 0, (nuint)(count * sizeof(Result)), results);
        }

        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, 0);
        CheckError("reading the LiDAR hits back");

        // The instance and |n · d| from the triangle, exactly as the CPU reference computes them.
        for (int i = 0; i < count; i++)
        {
            Result r = _results[i];
            Vector3 direction = directions[i];
            hits[i] = r.Triangle switch
            {
                >= 0 => new LidarHit(r.Distance, _owners[r.Triangle], MathF.Abs(Vector3.Dot(_normals[r.Triangle], direction))),
                LidarHit.Ground => new LidarHit(r.Distance, LidarHit.Ground, MathF.Abs(Vector3.Dot(Vector3.UnitZ, direction))),
                _ => LidarHit.Miss,
            };
        }
    }

    private void UploadGeometry(Bvh bvh)
    {
        ReadOnlySpan<Bvh.Node> nodes = bvh.NodeArray;
        int depth = Depth(nodes);
        if (depth + 1 > StackSize)
        {
            throw new NotSupportedException($"The scene's BVH is {depth} levels deep; the GL LiDAR's traversal stack holds {StackSize} entries (at most {StackSize - 1} levels).");
        }

        var gpuNodes = new GpuNode[Math.Max(1, nodes.Length)];
        for (int i = 0; i < nodes.Length; i++)
        {
            Bvh.Node n = nodes[i];
            gpuNodes[i] = new GpuNode(n.Min, n.Count > 0 ? -n.Count : n.Index, n.Max, n.First);
        }

        int triangles = bvh.Triangles;
        ReadOnlySpan<Vector3> a = bvh.VertexA, e1 = bvh.Edge1, e2 = bvh.Edge2;
        var gpuTriangles = new GpuTriangle[Math.Max(1, triangles)];
        _owners = bvh.Owner.ToArray();
        _normals = new Vector3[triangles];
        for (int i = 0; i < triangles; i++)
        {
            gpuTriangles[i] = new GpuTriangle(new Vector4(a[i], 0), new Vector4(e1[i], 0), new Vector4(e2[i], 0));
            _normals[i] = Vector3.Normalize(Vector3.Cross(e1[i], e2[i])); // Bvh.Intersect's normal (its sign is lost in |n · d|)
        }

        Upload(Slot.Nodes, MemoryMarshal.AsBytes(gpuNodes.AsSpan()));
        Upload(Slot.Triangles, MemoryMarshal.AsBytes(gpuTriangles.AsSpan()));
        _bvh = bvh;
    }

    private void Upload(Slot slot, ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(slot, (nuint)bytes.Length);
        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, _buffers[(int)slot]);
        fixed (byte* p = bytes)
        {
            _gl.BufferSubData(BufferTargetARB.ShaderStorageBuffer, 0, (nuint)bytes.Length, p);
        }

        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, 0);
        CheckError($"uploading the LiDAR {slot.ToString().ToLowerInvariant()}");
    }

    /// <summary>Grows a buffer to hold at least <paramref name="bytes"/> (doubling, so repeated growth is rare).</summary>
    private void EnsureCapacity(Slot slot, nuint bytes)
    {
        int i = (int)slot;
        bytes = Math.Max(bytes, 16);
        if (_capacity[i] >= bytes)
        {
            return;
        }

        nuint size = Math.Max(bytes, _capacity[i] * 2);
        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, _buffers[i]);
        _gl.BufferData(BufferTargetARB.ShaderStorageBuffer, size, null, slot == Slot.Results ? BufferUsageARB.StreamRead : BufferUsageARB.DynamicDraw);
        _gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, 0);
        _capacity[i] = size;
        if (slot == Slot.Directions)
        {
            _directionCount = -1; // the new store holds nothing yet
        }

        CheckError($"allocating {size} bytes for the LiDAR {slot.ToString().ToLowerInvariant()}");
    }

    private void CheckError(string what) => GlPrograms.CheckError(_gl, what, _context.Renderer);

    private enum Slot
    {
        Nodes,
        Triangles,
        Origins,
        Directions,
        Results,
    }

    /// <summary>std430 <c>Node</c>: the box, the left child (inner node) or −count (leaf), the right child or first
    /// triangle.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct GpuNode(Vector3 Min, int LeftOrCount, Vector3 Max, int First);

    /// <summary>std430 <c>Triangle</c>: vertex A and edges B − A, C − A, each padded to a vec4.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct GpuTriangle(Vector4 A, Vector4 E1, Vector4 E2);

    /// <summary>std430 <c>Result</c>: distance, and the triangle (hierarchy order), −1 for the ground, −2 for nothing.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Result(float Distance, int Triangle);
}
