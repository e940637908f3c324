using System.Numerics;
using Sim.Core.Traffic;

namespace Sim.Sensors.Geometry;

/// <summary>One thing in a scene: what it is, its stable id (instance id in labels; 0 for "stuff" such as road surfaces,
/// which have a class but no instance), and its surface reflectivity (0–1, for LiDAR intensity).</summary>
/// <param name="Semantic">Semantic class.</param>
/// <param name="Id">Stable id (the entity's <c>StableId</c>), or 0 for stuff.</param>
/// <param name="Reflectivity">Diffuse reflectivity at the LiDAR's wavelength, 0–1.</param>
public readonly record struct SceneInstance(SemanticClass Semantic, ulong Id, float Reflectivity)
{
    /// <summary>An actor or prop of a traffic-world class.</summary>
    public SceneInstance(ActorClass kind, ulong id, float reflectivity)
        : this(SemanticClasses.Of(kind), id, reflectivity)
    {
    }

    /// <summary>Whether this is stuff (no instance: road, sidewalk, markings): instance images show 0 for it.</summary>
    public bool IsStuff => Id == 0;
}

/// <summary>An upright box in the world: centre (m), yaw (rad CCW from east) and size (m, length along the yaw).</summary>
/// <param name="X">Centre east.</param>
/// <param name="Y">Centre north.</param>
/// <param name="Z">Centre height.</param>
/// <param name="Yaw">Heading.</param>
/// <param name="Length">Along the heading.</param>
/// <param name="Width">Across it.</param>
/// <param name="Height">Up.</param>
public readonly record struct Box3(double X, double Y, double Z, double Yaw, double Length, double Width, double Height)
{
    /// <summary>The eight corners: bottom four then top four, counter-clockwise from rear right.</summary>
    public Vector3[] Corners()
    {
        (double sin, double cos) = Math.SinCos(Yaw);
        var corners = new Vector3[8];
        int i = 0;
        foreach (double dz in new[] { -Height / 2, Height / 2 })
        {
            foreach ((double fx, double fy) in new[] { (-Length / 2, -Width / 2), (Length / 2, -Width / 2), (Length / 2, Width / 2), (-Length / 2, Width / 2) })
            {
                corners[i++] = new Vector3((float)(X + (fx * cos) - (fy * sin)), (float)(Y + (fx * sin) + (fy * cos)), (float)(Z + dz));
            }
        }

        return corners;
    }
}

/// <summary>A box-shaped part of an object, as fractions of the object's box: x and y in [−½, ½] of its length and
/// width (x forward), z in [0, 1] of its height from the bottom.</summary>
/// <param name="X0">Rear, fraction of the length.</param>
/// <param name="X1">Front.</param>
/// <param name="Y0">Right, fraction of the width.</param>
/// <param name="Y1">Left.</param>
/// <param name="Z0">Bottom, fraction of the height.</param>
/// <param name="Z1">Top.</param>
public readonly record struct Part(double X0, double X1, double Y0, double Y1, double Z0, double Z1)
{
    /// <summary>The whole box.</summary>
    public static Part Whole => new(-0.5, 0.5, -0.5, 0.5, 0, 1);
}

/// <summary>An instance added by <see cref="Scene.AddShape"/> or <see cref="Scene.AddBox"/>: its box, its parts (fractions
/// of the box, as <see cref="Part"/> gives them) and the run of triangles they became in <see cref="Scene.Vertices"/>. A
/// renderer can draw it as a mesh per distinct shape in the unit box, placed by the box, instead of its world-space
/// triangles.</summary>
/// <param name="Instance">The instance's index.</param>
/// <param name="Box">The box the parts are fractions of.</param>
/// <param name="Parts">The parts, as given.</param>
/// <param name="FirstTriangle">Index of its first triangle in <see cref="Scene.Owners"/> (three vertices each).</param>
/// <param name="TriangleCount">How many triangles its parts became (12 a part).</param>
public readonly record struct ShapedInstance(int Instance, Box3 Box, IReadOnlyList<Part> Parts, int FirstTriangle, int TriangleCount);

/// <summary>
/// What sensors see at one instant: a flat ground (z = 0, the road surface, with its own reflectivity) and instances
/// made of world-space triangles, with a <see cref="Bvh"/> over them. Build one per frame from the world's poses.
/// </summary>
public sealed class Scene
{
    private readonly List<Vector3> _vertices = [];
    private readonly List<int> _owners = [];
    private readonly List<SceneInstance> _instances = [];
    private readonly List<Box3> _boxes = [];
    private readonly List<ShapedInstance> _shaped = [];
    private Bvh? _bvh;

