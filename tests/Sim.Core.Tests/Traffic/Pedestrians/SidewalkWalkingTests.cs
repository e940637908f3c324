using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Random;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class SidewalkWalkingTests
{
    private static readonly WalkerParameters NeverCross = new(CrossingProbability: 0);

    [Fact]
    public void A_pedestrian_on_a_straight_sidewalk_covers_speed_times_time_within_one_percent()
    {
        Simulation sim = StreetFixture.Create(seed: 7);
        Entity ped = PedestrianSpawner.SpawnWalker(sim.World, 7, new StableId(1), StreetFixture.SouthSidewalk, s: 10, direction: 1, parameters: NeverCross);
        double speed = sim.World.Get<PedestrianState>(ped).DesiredSpeed;
        double path = 0;
        ActorPose last = sim.World.Get<ActorPose>(ped);
        sim.RunFor(60, () =>
        {
            ActorPose now = sim.World.Get<ActorPose>(ped);
            path += Math.Sqrt(((now.X - last.X) * (now.X - last.X)) + ((now.Y - last.Y) * (now.Y - last.Y)));
            last = now;
        });

        double expected = speed * 60;
        Assert.InRange(path, expected * 0.99, expected * 1.01);
        Assert.InRange(sim.World.Get<PedestrianState>(ped).S - 10, expected * 0.99, expected * 1.01);
        Assert.Equal(speed, Math.Sqrt((last.Vx * last.Vx) + (last.Vy * last.Vy)), 1e-9);
        Assert.Equal(0, last.Heading, 1e-9); // walking east along the lane
    }

    [Fact]
    public void On_a_curved_sidewalk_the_walked_path_is_speed_times_time_within_one_percent()
    {
        // Left-turning arc of radius 50 m; the sidewalk centre is 4.5 m to the right, on a 54.5 m radius, so s
        // (measured on the reference line) advances 9 % slower than the walker.
        var builder = new RoadNetworkBuilder();
        builder.AddRoad("bend", new ReferenceLine(new ArcSegment(new Pose2(0, 0, 0), 150, 1 / 50.0)),
            [new(LaneKind.Driving, 3.5, 14), new(LaneKind.Sidewalk, 2.0, 0)]);
        var sim = new Simulation(new SimulationOptions(3, 0.05));
        sim.World.SetManagedResource(builder.Build());
        sim.AddPedestrianSystems();
        Entity ped = PedestrianSpawner.SpawnWalker(sim.World, 3, new StableId(9), lane: 1, s: 5, direction: 1, parameters: NeverCross);
        double speed = sim.World.Get<PedestrianState>(ped).DesiredSpeed;
        double path = 0;
        ActorPose last = sim.World.Get<ActorPose>(ped);
        sim.RunFor(60, () =>
        {
            ActorPose now = sim.World.Get<ActorPose>(ped);
            path += Math.Sqrt(((now.X - last.X) * (now.X - last.X)) + ((now.Y - last.Y) * (now.Y - last.Y)));
            last = now;
        });

        Assert.InRange(path, speed * 60 * 0.99, speed * 60 * 1.01);
        double arc = (sim.World.Get<PedestrianState>(ped).S - 5) * 54.5 / 50;
        Assert.InRange(arc, speed * 60 * 0.99, speed * 60 * 1.01);
    }

    [Fact]
    public void Sidewalk_walkers_never_enter_drivable_lanes()
    {
        Simulation sim = StreetFixture.Create(seed: 11);
        RoadNetwork network = sim.World.GetManagedResource<RoadNetwork>();
        int[] sidewalks = [StreetFixture.SouthSidewalk, StreetFixture.NorthSidewalk, StreetFixture.East2Sidewalk];
        var peds = new List<Entity>();
        for (int i = 0; i < 120; i++)
        {
            RandomStream r = new CounterRng(11).Stream((ulong)i, 99, 0);
            int lane = sidewalks[r.NextInt(3)];
            double length = network.Lanes[lane].Length;
            // Half of them near a lane end, so that turning around and walking on are exercised.
            double s = r.Bernoulli(0.5) ? r.Uniform(0, length) : (r.Bernoulli(0.5) ? r.Uniform(0, 20) : r.Uniform(length - 20, length));
            peds.Add(PedestrianSpawner.SpawnWalker(sim.World, 11, new StableId((ulong)i), lane, s, r.Bernoulli(0.5) ? 1 : -1, r.Uniform(-0.6, 0.6), NeverCross));
        }

        int checks = 0, onSidewalk = 0;
        sim.RunFor(90, () =>
        {
            if (sim.Clock.Tick % 4 != 0)
            {
                return;
            }

            foreach (Entity ped in peds)
            {
                Assert.Equal(PedestrianActivity.Walking, sim.World.Get<PedestrianState>(ped).Activity);
                Assert.Equal(-1, sim.World.Get<LaneOccupancy>(ped).Lane);
                ActorPose pose = sim.World.Get<ActorPose>(ped);
                ActorBody body = sim.World.Get<ActorBody>(ped);
                (double sin, double cos) = Math.SinCos(pose.Heading);
                foreach ((double f, double l) in new[] { (1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0) })
                {
                    double x = pose.X + (f * body.Length / 2 * cos) - (l * body.Width / 2 * sin);
                    double y = pose.Y + (f * body.Length / 2 * sin) + (l * body.Width / 2 * cos);
                    // A corner may stick out past the dead end of a sidewalk (on no lane), never onto a drivable lane.
                    if (network.TryToLane(x, y, out LanePosition at))
                    {
                        Assert.Equal(LaneKind.Sidewalk, network.Lanes[at.Lane].Kind);
                        onSidewalk++;
                    }

                    checks++;
                }
            }
        });

        Assert.True(checks > 100_000);
        Assert.True(onSidewalk > 0.99 * checks);
    }

    [Fact]
    public void At_a_sidewalk_end_a_walker_walks_on_onto_the_touching_sidewalk_or_turns_around_at_a_dead_end()
    {
        Simulation sim = StreetFixture.Create(seed: 5);
        var fixedSpeed = new WalkerParameters(CrossingProbability: 0, DesiredSpeed: 1.0);
        Entity onward = PedestrianSpawner.SpawnWalker(sim.World, 5, new StableId(1), StreetFixture.SouthSidewalk, 795, 1, parameters: fixedSpeed);
        Entity deadEnd = PedestrianSpawner.SpawnWalker(sim.World, 5, new StableId(2), StreetFixture.NorthSidewalk, 2, -1, parameters: fixedSpeed);
        sim.RunFor(10);

        PedestrianState a = sim.World.Get<PedestrianState>(onward);
        Assert.Equal(StreetFixture.East2Sidewalk, a.Lane);
        Assert.Equal(1, a.Direction);
        Assert.Equal(5.0, a.S, 0.01); // 10 m walked, 5 of them on the next road
        PedestrianState b = sim.World.Get<PedestrianState>(deadEnd);
        Assert.Equal(StreetFixture.NorthSidewalk, b.Lane);
        Assert.Equal(1, b.Direction);
        Assert.Equal(8.0, b.S, 0.01); // 2 m to the end, then 8 m back
    }
}
