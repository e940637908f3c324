using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Creates pedestrian entities with every component the pedestrian systems use (<see cref="StableId"/>,
/// <see cref="PedestrianState"/>, <see cref="CrossingState"/>, <see cref="PedestrianScript"/>, <see cref="ActorBody"/>,
/// <see cref="ActorPose"/>, <see cref="LaneOccupancy"/>). Random draws come from
/// <see cref="PedestrianRandomStreams.Spawn"/> keyed by the stable id and the world clock's tick (0 without a clock).
/// The world must hold its <see cref="RoadNetwork"/>.
/// </summary>
public static class PedestrianSpawner
{
    /// <summary>A pedestrian walking sidewalk lane <paramref name="lane"/> from s = <paramref name="s"/>.</summary>
    /// <exception cref="ArgumentException">The lane is not a sidewalk, s or t is off it, the direction is not ±1, or a parameter is out of range.</exception>
    public static Entity SpawnWalker(World world, ulong seed, StableId id, int lane, double s, int direction, double t = 0, WalkerParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        PedestrianMap map = PedestrianMap.For(world);
        Lane l = map.Network.Lane(lane);
        if (l.Kind != LaneKind.Sidewalk)
        {
            throw new ArgumentException($"Pedestrian {id.Value}: {l} is not a sidewalk.", nameof(lane));
        }

        if (!(s >= 0 && s <= l.Length) || !(Math.Abs(t) <= l.Width / 2))
        {
            throw new ArgumentException($"Pedestrian {id.Value}: (s {s}, t {t}) is off {l} (length {l.Length:0.##} m, width {l.Width} m).", nameof(s));
        }

        if (direction is not (1 or -1))
        {
            throw new ArgumentException($"Pedestrian {id.Value}: direction {direction} must be +1 or −1.", nameof(direction));
        }

        PedestrianState state = NewState(world, seed, id, parameters);
        state.Lane = lane;
        state.S = s;
        state.T = t;
        state.Direction = direction;
        Pose2 p = map.Network.ToWorld(new LanePosition(lane, s, t));
        var pose = new ActorPose();
        ActorKinematics.Write(ref pose, p.X, p.Y, p.Heading + (direction < 0 ? Math.PI : 0), 0);
        return Create(world, id, state, new CrossingState { Crosswalk = -1, Direction = 1 }, pose);
    }

    /// <summary>A pedestrian waiting at end <paramref name="end"/> (0 = From, 1 = To) of crosswalk
    /// <paramref name="crosswalk"/> to cross to the other end.</summary>
    /// <exception cref="ArgumentException">No such crosswalk or end, or that end touches no sidewalk.</exception>
    public static Entity SpawnAtCrosswalk(World world, ulong seed, StableId id, int crosswalk, int end, WalkerParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        PedestrianMap map = PedestrianMap.For(world);
        if ((uint)crosswalk >= (uint)map.Crosswalks.Count || end is not (0 or 1))
        {
            throw new ArgumentException($"Pedestrian {id.Value}: crosswalk {crosswalk} end {end} does not exist (crosswalks 0–{map.Crosswalks.Count - 1}, ends 0 and 1).", nameof(crosswalk));
        }

        CrosswalkGeometry geometry = map.Crosswalks[crosswalk];
        CrosswalkEnd e = geometry.End(end);
        if (e.Lane < 0)
        {
            throw new ArgumentException($"Pedestrian {id.Value}: end {end} of crosswalk {crosswalk} touches no sidewalk.", nameof(end));
        }

        PedestrianState state = NewState(world, seed, id, parameters);
        state.Lane = e.Lane;
        state.S = e.S;
        state.T = e.T;
        state.Direction = 1;
        state.Activity = PedestrianActivity.WaitingToCross;
        int direction = end == 0 ? 1 : -1;
        (double x, double y) = geometry.PointAt(e.U);
        var pose = new ActorPose();
        ActorKinematics.Write(ref pose, x, y, geometry.Heading + (direction < 0 ? Math.PI : 0), 0);
        return Create(world, id, state, new CrossingState { Crosswalk = crosswalk, Direction = direction, U = e.U, Speed = state.DesiredSpeed }, pose);
    }

    /// <summary>A pedestrian standing at a world point (e.g. behind a parked van, ready to run out), facing
    /// <paramref name="heading"/> (rad, CCW from +x).</summary>
    /// <exception cref="ArgumentException">The point or heading is not finite, or a parameter is out of range.</exception>
    public static Entity SpawnStanding(World world, ulong seed, StableId id, double x, double y, double heading, WalkerParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        PedestrianMap map = PedestrianMap.For(world);
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(heading))
        {
            throw new ArgumentException($"Pedestrian {id.Value}: ({x}, {y}) heading {heading} is not finite.", nameof(x));
        }

        PedestrianState state = NewState(world, seed, id, parameters);
        state.Lane = -1;
        state.Direction = 1;
        state.Activity = PedestrianActivity.Standing;
        var pose = new ActorPose();
        ActorKinematics.Write(ref pose, x, y, heading, 0);
        Entity entity = Create(world, id, state, new CrossingState { Crosswalk = -1, Direction = 1 }, pose);
        world.Get<LaneOccupancy>(entity) = map.OccupancyAt(x, y);
        return entity;
    }

    /// <summary>The desired walking speed of pedestrian <paramref name="id"/> under <paramref name="seed"/>, m/s: a
    /// pure function of (seed, id, tick, parameters).</summary>
    public static double DrawDesiredSpeed(ulong seed, StableId id, long tick, WalkerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.DesiredSpeed is { } fixedSpeed)
        {
            return fixedSpeed;
        }

        RandomStream random = new CounterRng(seed).Stream(id.Value, PedestrianRandomStreams.Spawn, tick);
        for (int attempt = 0; attempt < 32; attempt++)
        {
            double v = random.Normal(parameters.MeanSpeed, parameters.SpeedStdDev);
            if (v >= parameters.MinSpeed && v <= parameters.MaxSpeed)
            {
                return v;
            }
        }

        return Math.Clamp(parameters.MeanSpeed, parameters.MinSpeed, parameters.MaxSpeed);
    }

    private static PedestrianState NewState(World world, ulong seed, StableId id, WalkerParameters? parameters)
    {
        parameters ??= new WalkerParameters();
        parameters.Validate();
        long tick = world.HasResource<SimulationClock>() ? world.GetResource<SimulationClock>().Tick : 0;
        return new PedestrianState
        {
            DesiredSpeed = DrawDesiredSpeed(seed, id, tick, parameters),
            CrossingProbability = parameters.CrossingProbability,
            StartUpAndClearance = parameters.StartUpAndClearance,
            Activity = PedestrianActivity.Walking,
            PendingCrosswalk = -1,
            PassedCrosswalk = -1,
        };
    }

    private static Entity Create(World world, StableId id, in PedestrianState state, in CrossingState crossing, in ActorPose pose)
    {
        Entity entity = world.Create(id, state, crossing, new PedestrianScript { Direction = 1 });
        world.Add(entity, ActorDimensions.Typical(ActorClass.Pedestrian));
        world.Add(entity, pose);
        world.Add(entity, new LaneOccupancy { Lane = -1 });
        return entity;
    }
}