    /// <summary>The ground's reflectivity (dry asphalt ≈ 0.1–0.2 at 905 nm; lower when wet).</summary>
    public float GroundReflectivity { get; set; } = 0.15f;

    /// <summary>The semantic class of the ground plane: <see cref="SemanticClass.Road"/> for a bare scene, terrain once
    /// the road surfaces are meshes of their own.</summary>
    public SemanticClass GroundClass { get; set; } = SemanticClass.Road;

    /// <summary>The instances, by index.</summary>
    public IReadOnlyList<SceneInstance> Instances => _instances;

    /// <summary>Every triangle's three world-space vertices, in the order they were added.</summary>
    public IReadOnlyList<Vector3> Vertices => _vertices;

    /// <summary>The instance each triangle belongs to.</summary>
    public IReadOnlyList<int> Owners => _owners;

    /// <summary>The box each instance added by <see cref="AddBox"/> is, by instance index (3D labels use them).</summary>
    public IReadOnlyList<Box3> Boxes => _boxes;

    /// <summary>The instances added by <see cref="AddShape"/> and <see cref="AddBox"/>, in the order they were added, with
    /// their boxes, parts and triangles (instances from <see cref="AddInstance"/> are not among them).</summary>
    public IReadOnlyList<ShapedInstance> Shaped => _shaped;

    /// <summary>The hierarchy, built on first use after the last change.</summary>
    public Bvh Bvh => _bvh ??= new Bvh(_vertices.ToArray(), _owners.ToArray());

    /// <summary>Adds a box standing on the ground: centre (x, y) m, yaw rad (CCW from +x), length along the yaw, width,
    /// height, all m. Returns the instance's index.</summary>
    public int AddBox(SceneInstance instance, double x, double y, double yaw, double length, double width, double height, double z0 = 0) =>
        AddShape(instance, new Box3(x, y, z0 + (height / 2), yaw, length, width, height), [Part.Whole]);

    /// <summary>Adds an instance shaped by <paramref name="parts"/> (boxes given as fractions of <paramref name="box"/>, so
    /// the shape never leaves it) and returns its index; <see cref="Boxes"/> records <paramref name="box"/> for labels.</summary>
    public int AddShape(SceneInstance instance, Box3 box, IReadOnlyList<Part> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int index = _instances.Count;
        _instances.Add(instance);
        _boxes.Add(box);
        _shaped.Add(new ShapedInstance(index, box, [.. parts], _owners.Count, 12 * parts.Count));
        (float sin, float cos) = MathF.SinCos((float)box.Yaw);
        float bottom = (float)(box.Z - (box.Height / 2));
        foreach (Part part in parts)
        {
            float x0 = (float)(part.X0 * box.Length), x1 = (float)(part.X1 * box.Length), y0 = (float)(part.Y0 * box.Width), y1 = (float)(part.Y1 * box.Width);
            float z0 = bottom + (float)(part.Z0 * box.Height), z1 = bottom + (float)(part.Z1 * box.Height);
            Vector3 Corner(float fx, float fy, float z) => new((float)box.X + (fx * cos) - (fy * sin), (float)box.Y + (fx * sin) + (fy * cos), z);
            Vector3[] c =
            [
                Corner(x0, y0, z0), Corner(x1, y0, z0), Corner(x1, y1, z0), Corner(x0, y1, z0),
                Corner(x0, y0, z1), Corner(x1, y0, z1), Corner(x1, y1, z1), Corner(x0, y1, z1),
            ];
            int[] faces = [0, 1, 2, 0, 2, 3, 4, 6, 5, 4, 7, 6, 0, 5, 1, 0, 4, 5, 1, 6, 2, 1, 5, 6, 2, 7, 3, 2, 6, 7, 3, 4, 0, 3, 7, 4];
            for (int i = 0; i < faces.Length; i += 3)
            {
                _vertices.Add(c[faces[i]]);
                _vertices.Add(c[faces[i + 1]]);
                _vertices.Add(c[faces[i + 2]]);
                _owners.Add(index);
            }
        }

        _bvh = null;
        return index;
    }

    /// <summary>Adds a flat quad (two triangles) to <paramref name="instance"/>, an index from <see cref="AddInstance"/>:
    /// corners in order round the quad.</summary>
    public void AddQuad(int instance, Vector3 a, Vector3 b, Vector3 c, Vector3 d)
    {
        _vertices.Add(a);
        _vertices.Add(b);
        _vertices.Add(c);
        _vertices.Add(a);
        _vertices.Add(c);
        _vertices.Add(d);
        _owners.Add(instance);
        _owners.Add(instance);
        _bvh = null;
    }

