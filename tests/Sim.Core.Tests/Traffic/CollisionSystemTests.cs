using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Safety;
using static Sim.Core.Tests.Traffic.SafetyScenes;

namespace Sim.Core.Tests.Traffic;

/// <summary>New contacts are logged once, at the right tick, with the physics of the impact.</summary>
public class CollisionSystemTests
{
    private static Simulation Create(double dt = 0.05, CollisionOptions? options = null)
    {
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: dt));
        sim.AddSystem(Phase.Physics, new StraightLineMotion()).AddSystem(Phase.Events, new CollisionSystem(options));
        return sim;
    }

    [Fact]
    public void Two_cars_driven_head_on_into_each_other_give_one_event_at_the_tick_of_impact()
    {
        // Cars 4.5 m long, centres 100 m apart, closing at 10 + 15 m/s: the bumpers meet after 95.5 / 25 = 3.82 s,
        // so the state at the end of tick 76 (3.85 s) is the first that overlaps (tick 75 ends at 3.80 s, 0.5 m apart).
        Simulation sim = Create();
        AddActor(sim.World, 7, ActorClass.Car, 0, 0, 0, vx: 10);
        AddActor(sim.World, 3, ActorClass.Car, 100, 0, Math.PI, vx: -15);
        sim.Run(120); // they pass through each other by 4.18 s and drive apart: the contact lasts, then ends

        CollisionEvent e = Assert.Single(sim.World.GetManagedResource<CollisionLog>().Events);
        Assert.Equal(76, e.Tick);
        Assert.Equal(3.85, e.Time, 1e-12);
        Assert.Equal((3UL, 7UL), (e.IdA, e.IdB));
        Assert.Equal((ActorClass.Car, ActorClass.Car), (e.ClassA, e.ClassB));
        Assert.Equal(25, e.RelativeSpeed, 1e-9);

        // The shared region at 3.85 s: the car's front at 38.5 + 2.25 m, the other's rear at 100 − 57.75 − 2.25 m.
        Assert.Equal((40.0 + 40.75) / 2, e.X, 1e-9);
        Assert.Equal(0, e.Y, 1e-9);
        Assert.True(sim.World.GetManagedResource<CollisionLog>().ActiveContacts.IsEmpty);
    }

    [Fact]
    public void Cars_passing_a_tenth_of_a_metre_apart_give_no_event()
    {
        Simulation sim = Create();
        AddActor(sim.World, 1, ActorClass.Car, 0, 0, 0, vx: 10);
        AddActor(sim.World, 2, ActorClass.Car, 100, 1.8 + 0.1, Math.PI, vx: -15); // 0.1 m between the flanks
        sim.Run(200);
        Assert.Empty(sim.World.GetManagedResource<CollisionLog>().Events);
    }

    [Fact]
    public void A_turned_car_gliding_past_a_bumper_a_tenth_of_a_metre_away_gives_no_event_and_one_when_a_hair_closer()
    {
        foreach ((double clearance, int events) in new[] { (0.1, 0), (-0.001, 1) })
        {
            Simulation sim = Create();
            AddActor(sim.World, 1, ActorClass.Car, 0, 0, 0); // parked, front face at x = 2.25 m
            var turned = new OrientedBox(0, 0, 2.25, 0.9, Math.PI / 6);
            double reach = turned.ExtentX; // its half extent along x: it drives north with its nearest corner at x = 2.25 + clearance
            AddActor(sim.World, 2, ActorClass.Car, 2.25 + clearance + reach, -20, Math.PI / 6, vy: 8);
            sim.Run(100);
            Assert.Equal(events, sim.World.GetManagedResource<CollisionLog>().Events.Count);
        }
    }

    [Fact]
    public void Touching_counts_as_contact()
    {
        Simulation sim = Create();
        AddActor(sim.World, 1, ActorClass.Car, 0, 0, 0);
        AddActor(sim.World, 2, ActorClass.Car, 4.5, 0, 0); // bumper to bumper, exactly
        sim.Step();
        Assert.Single(sim.World.GetManagedResource<CollisionLog>().Events);
    }

    [Fact]
    public void A_contact_that_ends_and_starts_again_is_a_new_event()
    {
        Simulation sim = Create(dt: 0.1);
        AddActor(sim.World, 1, ActorClass.Car, 0, 0, 0);
        var other = AddActor(sim.World, 2, ActorClass.Car, 4, 0, 0); // overlapping from the start
        sim.Run(3);
        sim.World.Get<StraightLine>(other).X0 = 10; // moved away
        sim.Run(3);
        sim.World.Get<StraightLine>(other).X0 = 3; // and back
        sim.Run(3);
        CollisionLog log = sim.World.GetManagedResource<CollisionLog>();
        Assert.Equal([0L, 6L], log.Events.Select(e => e.Tick));
        Assert.Equal([new ContactPair(1, 2)], log.ActiveContacts.ToArray());
    }

    [Fact]
    public void Pedestrian_pairs_are_ignored_by_default_and_other_pairs_on_request()
    {
        static IEnumerable<(ulong, ulong)> Pairs(CollisionOptions? options)
        {
            Simulation sim = Create(options: options);
            AddActor(sim.World, 1, ActorClass.Pedestrian, 0, 0, 0);
            AddActor(sim.World, 2, ActorClass.Pedestrian, 0.3, 0, 0);
            AddActor(sim.World, 3, ActorClass.Car, 2.6, 0, 0);
            AddActor(sim.World, 4, ActorClass.Deer, 4.5, 0, 0);
            sim.Step();
            return sim.World.GetManagedResource<CollisionLog>().Events.Select(e => (e.IdA, e.IdB));
        }

        Assert.Equal([(2UL, 3UL), (3UL, 4UL)], Pairs(null));
        Assert.Equal([(1UL, 2UL), (2UL, 3UL), (3UL, 4UL)], Pairs(new CollisionOptions(IgnorePedestrianPairs: false)));
        Assert.Equal([(2UL, 3UL)], Pairs(new CollisionOptions(IgnoredClassPairs: [(ActorClass.Deer, ActorClass.Car)])));
    }

    [Fact]
    public void Events_within_a_tick_are_ordered_by_the_pair_ids_whatever_the_creation_order()
    {
        Simulation sim = Create();
        AddActor(sim.World, 50, ActorClass.Car, 0, 0, 0);
        AddActor(sim.World, 9, ActorClass.Car, 3, 0, 0);
        AddActor(sim.World, 30, ActorClass.Car, 100, 0, 0);
        AddActor(sim.World, 2, ActorClass.Car, 102, 0, 0);
        AddActor(sim.World, 40, ActorClass.Car, 50, 0, 0);
        AddActor(sim.World, 41, ActorClass.Car, 50, 1, 0);
        sim.Step();
        Assert.Equal([(2UL, 30UL), (9UL, 50UL), (40UL, 41UL)], sim.World.GetManagedResource<CollisionLog>().Events.Select(e => (e.IdA, e.IdB)));
    }

    [Fact]
    public void Bad_poses_fail_loudly_naming_the_actor()
    {
        Simulation sim = Create();
        AddActor(sim.World, 1, ActorClass.Car, 0, 0, 0);
        var bad = AddActor(sim.World, 77, ActorClass.Car, 0, 0, 0);
        sim.World.Get<StraightLine>(bad).X0 = double.NaN;
        var e = Assert.Throws<SimulationStepException>(sim.Step);
        Assert.Contains("StableId 77", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_size_outside_the_supported_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollisionSystem(new CollisionOptions(CellSize: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollisionSystem(new CollisionOptions(CellSize: double.NaN)));
    }
}
