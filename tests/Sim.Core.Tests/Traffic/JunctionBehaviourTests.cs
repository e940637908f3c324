using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Vehicles;

namespace Sim.Core.Tests.Traffic;

/// <summary>Signals, crosswalks, lane occupants, yielding and route choice, on small hand-built networks.</summary>
public class JunctionBehaviourTests
{
    private static readonly LaneSpec Urban = new(LaneKind.Driving, 3.5, 13.9);

    /// <summary>An approach road (200 m, signalised at its end) continuing straight onto an exit road.</summary>
    private static (RoadNetwork Network, int Approach, int Exit) SignalisedStraight(double cycle, double green)
    {
        var b = new RoadNetworkBuilder();
        Road approach = b.AddRoad("approach", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 200)), [Urban]);
        Road exit = b.AddRoad("exit", new ReferenceLine(new LineSegment(new Pose2(200, 0, 0), 300)), [Urban]);
        b.Connect(approach.Lanes[0].Id, exit.Lanes[0].Id);
        b.AddSignal(cycle, 0, [new SignalGroup([approach.Lanes[0].Id], 0, green, 3)]);
        return (b.Build(), approach.Lanes[0].Id, exit.Lanes[0].Id);
    }

    [Fact]
    public void Vehicles_stop_at_a_red_signal_and_go_on_green()
    {
        (RoadNetwork network, int approach, int exit) = SignalisedStraight(cycle: 60, green: 20);
        Simulation sim = TrafficTestWorlds.Simulation(network);
        sim.Run(230); // t = 23 s: yellow then red until t = 60
        Entity car = TrafficTestWorlds.Car(sim, approach, 20, 13, 1);
        double front = 0;
        while (sim.Clock.Time < 59.9)
        {
            sim.Step();
            LaneMotion m = sim.World.Get<LaneMotion>(car);
            Assert.Equal(approach, m.Lane); // never past the stop line on red
            front = m.S + 2.25;
        }

        Assert.InRange(front, 195, 200);
        Assert.Equal(0, sim.World.Get<LaneMotion>(car).Speed, 2);
        sim.Run(150); // green from t = 60 s
        Assert.Equal(exit, sim.World.Get<LaneMotion>(car).Lane);
    }

    [Fact]
    public void Vehicles_stop_before_an_occupied_crosswalk_and_go_when_it_clears()
    {
        var b = new RoadNetworkBuilder();
        Road road = b.AddRoad("street", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 400)), [Urban, new LaneSpec(LaneKind.Sidewalk, 2, 0)]);
        b.AddCrosswalk((150, 1), (150, -6), width: 3);
        RoadNetwork network = b.Build();
        Simulation sim = TrafficTestWorlds.Simulation(network);
        var state = new CrosswalkState(1);
        sim.World.SetManagedResource(state);
        state.Occupied[0] = true;
        Entity car = TrafficTestWorlds.Car(sim, road.Lanes[0].Id, 10, 13, 1);
        sim.Run(300);
        LaneMotion m = sim.World.Get<LaneMotion>(car);
        Assert.Equal(0, m.Speed, 2);
        Assert.InRange(m.S + 2.25, 145, 148.5); // front bumper before the 3 m strip centred at s = 150
        state.Occupied[0] = false;
        sim.Run(200);
        Assert.True(sim.World.Get<LaneMotion>(car).S > 200);
    }

    [Fact]
    public void Vehicles_brake_for_a_pedestrian_standing_in_the_lane()
    {
        Simulation sim = TrafficTestWorlds.Simulation(TrafficTestWorlds.Straight(1, 1000));
        Entity car = TrafficTestWorlds.Car(sim, 0, 0, 15, 1);
        Entity pedestrian = sim.World.Create(new StableId(99), new LaneOccupancy { Lane = 0, S = 300 }, ActorDimensions.Typical(ActorClass.Pedestrian));
        sim.Run(600);
        LaneMotion m = sim.World.Get<LaneMotion>(car);
        Assert.Equal(0, m.Speed, 2);
        double gap = 300 - m.S - 2.25 - 0.3;
        Assert.InRange(gap, 1.5, 3);
        Assert.True(sim.World.IsAlive(pedestrian));
    }

    /// <summary>Two approaches merge into one exit lane; the side road yields to the main road.</summary>
    [Fact]
    public void A_yielding_vehicle_waits_for_priority_traffic_and_they_never_overlap()
    {
        var b = new RoadNetworkBuilder();
        Road main = b.AddRoad("main", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 300)), [Urban]);
        Road side = b.AddRoad("side", new ReferenceLine(new LineSegment(new Pose2(300, -150, Math.PI / 2), 150 - 20), new ArcSegment(new Pose2(300, -20, Math.PI / 2), Math.PI / 2 * 20, -1 / 20.0)), [Urban]);
        Road exit = b.AddRoad("exit", new ReferenceLine(new LineSegment(new Pose2(320, 0, 0), 400)), [Urban]);
        _ = side;
        // Connector roads inside the junction: main continues straight 20 m; side turns right via its arc.
        Road mainLink = b.AddRoad("main-link", new ReferenceLine(new LineSegment(new Pose2(300, 0, 0), 20)), [Urban], junction: 0);
        b.Connect(main.Lanes[0].Id, mainLink.Lanes[0].Id).Connect(mainLink.Lanes[0].Id, exit.Lanes[0].Id).Connect(side.Lanes[0].Id, exit.Lanes[0].Id);
        b.Yield(side.Lanes[0].Id, mainLink.Lanes[0].Id);
        RoadNetwork network = b.Build();
        Assert.False(network.ConflictsYieldingOn(side.Lanes[0].Id).IsEmpty);

        // Sweep the priority car's start so that it arrives before, with and after the yielding car.
        int waited = 0;
        for (double start = 100; start <= 280; start += 10)
        {
            Simulation sim = TrafficTestWorlds.Simulation(network);
            Entity priority = TrafficTestWorlds.Car(sim, main.Lanes[0].Id, start, 13, 1);
            Entity yielding = TrafficTestWorlds.Car(sim, side.Lanes[0].Id, 70, 10, 2);
            double minDistance = double.MaxValue;
            bool stopped = false;
            for (int i = 0; i < 500 && sim.World.IsAlive(priority) && sim.World.IsAlive(yielding); i++)
            {
                sim.Step();
                if (!sim.World.IsAlive(priority) || !sim.World.IsAlive(yielding))
                {
                    break;
                }

                ActorPose a = sim.World.Get<ActorPose>(priority), c = sim.World.Get<ActorPose>(yielding);
                minDistance = Math.Min(minDistance, Math.Sqrt(((a.X - c.X) * (a.X - c.X)) + ((a.Y - c.Y) * (a.Y - c.Y))));
                stopped |= sim.World.Get<LaneMotion>(yielding).Speed < 1;
            }

            waited += stopped ? 1 : 0;
            Assert.True(minDistance > 5.5, $"start {start} m: the cars came within {minDistance:0.##} m of each other");
        }

        Assert.True(waited >= 2, $"the yielding car stopped in only {waited} of the runs: the sweep never forced it to give way");
    }

    [Fact]
    public void Route_choices_at_a_fork_are_random_per_vehicle_but_reproducible()
    {
        var b = new RoadNetworkBuilder();
        Road stem = b.AddRoad("stem", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 100)), [Urban]);
        Road left = b.AddRoad("left", new ReferenceLine(new ArcSegment(new Pose2(100, 0, 0), 50, 1 / 100.0)), [Urban]);
        Road right = b.AddRoad("right", new ReferenceLine(new ArcSegment(new Pose2(100, 0, 0), 50, -1 / 100.0)), [Urban]);
        b.Connect(stem.Lanes[0].Id, left.Lanes[0].Id).Connect(stem.Lanes[0].Id, right.Lanes[0].Id);
        RoadNetwork network = b.Build();

        int[] Choices(ulong seed)
        {
            Simulation sim = TrafficTestWorlds.Simulation(network, seed);
            return [.. Enumerable.Range(0, 400).Select(i => sim.World.Get<VehicleNav>(TrafficTestWorlds.Car(sim, stem.Lanes[0].Id, 10, 0, (ulong)i)).NextLane)];
        }

        int[] first = Choices(5);
        Assert.Equal(first, Choices(5));
        Assert.NotEqual(first, Choices(6));
        int lefts = first.Count(l => l == left.Lanes[0].Id);
        Assert.InRange(lefts, 160, 240); // binomial(400, 0.5): ±4 standard deviations
        Assert.Equal(400 - lefts, first.Count(l => l == right.Lanes[0].Id));
    }
}
