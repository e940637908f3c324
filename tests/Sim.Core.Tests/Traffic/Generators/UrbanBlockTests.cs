using CsCheck;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>What urban scenarios rely on: loops that close, parked cars between traffic and pedestrians, sidewalks on
/// the kerb side, and mid-block crosswalks across both directions.</summary>
public class UrbanBlockTests
{
    [Fact]
    public void Both_loops_close_and_each_side_is_driving_parking_sidewalk_from_the_centre_line_out() =>
        GeneratorCases.Block.Sample(b =>
        {
            UrbanBlockLayout layout = b.Build();
            RoadNetwork network = layout.Network;
            foreach (BlockStreet street in layout.CounterClockwise.Concat(layout.Clockwise))
            {
                Assert.Equal(b.LanesPerDirection, street.DrivingLanes.Count);
                foreach (int lane in street.DrivingLanes)
                {
                    Assert.True(NetworkChecks.ReturnsTo(network, lane, 4), $"Lane {lane} on the {street.Side} side does not close its loop in four steps.");
                }

                Lane parking = network.Lanes[street.ParkingLane], sidewalk = network.Lanes[street.Sidewalk];
                Assert.Equal(LaneKind.Parking, parking.Kind);
                Assert.Equal(LaneKind.Sidewalk, sidewalk.Kind);
                Assert.Equal(b.LanesPerDirection, parking.IndexInRoad);
                Assert.Equal(b.LanesPerDirection + 1, sidewalk.IndexInRoad);
                Assert.Equal(-b.SideWidth + (b.SidewalkWidth / 2), sidewalk.Offset, 1e-9);
                Assert.Equal(-1, network.Lanes[street.DrivingLanes[^1]].Right); // no lane change into parked cars
            }
        }, iter: 40);

    [Fact]
    public void Outer_loop_runs_counter_clockwise_with_its_kerb_outside_and_the_inner_loop_clockwise_with_its_kerb_on_the_block()
    {
        var block = new UrbanBlock();
        UrbanBlockLayout layout = block.Build();
        RoadNetwork network = layout.Network;

        // Midway along the south side: the centre line is y = −50; the outer (eastbound) sidewalk lies south of it,
        // the inner (westbound) one north of it, towards the block.
        BlockStreet outer = layout.CounterClockwise[0], inner = layout.Clockwise[0];
        Assert.Equal(Compass.South, outer.Side);
        Assert.Equal(Compass.South, inner.Side);
        Assert.Equal(136, outer.StraightLength, 1e-9);
        Pose2 eastbound = network.ToWorld(new LanePosition(outer.DrivingLanes[0], 68, 0));
        Pose2 westbound = network.ToWorld(new LanePosition(inner.DrivingLanes[0], 68, 0));
        Assert.Equal(0, eastbound.Heading, 1e-9);
        Assert.Equal(Math.PI, Math.Abs(westbound.Heading), 1e-9);
        Assert.Equal(-50 - 1.75, eastbound.Y, 1e-9);
        Assert.Equal(-50 + 1.75, westbound.Y, 1e-9);
        Assert.Equal(-50 - 7, network.ToWorld(new LanePosition(outer.Sidewalk, 68, 0)).Y, 1e-9);
        Assert.Equal(-50 + 7, network.ToWorld(new LanePosition(inner.Sidewalk, 68, 0)).Y, 1e-9);

        // Corners turn at the corner radius ± the lane offset: left (outside) on the outer loop, right (inside) on the inner.
        double corner = outer.StraightLength + 1;
        Assert.Equal(1 / (12 + 1.75), network.LaneCurvature(outer.DrivingLanes[0], corner), 1e-9);
        Assert.Equal(-1 / (12 - 1.75), network.LaneCurvature(inner.DrivingLanes[0], corner), 1e-9);
    }

    [Fact]
    public void Mid_block_crosswalks_cross_the_driving_lanes_of_both_directions_on_their_side() =>
        GeneratorCases.Block.Sample(b =>
        {
            UrbanBlockLayout layout = b.Build();
            RoadNetwork network = layout.Network;
            Assert.Equal(4 * b.CrosswalksPerSide, layout.Crosswalks.Count);
            for (int side = 0; side < 4; side++)
            {
                BlockStreet outer = layout.CounterClockwise[side];
                BlockStreet inner = layout.Clockwise.Single(s => s.Side == outer.Side);
                for (int k = 0; k < b.CrosswalksPerSide; k++)
                {
                    Crosswalk crosswalk = network.Crosswalks[layout.Crosswalks[(side * b.CrosswalksPerSide) + k]];
                    Assert.Equal(outer.DrivingLanes.Concat(inner.DrivingLanes).Order(), crosswalk.Crossings.Select(c => c.Lane).Order());

                    // Evenly spaced along the straight, at the same place seen from either direction.
                    double along = outer.StraightLength * (k + 1) / (b.CrosswalksPerSide + 1);
                    Assert.Equal(along, crosswalk.Crossings.Single(c => c.Lane == outer.DrivingLanes[0]).S, 0.05);
                    Assert.Equal(inner.StraightLength - along, crosswalk.Crossings.Single(c => c.Lane == inner.DrivingLanes[0]).S, 0.05);
                    Assert.True(network.TryToLane(crosswalk.From.X, crosswalk.From.Y, out LanePosition from, LaneKind.Sidewalk) && from.Lane == outer.Sidewalk);
                    Assert.True(network.TryToLane(crosswalk.To.X, crosswalk.To.Y, out LanePosition to, LaneKind.Sidewalk) && to.Lane == inner.Sidewalk);
                }
            }
        }, iter: 30);
}
