using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;

namespace Sim.Sensors.Geometry;

/// <summary>
/// Builds the <see cref="Scene"/> of a world at its current step: every entity with an <see cref="ActorPose"/>, an
/// <see cref="ActorBody"/> and a <see cref="StableId"/> (vehicles, pedestrians, deer, props) as a box of its body
/// standing on the ground, with a reflectivity by class. Instances are added in stable-id order, so a scene is the
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

    /// <summary>The scene of <paramref name="world"/> now.</summary>
    public static Scene FromWorld(World world)
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
        foreach ((ulong id, ActorPose pose, ActorBody body) in items.OrderBy(x => x.Id))
        {
            scene.AddBox(new SceneInstance(body.Class, id, Reflectivity(body.Class)), pose.X, pose.Y, pose.Heading, body.Length, body.Width, body.Height);
        }

        return scene;
    }
}
