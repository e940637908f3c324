using System.IO.Hashing;
using System.Text;
using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;
using Sim.Scenarios.Model;

namespace Sim.Scenarios;

/// <summary>Puts a scenario's actors and props into a world (at the start, or when an event spawns them).</summary>
public static class ActorSpawner
{
    /// <summary>The stable id of the actor named <paramref name="name"/>: XXH64 of <c>actor/</c> + the name.</summary>
    public static ulong ActorId(string name) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("actor/" + name));

    /// <summary>The stable id of the prop named <paramref name="name"/>: XXH64 of <c>prop/</c> + the name.</summary>
    public static ulong PropId(string name) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("prop/" + name));

    /// <summary>Spawns <paramref name="actor"/> into <paramref name="world"/>, which holds the road network.</summary>
    /// <param name="world">The world.</param>
    /// <param name="seed">The simulation seed (pedestrian and deer draws).</param>
    /// <param name="actor">The actor.</param>
    /// <param name="isEgo">Whether to mark it as the ego.</param>
    /// <exception cref="ArgumentException">The placement is not possible on this road (the message says why).</exception>
    public static Entity Spawn(World world, ulong seed, ActorPlacement actor, bool isEgo)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(actor);
        var id = new StableId(ActorId(actor.Name));
        Entity entity;
        switch (actor)
        {
            case VehiclePlacement v:
                entity = VehicleFactory.Spawn(world, v.Spec, v.Position, v.Speed, id.Value);
                ref VehicleControl control = ref world.Get<VehicleControl>(entity);
                control.LaneOffset = v.LaneOffset;
                control.NoLaneChanges = v.Behaviour == VehicleBehaviour.Drive && v.LaneOffset == 0 ? 0 : 1;
                if (v.Behaviour == VehicleBehaviour.Stopped)
                {
                    TrafficActions.Stop(world, entity);
                }

                if (v.Route is { } route)
                {
                    world.Get<VehicleNav>(entity) = route;
                }

                break;

            case PedestrianPlacement p when p.Walk != 0:
                PedestrianMap map = PedestrianMap.For(world);
                if (!map.TryLocateSidewalk(p.Pose.X, p.Pose.Y, out LanePosition on))
                {
                    throw new ArgumentException($"actor {p.Name}: ({p.Pose.X:0.##}, {p.Pose.Y:0.##}) is on no sidewalk");
                }

                entity = PedestrianSpawner.SpawnWalker(world, seed, id, on.Lane, on.S, p.Walk, on.T, p.Parameters);
                break;

            case PedestrianPlacement p:
                entity = PedestrianSpawner.SpawnStanding(world, seed, id, p.Pose.X, p.Pose.Y, p.Pose.Heading, p.Parameters);
                break;

            case DeerPlacement d:
                entity = DeerSpawner.Spawn(world, seed, id, d.From, d.To, d.Parameters);
                break;

            default:
                throw new ArgumentException($"actor {actor.Name}: unknown kind {actor.GetType().Name}", nameof(actor));
        }

        if (isEgo)
        {
            world.Add(entity, new Ego());
        }

        return entity;
    }

    /// <summary>Places a static prop: <see cref="StaticProp"/>, <see cref="StableId"/>, <see cref="ActorBody"/>,
    /// <see cref="ActorPose"/> and the <see cref="LaneOccupancy"/> of the drivable lane it stands on (vehicles brake for it).</summary>
    public static Entity SpawnProp(World world, PropPlacement prop)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(prop);
        var pose = new ActorPose { X = prop.Pose.X, Y = prop.Pose.Y, Heading = prop.Pose.Heading };
        LaneOccupancy occupancy = PedestrianMap.For(world).OccupancyAt(prop.Pose.X, prop.Pose.Y);
        Entity entity = world.Create(new StaticProp(), new StableId(PropId(prop.Name)), prop.Body, pose);
        world.Add(entity, occupancy);
        return entity;
    }
}
