using Sim.Core.Ecs;
using Sim.Core.Kernel;
using System.Numerics;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;

namespace Sim.Sensors.Geometry;

/// <summary>
/// Builds the <see cref="Scene"/> of a world at its current step: every entity with an <see cref="ActorPose"/>, an
/// <see cref="ActorBody"/> and a <see cref="StableId"/> (vehicles, pedestrians, deer, props) as its class's
/// <see cref="Shapes"/> inside its body box standing on the ground, with a reflectivity by class. Instances are added in stable-id order, so a scene is the
/// same whatever the order entities were created in.
/// </summary>
public static class SceneBuilder
{
    private static readonly QueryDescription Bodies = new QueryDescription().WithAll<ActorPose, ActorBody, StableId>();

    /// <summary>Diffuse reflectivity at 905 nm by class: painted metal about 0.5, clothing and skin 0.3, fur 0.2,
    /// foliage 0.3, building facades 0.25, concrete barriers 0.4 (typical values from automotive LiDAR datasheets' 10 %
    /// and 80 % reference targets; assumptions, not measurements).</summary>
    public static float Reflectivity(ActorClass kind) => kind switch
    {
        ActorClass.Pedestrian => 0.3f,
        ActorClass.Deer => 0.2f,
        ActorClass.Tree => 0.3f,
        ActorClass.Building => 0.25f,
        ActorClass.Barrier => 0.4f,
        _ => 0.5f,
    };

    /// <summary>The scene of <paramref name="world"/> now: its road network's surfaces (when it has one) and every body but
    /// the one with stable id <paramref name="exclude"/> (the vehicle the sensors ride on, which they would otherwise
    /// see from inside).</summary>
    public static Scene FromWorld(World world, ulong? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        var items = new List<(ulong Id, ActorPose Pose, ActorBody Body)>();
        foreach (Chunk chunk in world.Query(Bodies).GetChunks())
        {
            Span<ActorPose> pose = chunk.GetSpan<ActorPose>();
            Span<ActorBody> body = chunk.GetSpan<ActorBody>();
            Span<StableId> id = chunk.GetSpan<StableId>();
            for (int i = 0; i < chunk.Count; i++)
            {
                items.Add((id[i].Value, pose[i], body[i]));
            }
        }

        var scene = new Scene();
        if (world.HasResource<RoadNetwork>())
        {
            AddRoads(scene, world.GetManagedResource<RoadNetwork>());
        }

        foreach ((ulong id, ActorPose pose, ActorBody body) in items.Where(x => x.Id != exclude).OrderBy(x => x.Id))
        {
            var box = new Box3(pose.X, pose.Y, body.Height / 2.0, pose.Heading, body.Length, body.Width, body.Height);
            scene.AddShape(new SceneInstance(body.Class, id, Reflectivity(body.Class)), box, Shapes.Of(body.Class));
        }

        return scene;
    }

    /// <summary>Reflectivities of the road's stuff: asphalt 0.15, paint 0.6 (retroreflective beads), paving 0.25.</summary>
    public const float RoadReflectivity = 0.15f, MarkingReflectivity = 0.6f, SidewalkReflectivity = 0.25f;

    /// <summary>Lane markings are this wide, m; dashes 3 m painted, 6 m gap (a common urban and rural pattern).</summary>
    public const double MarkingWidth = 0.15, DashLength = 3, DashGap = 6;

    /// <summary>
    /// Adds the network's surfaces as stuff (instance id 0), each lane sampled every 2 m along s: driving, entry and
    /// parking lanes as road 1 cm up, sidewalks 15 cm up (a kerb), lane markings 2 cm up — dashed between lanes of one
    /// direction, solid along the road's outer edge and, where the lane on the left belongs to no road of this
    /// direction, along the left edge (a centre line); none inside junctions. Sidewalks get
    /// <see cref="StreetLights.AlongSidewalks"/>. The ground plane becomes terrain.
    /// </summary>
    public static void AddRoads(Scene scene, RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(network);
        int road = scene.AddInstance(new SceneInstance(SemanticClass.Road, 0, RoadReflectivity));
        int sidewalk = scene.AddInstance(new SceneInstance(SemanticClass.Sidewalk, 0, SidewalkReflectivity));
        int marking = scene.AddInstance(new SceneInstance(SemanticClass.LaneMarking, 0, MarkingReflectivity));
        foreach (Lane lane in network.Lanes)
        {
            bool paved = lane.Kind == LaneKind.Sidewalk;
            Strip(scene, network, lane, paved ? sidewalk : road, -lane.Width / 2, lane.Width / 2, paved ? 0.15f : 0.01f, dashed: false);
            if (!lane.IsDrivable || lane.Road.Junction >= 0)
            {
                continue;
            }

            // Right edge: solid when nothing drivable of this road continues to the right.
            if (lane.Right < 0 || !network.Lane(lane.Right).IsDrivable)
            {
                Strip(scene, network, lane, marking, (-lane.Width / 2) + 0.05, (-lane.Width / 2) + 0.05 + MarkingWidth, 0.02f, dashed: false);
            }

            // Left edge: dashed between lanes of one direction, solid where there is none (the centre line).
            bool neighbour = lane.Left >= 0 && network.Lane(lane.Left).IsDrivable;
            Strip(scene, network, lane, marking, (lane.Width / 2) - MarkingWidth - (neighbour ? -MarkingWidth / 2 : 0.05), (lane.Width / 2) - (neighbour ? -MarkingWidth / 2 : 0.05), 0.02f, dashed: neighbour);
        }

        StreetLights.AlongSidewalks(scene, network);
        scene.GroundClass = SemanticClass.Terrain;
    }

    private static void Strip(Scene scene, RoadNetwork network, Lane lane, int instance, double t0, double t1, float z, bool dashed)
    {
        double length = lane.Length;
        int steps = Math.Max(1, (int)Math.Ceiling(length / 2));
        for (int k = 0; k < steps; k++)
        {
            double s0 = length * k / steps, s1 = length * (k + 1) / steps;
            if (dashed)
            {
                double phase = (s0 + s1) / 2 % (DashLength + DashGap);
                if (phase > DashLength)
                {
                    continue;
                }
            }

            Vector3 At(double s, double t)
            {
                Pose2 p = network.ToWorld(new LanePosition(lane.Id, s, t));
                return new Vector3((float)p.X, (float)p.Y, z);
            }

            scene.AddQuad(instance, At(s0, t0), At(s1, t0), At(s1, t1), At(s0, t1));
            if (z > 0.1f)
            {
                // A raised surface (a sidewalk) gets its kerb faces down to the road.
                Vector3 Down(Vector3 v) => v with { Z = 0 };
                scene.AddQuad(instance, Down(At(s0, t0)), Down(At(s1, t0)), At(s1, t0), At(s0, t0));
                scene.AddQuad(instance, Down(At(s0, t1)), Down(At(s1, t1)), At(s1, t1), At(s0, t1));
            }
        }
    }
}
