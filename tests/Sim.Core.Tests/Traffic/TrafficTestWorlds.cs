using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>Small road networks and simulations for the vehicle tests.</summary>
internal static class TrafficTestWorlds
{
    /// <summary>A straight one-way road with <paramref name="lanes"/> driving lanes of 3.5 m.</summary>
    public static RoadNetwork Straight(int lanes, double length, double speedLimit = 40)
    {
        var builder = new RoadNetworkBuilder();
        builder.AddRoad("straight", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), length)), [.. Enumerable.Repeat(new LaneSpec(LaneKind.Driving, 3.5, speedLimit), lanes)]);
        return builder.Build();
    }

    /// <summary>A closed ring (the <see cref="RingRoad"/> generator): two straights and two half circles of radius
    /// <paramref name="radius"/>; each lane continues onto itself.</summary>
    public static RoadNetwork Ring(int lanes, double straight, double radius, double speedLimit = 40) =>
        new RingRoad(lanes, 3.5, speedLimit, (2 * straight) + (2 * Math.PI * radius), straight).Build().Network;

    public static Simulation Simulation(RoadNetwork network, ulong seed = 1, double dt = 0.1, int threads = 1, bool slowForCurves = true)
    {
        var sim = new Simulation(new SimulationOptions(seed, dt, threads));
        sim.World.SetManagedResource(network);
        sim.AddSystem(Phase.Physics, new VehicleSystem { CurveLateralAcceleration = slowForCurves ? CurveSpeedAdvisory.DefaultLateralAcceleration : double.PositiveInfinity });
        return sim;
    }

    public static Entity Car(Simulation sim, int lane, double s, double speed, ulong id, IdmParameters? idm = null, MobilParameters? mobil = null) =>
        VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car, Idm: idm, Mobil: mobil), new LanePosition(lane, s, 0), speed, id);

    /// <summary>Bumper-to-bumper gap from <paramref name="follower"/> to <paramref name="leader"/> on the same lane (ring: wraps).</summary>
    public static double Gap(World world, Entity follower, Entity leader)
    {
        RoadNetwork network = world.GetManagedResource<RoadNetwork>();
        LaneMotion f = world.Get<LaneMotion>(follower), l = world.Get<LaneMotion>(leader);
        double length = network.Lanes[f.Lane].Length;
        double ds = l.S - f.S;
        if (ds < 0)
        {
            ds += length;
        }

        return ds - ((world.Get<ActorBody>(follower).Length + world.Get<ActorBody>(leader).Length) / 2);
    }
}
