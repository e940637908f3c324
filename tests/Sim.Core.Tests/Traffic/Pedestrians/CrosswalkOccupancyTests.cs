using Sim.Core.Ecs;
using Sim.Core.Kernel;
using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic.Pedestrians;

public class CrosswalkOccupancyTests
{
    private static readonly WalkerParameters Walker = new(DesiredSpeed: 1.3, CrossingProbability: 1);

    [Fact]
    public void The_crosswalk_is_occupied_exactly_while_the_pedestrian_crosses_it()
    {
        Simulation sim = StreetFixture.Create(seed: 4);
        RoadNetwork network = sim.World.GetManagedResource<RoadNetwork>();
        // Walks up to the crosswalk along the south sidewalk, then crosses (no traffic), then walks on.
        Entity ped = PedestrianSpawner.SpawnWalker(sim.World, 4, new StableId(3), StreetFixture.SouthSidewalk, StreetFixture.CrosswalkX - 6, 1, parameters: Walker);
        int occupiedSteps = 0, crossingSteps = 0, onRoadSteps = 0;
        bool arrived = false;
        sim.RunFor(25, () =>
        {
            bool occupied = sim.World.GetManagedResource<CrosswalkState>().Occupied[0];
            PedestrianState state = sim.World.Get<PedestrianState>(ped);
            ActorPose pose = sim.World.Get<ActorPose>(ped);
            Assert.Equal(state.Activity == PedestrianActivity.Crossing, occupied);
            if (network.TryToLane(pose.X, pose.Y, out LanePosition at) && network.Lanes[at.Lane].IsDrivable)
            {
                onRoadSteps++;
                Assert.True(occupied);
            }

            arrived |= state.Activity == PedestrianActivity.Walking && state.Lane == StreetFixture.NorthSidewalk;
            Assert.False(arrived && occupied);
            occupiedSteps += occupied ? 1 : 0;
            crossingSteps += state.Activity == PedestrianActivity.Crossing ? 1 : 0;
        });

        Assert.True(arrived);
        // From the commit step to the step it reaches the far waiting point: 16 m at 1.3 m/s = 12.3 s = 246 steps.
        Assert.InRange(occupiedSteps, 245, 248);
        Assert.True(onRoadSteps > 200);
    }

    [Fact]
    public void A_pedestrian_waiting_at_the_kerb_does_not_occupy_the_crosswalk()
    {
        Simulation sim = StreetFixture.Create(seed: 4);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 4, new StableId(3), 0, 1, Walker);
        StreetFixture.AddCarArrivingIn(sim.World, StreetFixture.WestFar, arrival: 3, speed: 14);
        sim.RunFor(2, () =>
        {
            Assert.Equal(PedestrianActivity.WaitingToCross, sim.World.Get<PedestrianState>(ped).Activity);
            Assert.False(sim.World.GetManagedResource<CrosswalkState>().Occupied[0]);
            Assert.Equal(-1, sim.World.Get<LaneOccupancy>(ped).Lane);
        });
    }

    [Fact]
    public void Mid_crossing_LaneOccupancy_reports_the_lane_under_the_pedestrian_and_its_s_within_a_centimetre()
    {
        Simulation sim = StreetFixture.Create(seed: 6);
        Entity ped = PedestrianSpawner.SpawnAtCrosswalk(sim.World, 6, new StableId(8), 0, 0, Walker);
        var seen = new HashSet<int>();
        sim.RunFor(14, () =>
        {
            double y = sim.World.Get<ActorPose>(ped).Y;
            LaneOccupancy occupancy = sim.World.Get<LaneOccupancy>(ped);
            int expected = ExpectedLane(y);
            if (expected == -2)
            {
                return; // within 1 cm of a lane boundary
            }

            Assert.Equal(expected, occupancy.Lane);
            if (expected >= 0)
            {
                Assert.Equal(StreetFixture.CrossingS(expected), occupancy.S, 0.01);
                seen.Add(expected);
            }
        });

        Assert.Equal([StreetFixture.EastNear, StreetFixture.EastFar, StreetFixture.WestNear, StreetFixture.WestFar], seen.Order());
    }

    /// <summary>The drivable lane at north coordinate y on the crosswalk (x = 450), −1 on a sidewalk, −2 near a boundary.</summary>
    private static int ExpectedLane(double y)
    {
        foreach (double boundary in new[] { -7.0, -3.5, 0.0, 3.5, 7.0 })
        {
            if (Math.Abs(y - boundary) < 0.01)
            {
                return -2;
            }
        }

        return y switch
        {
            < -7 or > 7 => -1,
            < -3.5 => StreetFixture.EastFar,
            < 0 => StreetFixture.EastNear,
            < 3.5 => StreetFixture.WestNear,
            _ => StreetFixture.WestFar,
        };
    }
}
