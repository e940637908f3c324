using Sim.Core.Kernel;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Safety;
using static Sim.Core.Tests.Traffic.SafetyScenes;

namespace Sim.Core.Tests.Traffic;

/// <summary>
/// Post-encroachment time at a crossing: an eastbound lane with priority and a northbound lane that yields, crossing at
/// (1.75, −1.75). The conflict area on each lane is the 6 m where the other lane's centre line is closer than 3 m.
/// Vehicles (4.5 m cars) move at constant speeds, so the instants they enter (front reaches the area) and leave (rear
/// passes its end) are known in closed form and PET is exact up to rounding.
/// </summary>
public class PostEncroachmentTests
{
    private const double Dt = 0.05;
    private const double Half = 2.25;

    /// <summary>Length of the conflict area on each lane: ±3 m around the crossing.</summary>
    private const double Area = 2 * RoadNetworkBuilder.VehicleConflictDistance;

    /// <summary>Time a car at <paramref name="speed"/> spends in the area, front in to rear out.</summary>
    private static double Occupancy(double speed) => (4.5 + Area) / speed;

    private static readonly RoadNetwork Crossing = BuildCrossing();

    private static int East => 0;

    private static int North => 1;

    private static ConflictPoint Conflict => Crossing.Conflicts[0];

    private static RoadNetwork BuildCrossing()
    {
        var builder = new RoadNetworkBuilder();
        builder.AddRoad("east", new ReferenceLine(new LineSegment(new Pose2(-60, 0, 0), 120)), [new(LaneKind.Driving, 3.5, 20)]);
        builder.AddRoad("north", new ReferenceLine(new LineSegment(new Pose2(0, -60, Math.PI / 2), 120)), [new(LaneKind.Driving, 3.5, 20)]);
        builder.Yield(yielding: 1, priority: 0);
        return builder.Build();
    }

    /// <summary>s at time 0 for a vehicle at <paramref name="speed"/> whose front reaches <paramref name="at"/> at <paramref name="enter"/>.</summary>
    private static double StartFor(double at, double speed, double enter) => at - Half - (speed * enter);

