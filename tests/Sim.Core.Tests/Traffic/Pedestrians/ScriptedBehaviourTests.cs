using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class ScriptedBehaviourTests
{
    private const double Dt = 0.05;

    [Fact]
    public void Jaywalk_walks_to_the_given_place_then_crosses_straight_at_the_given_speed_ignoring_a_close_car_and_walks_on()
    {
        Simulation sim = StreetFixture.Create(seed: 21);
        Entity ped = PedestrianSpawner.SpawnWalker(sim.World, 21, new StableId(1), StreetFixture.SouthSidewalk, 100, 1,
            parameters: new WalkerParameters(DesiredSpeed: 1.4, CrossingProbability: 0));
        sim.RunFor(1); // at (101.4, −8)
        Entity car = StreetFixture.AddCar(sim.World, StreetFixture.EastFar, s: 80, speed: 14); // front at 82.25 m: 1.4 s from x = 103

        new Jaywalk(ped, (103, -7), (103, 7.5), Speed: 2.0).Apply(sim.World);
        double approach = Math.Sqrt((1.6 * 1.6) + 1); // 1.887 m at 1.4 m/s = 1.348 s
        double t0 = sim.Clock.Time, tA = t0 + (approach / 1.4);
        bool onRoadWithCarClose = false;
        sim.RunFor(12, () =>
        {
            double t = sim.Clock.Time;
            ActorPose pose = sim.World.Get<ActorPose>(ped);
            if (t > tA + Dt && t < tA + (14.5 / 2.0) - Dt)
            {
                Assert.Equal(103, pose.X, 1e-9);
                Assert.Equal(-7 + (2.0 * (t - tA)), pose.Y, 0.11); // one step of 2 m/s plus 1 cm
                Assert.Equal(2.0, pose.Vy, 1e-9);
                onRoadWithCarClose |= pose.Y > -7 && sim.World.Get<ActorPose>(car).X < 103 && sim.World.Get<ActorPose>(car).X > 95;
            }
        });

        Assert.True(onRoadWithCarClose);
        PedestrianState state = sim.World.Get<PedestrianState>(ped);
        Assert.Equal(PedestrianActivity.Walking, state.Activity);
        Assert.Equal(StreetFixture.NorthSidewalk, state.Lane);
    }

    [Fact]
    public void Run_out_stands_still_then_accelerates_to_running_speed_towards_the_target()
    {
        Simulation sim = StreetFixture.Create(seed: 22);
        // Behind a parked van on the kerb, facing the road.
        Entity ped = PedestrianSpawner.SpawnStanding(sim.World, 22, new StableId(2), 200, -7.2, Math.PI / 2);
        sim.RunFor(2, () =>
        {
            ActorPose p = sim.World.Get<ActorPose>(ped);
            Assert.Equal((200.0, -7.2, 0.0, 0.0), (p.X, p.Y, p.Vx, p.Vy));
        });

        const double v = 3.5, a = 4.0;
        new RunOut(ped, (200, 7.5), v, a).Apply(sim.World);
        double t0 = sim.Clock.Time, tv = v / a; // full speed after 0.875 s, 1.53 m
        bool sawLane = false;
        sim.RunFor(5, () => // 1.53 m accelerating, then 13.17 m at 3.5 m/s: across after 4.64 s
        {
            double t = sim.Clock.Time - t0;
            double expected = t < tv ? 0.5 * a * t * t : (0.5 * a * tv * tv) + (v * (t - tv));
            ActorPose p = sim.World.Get<ActorPose>(ped);
            if (-7.2 + expected < 7.4)
            {
                // Semi-implicit Euler leads the exact curve by a·dt·t/2 ≤ 0.09 m during the acceleration.
                Assert.Equal(-7.2 + expected, p.Y, 0.1);
                Assert.Equal(200, p.X, 1e-9);
                Assert.Equal(Math.Min(v, a * t), p.Vy, 0.2 + 1e-9);
                sawLane |= sim.World.Get<LaneOccupancy>(ped).Lane >= 0;
            }
        });

        Assert.True(sawLane);
        Assert.Equal(PedestrianActivity.Walking, sim.World.Get<PedestrianState>(ped).Activity);
        Assert.Equal(StreetFixture.NorthSidewalk, sim.World.Get<PedestrianState>(ped).Lane);
    }

    [Fact]
    public void Stop_in_lane_walks_to_the_lane_position_and_stands_there()
    {
        Simulation sim = StreetFixture.Create(seed: 23);
        Entity ped = PedestrianSpawner.SpawnWalker(sim.World, 23, new StableId(3), StreetFixture.SouthSidewalk, 300, 1,
            parameters: new WalkerParameters(DesiredSpeed: 1.3, CrossingProbability: 0));
        new StopInLane(ped, new LanePosition(StreetFixture.EastFar, 302, 0)).Apply(sim.World);
        double distance = Math.Sqrt(4 + (2.75 * 2.75)); // from (300, −8) to (302, −5.25): 3.4 m, 2.6 s
        sim.RunFor(distance / 1.3 - 0.1);
        Assert.Equal(PedestrianActivity.Scripted, sim.World.Get<PedestrianState>(ped).Activity);
        sim.RunFor(0.2);
        for (int k = 0; k < 10; k++)
        {
            ActorPose p = sim.World.Get<ActorPose>(ped);
            Assert.Equal(302, p.X, 0.01);
            Assert.Equal(-5.25, p.Y, 0.01);
            Assert.Equal((0.0, 0.0), (p.Vx, p.Vy));
            Assert.Equal(PedestrianActivity.Standing, sim.World.Get<PedestrianState>(ped).Activity);
            LaneOccupancy occupancy = sim.World.Get<LaneOccupancy>(ped);
            Assert.Equal(StreetFixture.EastFar, occupancy.Lane);
            Assert.Equal(302, occupancy.S, 0.01);
            sim.RunFor(1);
        }
    }

    [Fact]
    public void Turn_back_mid_crossing_walks_back_to_the_kerb_it_came_from_keeping_the_crosswalk_occupied_until_then()
    {
        Simulation sim = StreetFixture.Create(seed: 24);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 24, new StableId(4), 0, 0, new WalkerParameters(DesiredSpeed: 1.3, CrossingProbability: 1));
        while (sim.World.Get<ActorPose>(ped).Y < -1.6)
        {
            sim.Step();
        }

        double y0 = sim.World.Get<ActorPose>(ped).Y, t0 = sim.Clock.Time;
        new TurnBack(ped).Apply(sim.World);
        bool back = false;
        sim.RunFor(8, () =>
        {
            double t = sim.Clock.Time - t0;
            ActorPose p = sim.World.Get<ActorPose>(ped);
            PedestrianState state = sim.World.Get<PedestrianState>(ped);
            bool occupied = sim.World.GetManagedResource<CrosswalkState>().Occupied[0];
            back |= state.Activity == PedestrianActivity.Walking;
            if (!back)
            {
                Assert.Equal(Math.Max(-8, y0 - (1.3 * t)), p.Y, 0.07);
                Assert.True(occupied);
                Assert.Equal(-1.3, p.Vy, 1e-9);
            }
            else
            {
                Assert.False(occupied);
                Assert.Equal(StreetFixture.SouthSidewalk, state.Lane);
            }
        });

        Assert.True(back);
    }

    [Fact]
    public void Actions_refuse_entities_that_are_not_pedestrians_and_speeds_out_of_range()
    {
        Simulation sim = StreetFixture.Create(seed: 25);
        Entity car = StreetFixture.AddCar(sim.World, 0, 10, 10);
        Entity ped = PedestrianSpawner.SpawnStanding(sim.World, 25, new StableId(5), 10, -8, 0);
        Assert.Throws<ArgumentException>(() => new RunOut(car, (0, 0)).Apply(sim.World));
        Assert.Throws<ArgumentException>(() => new Jaywalk(ped, (0, 0), (0, 1), Speed: 0).Apply(sim.World));
        Assert.Throws<ArgumentException>(() => new StopInLane(ped, new LanePosition(999, 0, 0)).Apply(sim.World));
        sim.World.Destroy(ped);
        Assert.Throws<EntityNotAliveException>(() => new TurnBack(ped).Apply(sim.World));
    }
}
