using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>A traffic run resumed from a snapshot (new systems, fresh caches) continues exactly like the uninterrupted run.</summary>
public class TrafficResumeTests
{
    private static Simulation Junction(World? world = null)
    {
        IntersectionLayout layout = new SignalisedIntersection(LanesPerDirection: 2).Build();
        var options = new SimulationOptions(Seed: 21, Dt: 0.1, WorkerThreads: 2);
        Simulation sim = world is null ? new Simulation(options) : new Simulation(options, world);
        sim.World.SetManagedResource(layout.Network);
        sim.AddPedestrianSystems();
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        sim.AddSystem(Phase.Events, new CollisionSystem());
        if (world is null)
        {
            ulong id = 0;
            foreach (IntersectionArm arm in layout.Arms)
            {
                for (int k = 0; k < 8; k++)
                {
                    VehicleFactory.Spawn(sim.World, new VehicleSpec(ActorClass.Car), new LanePosition(arm.IncomingLanes[k % 2], 90 - ((k / 2) * 15.0), 0), 10, id++);
                }

                PedestrianSpawner.SpawnAtCrosswalk(sim.World, 21, new StableId(500 + id++), arm.Crosswalk, 0);
            }
        }

        return sim;
    }

    [Fact]
    public void A_resumed_junction_run_ends_with_the_uninterrupted_runs_world_hash()
    {
        Simulation straight = Junction();
        straight.Run(400);
        byte[] snapshot = straight.World.Snapshot();
        straight.Run(400);

        Simulation resumed = Junction(World.Restore(snapshot));
        resumed.Run(400);

        Assert.Equal(straight.World.ComputeHash(), resumed.World.ComputeHash());
        Assert.Equal(straight.World.GetManagedResource<CollisionLog>().Events.Where(e => e.Tick >= 400), resumed.World.GetManagedResource<CollisionLog>().Events);
    }
}