    private static (Simulation Sim, PostEncroachmentLog Log) Run(Action<Simulation> populate, double seconds = 9)
    {
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: Dt));
        sim.World.SetManagedResource(Crossing);
        sim.AddSystem(Phase.Physics, new LaneScriptMotion()).AddSystem(Phase.Events, new EgoMetricsSystem());
        populate(sim);
        sim.Run((long)Math.Round(seconds / Dt));
        return (sim, sim.World.GetManagedResource<PostEncroachmentLog>());
    }

    [Fact]
    public void The_conflict_area_surrounds_where_the_lane_centres_cross()
    {
        Assert.Equal((North, East), (Conflict.Yielding, Conflict.Priority));
        Assert.Equal(61.75 - 3, Conflict.PriorityS, 0.001);
        Assert.Equal(61.75 + 3, Conflict.PriorityEndS, 0.001);
        Assert.Equal(58.25 - 3, Conflict.YieldingS, 0.001);
        Assert.Equal(58.25 + 3, Conflict.YieldingEndS, 0.001);
    }

    [Fact]
    public void Ego_leaving_1_3_s_before_the_other_vehicle_enters_gives_PET_1_3_s()
    {
        // The ego (priority lane, 10 m/s) leaves at 3.013 s: it enters (4.5 m + 6 m) / 10 m/s = 1.05 s earlier.
        // The other car (yielding lane, 8 m/s) enters at 4.313 s.
        (Simulation sim, PostEncroachmentLog log) = Run(sim =>
        {
            AddLaneVehicle(sim.World, Crossing, 1, East, StartFor(Conflict.PriorityS, 10, 3.013 - Occupancy(10)), 10, ego: true);
            AddLaneVehicle(sim.World, Crossing, 2, North, StartFor(Conflict.YieldingS, 8, 4.313), 8);
        });

        PostEncroachment p = Assert.Single(log.Encounters);
        Assert.Equal(1.3, p.Seconds, 1e-9);
        Assert.True(p.EgoFirst);
        Assert.True(p.EgoOnPriorityLane);
        Assert.Equal((0, 1UL, 2UL), (p.Conflict, p.EgoId, p.OtherId));
        Assert.Equal((long)Math.Floor(4.313 / Dt), p.Tick); // seen in the state at the end of the step it entered in
        EgoMetrics m = sim.World.GetResource<EgoMetrics>();
        Assert.Equal(1.3, m.LastPostEncroachmentTime, 1e-9);
        Assert.Equal(1.3, m.MinPostEncroachmentTime, 1e-9);
        Assert.Equal(1, m.Encounters);
    }

    [Fact]
    public void Ego_entering_0_7_s_after_the_last_of_two_others_left_gives_PET_0_7_s_to_the_last_one()
    {
        // Ego on the yielding lane at 6 m/s enters at 5.021 s. Others on the priority lane at 12 m/s: the first leaves at
        // 2.5 s, the second at 4.321 s (each is in the area for 10.5 m / 12 m/s = 0.875 s).
        (_, PostEncroachmentLog log) = Run(sim =>
        {
            AddLaneVehicle(sim.World, Crossing, 10, North, StartFor(Conflict.YieldingS, 6, 5.021), 6, ego: true);
            AddLaneVehicle(sim.World, Crossing, 11, East, StartFor(Conflict.PriorityS, 12, 2.5 - Occupancy(12)), 12);
            AddLaneVehicle(sim.World, Crossing, 12, East, StartFor(Conflict.PriorityS, 12, 4.321 - Occupancy(12)), 12);
        });

        PostEncroachment p = Assert.Single(log.Encounters);
        Assert.Equal(0.7, p.Seconds, 1e-9);
        Assert.False(p.EgoFirst);
        Assert.False(p.EgoOnPriorityLane);
        Assert.Equal(12UL, p.OtherId);
    }

    [Fact]
    public void Vehicles_in_the_conflict_area_at_the_same_time_give_PET_0()
    {
        (_, PostEncroachmentLog log) = Run(sim =>
        {
            AddLaneVehicle(sim.World, Crossing, 1, East, StartFor(Conflict.PriorityS, 10, 3.0), 10, ego: true);
            AddLaneVehicle(sim.World, Crossing, 2, North, StartFor(Conflict.YieldingS, 10, 3.2), 10);
        });

        PostEncroachment p = Assert.Single(log.Encounters);
        Assert.Equal(0, p.Seconds);
        Assert.True(p.EgoFirst);
    }

    [Fact]
    public void Passages_further_apart_than_the_horizon_are_no_encounter()
    {
        (Simulation sim, PostEncroachmentLog log) = Run(
            sim =>
            {
                AddLaneVehicle(sim.World, Crossing, 1, East, StartFor(Conflict.PriorityS, 10, 0.5), 10, ego: true);
                AddLaneVehicle(sim.World, Crossing, 2, North, StartFor(Conflict.YieldingS, 10, 12.0), 10); // 10.45 s after the ego left
            },
            seconds: 13);
        Assert.Empty(log.Encounters);
        Assert.Equal(double.PositiveInfinity, sim.World.GetResource<EgoMetrics>().MinPostEncroachmentTime);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.1)]
    [InlineData(0.02)]
    public void PET_does_not_depend_on_the_time_step(double dt)
    {
        var sim = new Simulation(new SimulationOptions(Seed: 1, Dt: dt));
        sim.World.SetManagedResource(Crossing);
        sim.AddSystem(Phase.Physics, new LaneScriptMotion()).AddSystem(Phase.Events, new EgoMetricsSystem());
        AddLaneVehicle(sim.World, Crossing, 1, North, StartFor(Conflict.YieldingS, 7, 2.0 - Occupancy(7)), 7, ego: true); // leaves at 2.0 s
        AddLaneVehicle(sim.World, Crossing, 2, East, StartFor(Conflict.PriorityS, 13, 2.987), 13);
        sim.Run((long)Math.Round(5 / dt));
        Assert.Equal(0.987, Assert.Single(sim.World.GetManagedResource<PostEncroachmentLog>().Encounters).Seconds, 1e-9);
    }

    [Fact]
    public void Measuring_allocates_nothing_once_warm()
    {
        var world = new Sim.Core.Ecs.World();
        world.SetResource(new SimulationClock(Dt));
        world.SetManagedResource(Crossing);
        var context = new SystemContext(world, seed: 1);
        var motion = new LaneScriptMotion();
        var metrics = new EgoMetricsSystem();
        AddLaneVehicle(world, Crossing, 1, East, 10, 10, ego: true);
        for (int i = 0; i < 200; i++)
        {
            AddLaneVehicle(world, Crossing, (ulong)(2 + i), i % 2 == 0 ? East : North, i * 0.6, 5 + (i % 7));
        }

        for (int k = 0; k < 4; k++) // warm: the first steps grow the buffers
        {
            motion.Update(context);
            metrics.Update(context);
            world.GetResource<SimulationClock>().Tick++;
        }

        long allocated = SteadyAllocation.LeastOfWindows(windows: 3, steps: 32, unmeasured: () => motion.Update(context), measured: () =>
        {
            metrics.Update(context);
            world.GetResource<SimulationClock>().Tick++;
        }, allWindows: true);

        int encounters = world.GetManagedResource<PostEncroachmentLog>().Encounters.Count;
        Assert.InRange(encounters, 1, 64); // the log has room for 64 before it grows
        Assert.Equal(0, allocated);
    }
}
