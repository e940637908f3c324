using System.Numerics;
using Sim.Core.Traffic.Roads;

namespace Sim.Sensors.Geometry;

/// <summary>
/// The street lights of a <see cref="Scene"/>: where each lamp is (the light's point, just under its luminaire, m in
/// the world frame) and which scene instances hold the posts and the luminaires. Posts and luminaires are stuff
/// (instance id 0) labelled <see cref="SemanticClass.Barrier"/>: <see cref="SemanticClass"/> has no pole class yet.
/// A scene without street lights has <see cref="None"/>.
/// </summary>
/// <remarks>
/// The lights travel with their scene (<see cref="Scene.StreetLights"/>; <see cref="Of"/> gives <see cref="None"/> for a
/// scene without), so the renderers find them whoever built the scene. Cameras light surfaces with the
/// <see cref="MaxLit"/> lamps nearest to them; every luminaire glows whether or not its lamp is among them.
/// </remarks>
public sealed class StreetLights
{
    /// <summary>Lamps at most this many (nearest the camera) light a frame: GL passes them as uniforms.</summary>
    public const int MaxLit = 16;

    /// <summary>Height of a luminaire's underside (the lamp hangs 2 cm under it), m: a common height for residential
    /// and urban streets (EN 13201 practice: 6–10 m).</summary>
    public const float MountingHeight = 8;

    /// <summary>How far the arm reaches from the post towards the road, m.</summary>
    public const float ArmLength = 1.5f;

    /// <summary>Spacing of posts along a sidewalk, m (about 3.5–4 mounting heights, usual for a uniform road).</summary>
    public const double Spacing = 30;

    /// <summary>A post's distance from the sidewalk's outer edge, m.</summary>
    public const double Inset = 0.4;

    /// <summary>Diffuse reflectivity of posts and luminaires (painted steel) at the LiDAR's wavelength.</summary>
    public const float Reflectivity = 0.4f;

    private readonly List<Vector3> _lamps = [];

    private StreetLights(int posts, int luminaires)
    {
        Posts = posts;
        Luminaires = luminaires;
    }

    /// <summary>No street lights.</summary>
    public static StreetLights None { get; } = new(-1, -1);

    /// <summary>Each lamp's position, m, world frame, in the order added.</summary>
    public IReadOnlyList<Vector3> Lamps => _lamps;

    /// <summary>The scene instance holding every post and arm (stuff), or −1.</summary>
    public int Posts { get; }

    /// <summary>The scene instance holding every luminaire (stuff), or −1. Its downward faces glow at night.</summary>
    public int Luminaires { get; }

    /// <summary>The street lights of <paramref name="scene"/> (<see cref="None"/> if it has none).</summary>
    public static StreetLights Of(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return scene.StreetLights ?? None;
    }

    /// <summary>
    /// Adds street lights to <paramref name="scene"/>: for each (post foot on the ground, horizontal unit direction
    /// of its arm) a 0.16 m square post up to <see cref="MountingHeight"/> + 0.15 m, an arm of
    /// <see cref="ArmLength"/> and a 0.6 × 0.3 × 0.15 m luminaire at its end, whose underside is at
    /// <see cref="MountingHeight"/>; the lamp is 2 cm under the underside's centre. Can be called once per scene.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scene already has street lights.</exception>
    public static StreetLights AddTo(Scene scene, IEnumerable<(Vector2 Foot, Vector2 Arm)> posts)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(posts);
        if (scene.StreetLights is not null)
        {
            throw new InvalidOperationException("The scene already has street lights.");
        }

        var lights = new StreetLights(
            scene.AddInstance(new SceneInstance(SemanticClass.Barrier, 0, Reflectivity)),
            scene.AddInstance(new SceneInstance(SemanticClass.Barrier, 0, Reflectivity)));
        const float top = MountingHeight + 0.15f;
        foreach ((Vector2 foot, Vector2 arm) in posts)
        {
            Vector2 along = Vector2.Normalize(arm);
            Vector2 across = new(-along.Y, along.X);
            Vector2 end = foot + (along * ArmLength);
            Cuboid(scene, lights.Posts, foot, along, across, 0.08f, 0.08f, 0, top);
            Cuboid(scene, lights.Posts, foot + (along * (ArmLength / 2)), along, across, ArmLength / 2, 0.04f, top - 0.08f, top);
            Cuboid(scene, lights.Luminaires, end, along, across, 0.3f, 0.15f, MountingHeight, top);
            lights._lamps.Add(new Vector3(end, MountingHeight - 0.02f));
        }

        scene.StreetLights = lights;
        return lights;
    }

    /// <summary>
    /// Adds a street light every <see cref="Spacing"/> m (the first at half a spacing) along each sidewalk of
    /// <paramref name="network"/> outside junctions — urban streets and intersection arms; roads without sidewalks
    /// (highways, rural roads) stay dark. Posts stand <see cref="Inset"/> from the sidewalk's outer edge, arms reach
    /// over the road.
    /// </summary>
    public static StreetLights AlongSidewalks(Scene scene, RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var posts = new List<(Vector2, Vector2)>();
        foreach (Lane lane in network.Lanes)
        {
            if (lane.Kind != LaneKind.Sidewalk || lane.Road.Junction >= 0)
            {
                continue;
            }

            // The outer edge is the side with no lane next to it; the arm reaches the other way.
            double side = lane.Right < 0 ? -1 : 1;
            double t = side * ((lane.Width / 2) - Inset);
            for (double s = Spacing / 2; s < lane.Length; s += Spacing)
            {
                Pose2 p = network.ToWorld(new LanePosition(lane.Id, s, t));
                (double sin, double cos) = Math.SinCos(p.Heading);
                // The lane's left is (−sin, cos); the arm points away from the outer side.
                posts.Add((new Vector2((float)p.X, (float)p.Y), new Vector2((float)(side * sin), (float)(-side * cos))));
            }
        }

        return posts.Count == 0 ? None : AddTo(scene, posts);
    }

    /// <summary>
    /// Up to <paramref name="count"/> lamps nearest <paramref name="point"/> (ties by order added), as offsets from it:
    /// what a camera at <paramref name="point"/> is lit by. Both camera backends use this list.
    /// </summary>
    public Vector3[] NearestOffsets(Vector3 point, int count = MaxLit)
    {
        int n = Math.Min(count, _lamps.Count);
        if (n <= 0)
        {
            return [];
        }

        var order = new int[_lamps.Count];
        var distance = new float[_lamps.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            distance[i] = Vector3.DistanceSquared(_lamps[i], point);
        }

        Array.Sort(order, (a, b) => distance[a] != distance[b] ? distance[a].CompareTo(distance[b]) : a.CompareTo(b));
        var nearest = new Vector3[n];
        for (int i = 0; i < n; i++)
        {
            nearest[i] = _lamps[order[i]] - point;
        }

        return nearest;
    }

    private static void Cuboid(Scene scene, int instance, Vector2 centre, Vector2 along, Vector2 across, float halfLength, float halfWidth, float z0, float z1)
    {
        Vector2 a = along * halfLength, b = across * halfWidth;
        Vector2[] c = [centre - a - b, centre + a - b, centre + a + b, centre - a + b];
        Vector3 Low(int i) => new(c[i], z0);
        Vector3 High(int i) => new(c[i], z1);
        scene.AddQuad(instance, Low(0), Low(1), Low(2), Low(3));
        scene.AddQuad(instance, High(0), High(1), High(2), High(3));
        for (int i = 0; i < 4; i++)
        {
            int j = (i + 1) % 4;
            scene.AddQuad(instance, Low(i), Low(j), High(j), High(i));
        }
    }
}