    /// <summary>Adds an instance with no box (a road surface, a marking) and returns its index; give it triangles with
    /// <see cref="AddQuad"/>. Its <see cref="Boxes"/> entry is empty (zero size).</summary>
    public int AddInstance(SceneInstance instance)
    {
        _instances.Add(instance);
        _boxes.Add(default);
        return _instances.Count - 1;
    }

    /// <summary>The world-space vertices (three a triangle) of one instance.</summary>
    public Vector3[] TrianglesOf(int instance)
    {
        var vertices = new List<Vector3>();
        for (int t = 0; t < _owners.Count; t++)
        {
            if (_owners[t] == instance)
            {
                vertices.Add(_vertices[3 * t]);
                vertices.Add(_vertices[(3 * t) + 1]);
                vertices.Add(_vertices[(3 * t) + 2]);
            }
        }

        return [.. vertices];
    }

    /// <summary>The scene's street lights (<see cref="Geometry.StreetLights.AddTo"/>), or null.</summary>
    public StreetLights? StreetLights { get; internal set; }

    /// <summary>The closest hit of a ray on the instances or the ground in (<paramref name="near"/>, <paramref name="far"/>).
    /// The ground is intersected first, so the hierarchy is only searched nearer than it.</summary>
    public bool Intersect(in Ray ray, float near, float far, out Hit hit)
    {
        float ground = float.PositiveInfinity;
        if (ray.Direction.Z < -1e-6f)
        {
            float t = -ray.Origin.Z / ray.Direction.Z;
            if (t > near && t < far)
            {
                ground = t;
            }
        }

        if (Bvh.Intersect(ray, near, MathF.Min(far, ground), out hit))
        {
            return true;
        }

        if (float.IsFinite(ground))
        {
            hit = new Hit(ground, Vector3.UnitZ, -1);
            return true;
        }

        return false;
    }

    /// <summary>The closest hits of rays that share one origin, traced <see cref="Bvh.PacketWidth"/> at a time (see
    /// <see cref="Bvh.IntersectPacket"/>): the same answers as <see cref="Intersect"/> ray by ray, up to float rounding.</summary>
    /// <param name="origin">Where every ray starts.</param>
    /// <param name="directions">Unit directions.</param>
    /// <param name="near">Nearest distance searched.</param>
    /// <param name="far">Farthest distance searched.</param>
    /// <param name="hits">Per ray, its hit where there is one.</param>
    /// <param name="found">Per ray, whether it hit.</param>
    /// <exception cref="ArgumentException">An output span is shorter than the directions.</exception>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void IntersectMany(Vector3 origin, ReadOnlySpan<Vector3> directions, float near, float far, Span<Hit> hits, Span<bool> found)
    {
        if (hits.Length < directions.Length || found.Length < directions.Length)
        {
            throw new ArgumentException($"{directions.Length} rays need as many hit and found slots; got {hits.Length} and {found.Length}.");
        }

        Bvh bvh = Bvh;
        const int Width = Bvh.PacketWidth;
        Span<float> distance = stackalloc float[Width];
        Span<float> ground = stackalloc float[Width];
        Span<int> triangle = stackalloc int[Width];
        for (int start = 0; start < directions.Length; start += Width)
        {
            ReadOnlySpan<Vector3> packet = directions.Slice(start, Math.Min(Width, directions.Length - start));
            for (int i = 0; i < packet.Length; i++)
            {
                ground[i] = float.PositiveInfinity;
                if (packet[i].Z < -1e-6f)
                {
                    float t = -origin.Z / packet[i].Z;
                    if (t > near && t < far)
                    {
                        ground[i] = t;
                    }
                }

                distance[i] = MathF.Min(far, ground[i]);
            }

            bvh.IntersectPacket(origin, packet, near, distance, triangle);
            for (int i = 0; i < packet.Length; i++)
            {
                if (triangle[i] >= 0)
                {
                    hits[start + i] = bvh.HitOf(triangle[i], distance[i], packet[i]);
                    found[start + i] = true;
                }
                else
                {
                    found[start + i] = float.IsFinite(ground[i]);
                    hits[start + i] = found[start + i] ? new Hit(ground[i], Vector3.UnitZ, -1) : default;
                }
            }
        }
    }
}
