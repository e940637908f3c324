using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Safety;
using static Sim.Core.Tests.Traffic.SafetyScenes;

namespace Sim.Core.Tests.Traffic;

/// <summary>Time headway, time to collision and the nearest distance of the ego, against hand-computed values.</summary>
public class EgoMetricsTests
{
    private static RoadNetwork TwoLaneRoad()
    {
        var builder = new RoadNetworkBuilder();
        builder.AddRoad("straight", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 1000)), [new(LaneKind.Driving, 3.5, 30), new(LaneKind.Driving, 3.5, 30)]);
        return builder.Build();
    }

    private static Simulation Create(RoadNetwork network, bool moving = false)
    {
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: 0.1));
        sim.World.SetManagedResource(network);
        if (moving)
        {
            sim.AddSystem(Phase.Physics, new LaneScriptMotion());
        }

        sim.AddSystem(Phase.Events, new EgoMetricsSystem());
        return sim;
    }

    [Fact]
    public void Follower_at_30_behind_a_leader_at_20_with_a_50_m_gap_has_TTC_5_s_and_headway_1_667_s()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network);
        AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 30, ego: true);
        AddLaneVehicle(sim.World, network, 2, lane: 0, s0: 100 + 50 + 4.5, speed: 20); // the leader: 50 m bumper to bumper
        AddLaneVehicle(sim.World, network, 3, lane: 0, s0: 300, speed: 0);             // further ahead: not the leader
        AddLaneVehicle(sim.World, network, 4, lane: 1, s0: 120, speed: 5);             // next lane: not the leader
        AddLaneVehicle(sim.World, network, 5, lane: 0, s0: 80, speed: 30);             // behind: not the leader
        sim.Step();

        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.True(m.Has(EgoMetricsFlags.Ego | EgoMetricsFlags.Leader | EgoMetricsFlags.Nearest));
        Assert.Equal(1UL, m.EgoId);
        Assert.Equal(2UL, m.LeaderId);
        Assert.Equal(50, m.LeaderGap, 1e-12);
        Assert.Equal(10, m.ClosingSpeed, 1e-12);
        Assert.Equal(5, m.TimeToCollision, 1e-12);
        Assert.Equal(50 / 30.0, m.TimeHeadway, 1e-12);
        Assert.Equal(1.667, m.TimeHeadway, 0.0005);

        // Nearest box: the follower 20 m behind (15.5 m bumper to bumper), not the car in the next lane
        // (15.5 m ahead and 1.7 m to the side, √(15.5² + 1.7²) m away).
        Assert.Equal(5UL, m.NearestId);
        Assert.Equal(15.5, m.NearestDistance, 1e-9);
        Assert.Equal(0.1, m.Time, 1e-12);
    }

    [Fact]
    public void A_faster_leader_gives_infinite_TTC_and_a_stopped_ego_infinite_headway()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network);
        Entity ego = AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 20, ego: true);
        AddLaneVehicle(sim.World, network, 2, lane: 0, s0: 134.5, speed: 25);
        sim.Step();
        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.Equal(double.PositiveInfinity, m.TimeToCollision);
        Assert.Equal(1.5, m.TimeHeadway, 1e-12);

        sim.World.Get<LaneMotion>(ego).Speed = 0;
        sim.Step();
        m = sim.World.GetResource<EgoMetrics>();
        Assert.Equal(double.PositiveInfinity, m.TimeHeadway);
        Assert.Equal(double.PositiveInfinity, m.TimeToCollision);
        Assert.Equal(1.5, m.MinTimeHeadway, 1e-12); // the running minimum remembers the first step
    }

    [Fact]
    public void Without_a_leader_TTC_and_headway_are_infinite_and_alone_the_distance_is_too()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network);
        AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 20, ego: true);
        sim.Step();
        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.Equal(EgoMetricsFlags.Ego, m.Flags);
        Assert.Equal(double.PositiveInfinity, m.TimeToCollision);
        Assert.Equal(double.PositiveInfinity, m.TimeHeadway);
        Assert.Equal(double.PositiveInfinity, m.NearestDistance);
    }

    [Fact]
    public void Closing_in_at_constant_speeds_TTC_falls_linearly_and_the_minimum_follows_it()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network, moving: true);
        AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 30, ego: true);
        AddLaneVehicle(sim.World, network, 2, lane: 0, s0: 154.5, speed: 20);
        for (int k = 0; k < 30; k++)
        {
            sim.Step();
            double t = (k + 1) * 0.1;
            EgoMetrics m = sim.World.GetResource<EgoMetrics>();
            Assert.Equal(5 - t, m.TimeToCollision, 1e-9);
            Assert.Equal(m.TimeToCollision, m.MinTimeToCollision);
            Assert.Equal(50 - (10 * t), m.NearestDistance, 1e-9);
            Assert.Equal(m.NearestDistance, m.MinDistance);
        }
    }

    [Fact]
    public void The_metrics_are_an_unmanaged_resource_that_survives_a_snapshot()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network);
        AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 30, ego: true);
        AddLaneVehicle(sim.World, network, 2, lane: 0, s0: 154.5, speed: 20);
        sim.Step();
        EgoMetrics restored = World.Restore(sim.World.Snapshot()).GetResource<EgoMetrics>();
        Assert.Equal(sim.World.GetResource<EgoMetrics>(), restored);
        Assert.Equal(5, restored.MinTimeToCollision, 1e-12);
    }

    [Fact]
    public void Without_an_ego_nothing_is_measured_and_two_egos_fail_loudly()
    {
        RoadNetwork network = TwoLaneRoad();
        Simulation sim = Create(network);
        AddLaneVehicle(sim.World, network, 1, lane: 0, s0: 100, speed: 20);
        sim.Step();
        Assert.Equal(EgoMetricsFlags.None, sim.World.GetResource<EgoMetrics>().Flags);

        AddLaneVehicle(sim.World, network, 2, lane: 0, s0: 200, speed: 20, ego: true);
        AddLaneVehicle(sim.World, network, 3, lane: 1, s0: 200, speed: 20, ego: true);
        var e = Assert.Throws<SimulationStepException>(sim.Step);
        Assert.Contains("StableId 2 and 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ego_without_a_stable_id_fails_loudly()
    {
        Simulation sim = Create(TwoLaneRoad());
        sim.World.Create(new Ego(), new ActorPose(), ActorDimensions.Typical(ActorClass.Car));
        var e = Assert.Throws<SimulationStepException>(sim.Step);
        Assert.Contains("lack ActorPose, ActorBody or StableId", e.Message, StringComparison.Ordinal);
    }
}
