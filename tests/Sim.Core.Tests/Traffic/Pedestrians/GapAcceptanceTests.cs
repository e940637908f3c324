using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class GapAcceptanceTests
{
    private const double CarSpeed = 14; // 50 km/h
    private static readonly WalkerParameters Walker = new(DesiredSpeed: 1.34, CrossingProbability: 1);

    public static TheoryData<int> CrossedLanes => [StreetFixture.EastFar, StreetFixture.EastNear, StreetFixture.WestNear, StreetFixture.WestFar];

    [Theory]
    [MemberData(nameof(CrossedLanes))]
    public void With_a_car_arriving_in_2_s_the_pedestrian_waits_until_it_has_passed(int lane)
    {
        Simulation sim = StreetFixture.Create(seed: 1);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 1, new StableId(1), crosswalk: 0, end: 0, Walker);
        Entity car = StreetFixture.AddCarArrivingIn(sim.World, lane, arrival: 2, CarSpeed);
        double carHalf = sim.World.Get<ActorBody>(car).Length / 2;
        bool passed = false;
        double committedAt = double.NaN;
        sim.RunFor(6, () =>
        {
            // The car's rear leaves the 3 m strip when s − L/2 > s_c + 1.5.
            passed |= sim.World.Get<LaneMotion>(car).S - carHalf > StreetFixture.CrossingS(lane) + 1.5;
            PedestrianActivity activity = sim.World.Get<PedestrianState>(ped).Activity;
            if (!passed)
            {
                Assert.Equal(PedestrianActivity.WaitingToCross, activity);
                Assert.False(sim.World.GetManagedResource<CrosswalkState>().Occupied[0]);
            }
            else if (double.IsNaN(committedAt) && activity == PedestrianActivity.Crossing)
            {
                committedAt = sim.Clock.Time;
            }
        });

        Assert.True(passed);
        // It steps off within one step of the car clearing the strip: (2 s + (4.5 + 3) m / 14 m/s) + dt.
        Assert.InRange(committedAt, 2 + (7.5 / CarSpeed), 2 + (7.5 / CarSpeed) + 0.1);
    }

    [Theory]
    [MemberData(nameof(CrossedLanes))]
    public void With_a_car_arriving_in_20_s_the_pedestrian_crosses_at_once(int lane)
    {
        Simulation sim = StreetFixture.Create(seed: 1);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 1, new StableId(1), crosswalk: 0, end: 0, Walker);
        StreetFixture.AddCarArrivingIn(sim.World, lane, arrival: 20, CarSpeed);
        sim.Step();
        Assert.Equal(PedestrianActivity.Crossing, sim.World.Get<PedestrianState>(ped).Activity);
        Assert.True(sim.World.GetManagedResource<CrosswalkState>().Occupied[0]);
    }

    [Fact]
    public void A_car_already_braking_to_a_stop_before_the_crosswalk_is_accepted_and_one_braking_too_softly_is_not()
    {
        foreach ((double deceleration, PedestrianActivity expected) in new[] { (-3.0, PedestrianActivity.Crossing), (-0.3, PedestrianActivity.WaitingToCross) })
        {
            Simulation sim = StreetFixture.Create(seed: 1);
            Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 1, new StableId(1), 0, 0, Walker);
            // 10 m/s, 30 m before the strip (3 s): braking at 3 m/s² stops it in 16.7 m; at 0.3 m/s² it would need 167 m.
            Entity car = StreetFixture.AddCarArrivingIn(sim.World, StreetFixture.EastNear, arrival: 3, speed: 10);
            sim.World.Get<LaneMotion>(car).Acceleration = deceleration;
            sim.World.Get<LaneMotion>(car).Speed = 10;
            sim.Step();
            Assert.Equal(expected, sim.World.Get<PedestrianState>(ped).Activity);
        }
    }

    /// <summary>
    /// The safety property gap acceptance exists for: a car that keeps its constant speed (never brakes) never touches
    /// a pedestrian that obeyed gap acceptance, whatever the car's arrival time, lane and the side the pedestrian
    /// starts from; and every pedestrian gets across. Both outcomes (crossing ahead of the car, waiting for it) occur.
    /// </summary>
    [Fact]
    public void A_pedestrian_obeying_gap_acceptance_is_never_inside_a_constant_speed_cars_box()
    {
        int ahead = 0, waited = 0;
        foreach (int lane in new[] { StreetFixture.EastFar, StreetFixture.EastNear, StreetFixture.WestNear, StreetFixture.WestFar })
        {
            foreach (int end in new[] { 0, 1 })
            {
                for (double arrival = 0.5; arrival <= 24; arrival += 1)
                {
                    (bool collided, bool crossedAhead, bool across) = CrossWithCar(lane, end, arrival, jaywalk: false);
                    Assert.False(collided, $"lane {lane}, from end {end}, car arriving in {arrival} s: the pedestrian was hit");
                    Assert.True(across, $"lane {lane}, from end {end}, car arriving in {arrival} s: the pedestrian never got across");
                    (crossedAhead ? ref ahead : ref waited)++;
                }
            }
        }

        Assert.True(ahead > 20 && waited > 20, $"{ahead} crossed ahead of the car, {waited} waited for it");
    }

    [Fact]
    public void The_collision_check_of_the_sweep_does_catch_a_pedestrian_that_ignores_the_gap()
    {
        // Same crossing, but jaywalking along the crosswalk's centre line regardless of the car.
        Assert.True(CrossWithCar(StreetFixture.EastNear, end: 0, arrival: 4, jaywalk: true).Collided);
        Assert.False(CrossWithCar(StreetFixture.EastNear, end: 0, arrival: 4, jaywalk: false).Collided);
    }

    private static (bool Collided, bool CrossedAhead, bool Across) CrossWithCar(int lane, int end, double arrival, bool jaywalk)
    {
        Simulation sim = StreetFixture.Create(seed: 2);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 2, new StableId(1), crosswalk: 0, end, Walker);
        Entity car = StreetFixture.AddCarArrivingIn(sim.World, lane, arrival, CarSpeed);
        if (jaywalk)
        {
            ActorPose at = sim.World.Get<ActorPose>(ped);
            new Jaywalk(ped, (at.X, at.Y), (at.X, -at.Y), 1.34).Apply(sim.World);
        }

        bool collided = false, committedBeforeCarPassed = false, carPassed = false;
        double carHalf = sim.World.Get<ActorBody>(car).Length / 2;
        sim.RunFor(40, () =>
        {
            collided |= Boxes.Overlap(sim.World.Get<ActorPose>(ped), sim.World.Get<ActorBody>(ped), sim.World.Get<ActorPose>(car), sim.World.Get<ActorBody>(car));
            carPassed |= sim.World.Get<LaneMotion>(car).S - carHalf > StreetFixture.CrossingS(lane) + 1.5;
            committedBeforeCarPassed |= !carPassed && sim.World.Get<PedestrianState>(ped).Activity == PedestrianActivity.Crossing;
        });

        PedestrianState state = sim.World.Get<PedestrianState>(ped);
        bool across = state.Activity == PedestrianActivity.Walking && state.Lane == (end == 0 ? StreetFixture.NorthSidewalk : StreetFixture.SouthSidewalk);
        return (collided, committedBeforeCarPassed, across);
    }
}
