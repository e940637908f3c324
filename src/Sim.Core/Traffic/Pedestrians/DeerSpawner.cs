using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Creates crossing deer: <see cref="StableId"/>, <see cref="DeerCrossing"/>, <see cref="ActorBody"/>
/// (<see cref="ActorClass.Deer"/>), <see cref="ActorPose"/> and <see cref="LaneOccupancy"/>. Random draws come from
/// <see cref="PedestrianRandomStreams.DeerSpawn"/> keyed by the stable id and the clock's tick (0 without a clock).</summary>
public static class DeerSpawner
{
    /// <summary>A deer standing on the verge at <paramref name="from"/>, to cross to <paramref name="to"/> (world frame, m).</summary>
    /// <exception cref="ArgumentException">A point is not finite, the two coincide, or a parameter is out of range.</exception>
    public static Entity Spawn(World world, ulong seed, StableId id, (double X, double Y) from, (double X, double Y) to, DeerParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        parameters ??= new DeerParameters();
        parameters.Validate();
        double dx = to.X - from.X, dy = to.Y - from.Y;
        if (!double.IsFinite(dx) || !double.IsFinite(dy) || (dx * dx) + (dy * dy) < 0.01)
        {
            throw new ArgumentException($"Deer {id.Value}: path {from} → {to} must join two finite points at least 0.1 m apart.", nameof(to));
        }

        long tick = world.HasResource<SimulationClock>() ? world.GetResource<SimulationClock>().Tick : 0;
        RandomStream random = new CounterRng(seed).Stream(id.Value, PedestrianRandomStreams.DeerSpawn, tick);
        double start = parameters.StartTime ?? random.Uniform(parameters.EarliestStart, parameters.LatestStart);
        double speed = random.Uniform(parameters.MinSpeed, parameters.MaxSpeed);
        var deer = new DeerCrossing
        {
            StartTime = start,
            FromX = from.X, FromY = from.Y, ToX = to.X, ToY = to.Y,
            CruiseSpeed = speed,
            Acceleration = parameters.Acceleration,
            HesitationRate = parameters.HesitationRate,
            MinHesitation = parameters.MinHesitation,
            MaxHesitation = parameters.MaxHesitation,
            LeaveDistance = parameters.LeaveDistance,
            Phase = DeerPhase.Waiting,
        };
        var pose = new ActorPose();
        ActorKinematics.Write(ref pose, from.X, from.Y, Math.Atan2(dy, dx), 0);
        Entity entity = world.Create(id, deer, pose, new LaneOccupancy { Lane = -1 });
        world.Add(entity, ActorDimensions.Typical(ActorClass.Deer));
        if (world.HasResource<Sim.Core.Traffic.Roads.RoadNetwork>())
        {
            world.Get<LaneOccupancy>(entity) = PedestrianMap.For(world).OccupancyAt(from.X, from.Y);
        }

        return entity;
    }
}
