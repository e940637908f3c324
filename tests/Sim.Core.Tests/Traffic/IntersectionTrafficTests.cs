using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Safety;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>Vehicles and pedestrians through the generated four-way signalised intersection.</summary>
public class IntersectionTrafficTests
{
    private static (Simulation Sim, IntersectionLayout Layout) Junction(ulong seed, int carsPerArm, int threads = 1)
    {
        IntersectionLayout layout = new SignalisedIntersection(LanesPerDirection: 2).Build();
        var sim = new Simulation(new SimulationOptions(seed, 0.1, threads));
        sim.World.SetManagedResource(layout.Network);
        sim.AddPedestrianSystems();
        sim.AddSystem(Phase.Physics, new VehicleSystem());
        sim.AddSystem(Phase.Events, new CollisionSystem());
        ulong id = 0;
        foreach (IntersectionArm arm in layout.Arms)
        {
            for (int k = 0; k < carsPerArm; k++)
            {
                int lane = arm.IncomingLanes[k % arm.IncomingLanes.Count];
                VehicleFactory.Spawn(sim.World, new VehicleSpec(k % 5 == 4 ? ActorClass.Bus : ActorClass.Car), new LanePosition(lane, 80 - ((k / arm.IncomingLanes.Count) * 14.0), 0), 8, id++);
            }

            PedestrianSpawner.SpawnAtCrosswalk(sim.World, seed, new StableId(1000 + id++), arm.Crosswalk, 0);
        }

        return (sim, layout);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    [InlineData(6UL)]
    [InlineData(7UL)]
    [InlineData(8UL)]
    [InlineData(9UL)]
    [InlineData(10UL)]
    [InlineData(11UL)]
    [InlineData(12UL)]
    public void Traffic_through_the_signalised_intersection_obeys_the_signal_and_never_collides(ulong seed)
    {
        (Simulation sim, IntersectionLayout layout) = Junction(seed, carsPerArm: 10);
        RoadNetwork network = layout.Network;
        var incoming = layout.Arms.SelectMany(a => a.IncomingLanes).ToHashSet();
        var wasBefore = new Dictionary<Entity, (int Lane, bool Before)>();
        int start = sim.World.CountEntities(VehicleSystem.Vehicles);
        for (int step = 0; step < 1800; step++) // three minutes: several signal cycles
        {
            double time = sim.Clock.Time;
            sim.Step();
            sim.World.Query(VehicleSystem.Vehicles, (Entity e, ref LaneMotion m, ref ActorBody body) =>
            {
                // The front bumper crossing a stop line must not happen on red.
                bool before = incoming.Contains(m.Lane) && m.S + (body.Length / 2) <= network.Lanes[m.Lane].Length;
                if (wasBefore.TryGetValue(e, out (int Lane, bool Before) previous) && previous.Before && !(before && m.Lane == previous.Lane)
                    && (m.Lane == previous.Lane || network.Lanes[previous.Lane].Successors.Contains(m.Lane)))
                {
                    Assert.True(network.SignalAt(previous.Lane, time) != SignalState.Red, $"{e} ran the red light from lane {previous.Lane} at t = {time:0.0} s");
                }

                wasBefore[e] = (m.Lane, before);
            });
        }

        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        Assert.True(log.Events.Count == 0, $"{log.Events.Count} collisions, first: {(log.Events.Count > 0 ? log.Events[0] : default)}");
        int left = sim.World.CountEntities(VehicleSystem.Vehicles);
        Assert.True(left < start / 4, $"{left} of {start} vehicles are still in the junction's approaches after three minutes");
    }

    [Fact]
    public void Start_crossing_sends_a_waiting_pedestrian_across_at_once_and_vehicles_stop_for_it()
    {
        (Simulation sim, IntersectionLayout layout) = Junction(seed: 4, carsPerArm: 0);
        Entity pedestrian = sim.World.GetEntities().First(e => sim.World.Has<PedestrianState>(e));
        Assert.Equal(PedestrianActivity.WaitingToCross, sim.World.Get<PedestrianState>(pedestrian).Activity);
        new StartCrossing(pedestrian, Speed: 1.5).Apply(sim.World);
        sim.Step();
        Assert.Equal(PedestrianActivity.Crossing, sim.World.Get<PedestrianState>(pedestrian).Activity);
        Assert.Contains(true, sim.World.GetManagedResource<CrosswalkState>().Occupied);
        var ex = Assert.Throws<InvalidOperationException>(() => new StartCrossing(pedestrian).Apply(sim.World));
        Assert.Contains("is Crossing, not waiting at a crosswalk", ex.Message, StringComparison.Ordinal);
    }
}
