using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>Vehicles, pedestrians and the collision detector together on an urban block with crosswalks.</summary>
public class MixedTrafficTests
{
    private static (Simulation Sim, UrbanBlockLayout Layout) Block(ulong seed, int threads = 1)
    {
        UrbanBlockLayout layout = new UrbanBlock(CrosswalksPerSide: 2).Build();
        var sim = new Simulation(new SimulationOptions(seed, 0.1, threads));
        sim.World.SetManagedResource(layout.Network);
        sim.AddPedestrianSystems();
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        sim.AddSystem(Phase.Events, new CollisionSystem(new CollisionOptions()));
        ulong id = 0;
        foreach (BlockStreet street in layout.CounterClockwise.Concat(layout.Clockwise))
        {
            double road = layout.Network.Lanes[street.DrivingLanes[0]].Length, walk = layout.Network.Lanes[street.Sidewalk].Length;
            for (int k = 0; k < 3; k++)
            {
                VehicleFactory.Spawn(sim.World, new VehicleSpec(k == 2 ? ActorClass.Van : ActorClass.Car), new LanePosition(street.DrivingLanes[0], (k + 0.5) * road / 3, 0), 8, id++);
            }

            for (int k = 0; k < 6; k++)
            {
                PedestrianSpawner.SpawnWalker(sim.World, seed, new StableId(id++), street.Sidewalk, (k + 0.5) * walk / 6, k % 2 == 0 ? 1 : -1, 0, new WalkerParameters(CrossingProbability: 0.8));
            }
        }

        return (sim, layout);
    }

    [Fact]
    public void Pedestrians_crossing_among_traffic_never_touch_a_vehicle()
    {
        (Simulation sim, _) = Block(seed: 11);
        var crossed = new HashSet<Entity>();
        double slowest = double.MaxValue;
        for (int step = 0; step < 3000; step++) // 5 minutes
        {
            sim.Step();
            sim.World.Query(new QueryDescription().WithAll<PedestrianState>(), (Entity e, ref PedestrianState p) =>
            {
                if (p.Activity == PedestrianActivity.Crossing)
                {
                    crossed.Add(e);
                }
            });
            sim.World.Query(VehicleSystem.Vehicles, (ref LaneMotion m) => slowest = Math.Min(slowest, m.Speed));
        }

        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        Assert.True(log.Events.Count == 0, $"{log.Events.Count} collisions, first: {(log.Events.Count > 0 ? log.Events[0] : default)}");
        Assert.True(crossed.Count >= 20, $"only {crossed.Count} pedestrians crossed: the test proves little");
        Assert.True(slowest < 0.5, "no vehicle ever stopped for a pedestrian");
    }

    [Fact]
    public void A_scripted_run_out_in_front_of_a_car_is_reported_as_a_collision()
    {
        var b = new RoadNetworkBuilder();
        Road road = b.AddRoad("street", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 300)), [new(LaneKind.Driving, 3.5, 13.9), new(LaneKind.Sidewalk, 2, 0)]);
        var sim = new Simulation(new SimulationOptions(1, 0.05));
        sim.World.SetManagedResource(b.Build());
        sim.AddPedestrianSystems();
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        sim.AddSystem(Phase.Events, new CollisionSystem());
        Entity car = VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car), new LanePosition(road.Lanes[0].Id, 50, 0), 13, 1);
        Entity child = PedestrianSpawner.SpawnStanding(sim.World, 1, new StableId(2), 64, -4.4, Math.PI / 2);
        new RunOut(child, (64, 2), Speed: 3.5, Acceleration: 8).Apply(sim.World);
        sim.Run(60);

        CollisionEvent hit = Assert.Single(sim.World.GetManagedResource<CollisionLog>().Events);
        Assert.Equal((1UL, 2UL), (hit.IdA, hit.IdB));
        Assert.Equal((ActorClass.Car, ActorClass.Pedestrian), (hit.ClassA, hit.ClassB));
        Assert.True(hit.RelativeSpeed > 5, $"impact at {hit.RelativeSpeed:0.##} m/s");
        Assert.True(sim.World.IsAlive(car));
    }

    [Fact]
    public void Mixed_traffic_is_identical_for_1_and_4_worker_threads()
    {
        ulong Run(int threads)
        {
            (Simulation sim, _) = Block(seed: 5, threads);
            sim.Run(600);
            return sim.World.ComputeHash();
        }

        Assert.Equal(Run(1), Run(4));
    }
}
