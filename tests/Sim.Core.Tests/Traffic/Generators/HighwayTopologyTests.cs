using CsCheck;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>What scenarios rely on when they drive a highway: lanes that continue to the end, an entry lane that
/// drops (merge or stop), a ramp that feeds it from the right.</summary>
public class HighwayTopologyTests
{
    [Fact]
    public void Default_highway_is_three_lanes_of_3_75_m_at_120_kmh_over_2_km()
    {
        HighwayLayout layout = new Highway().Build();
        Assert.Equal(3, layout.MainLanes.Count);
        for (int i = 0; i < 3; i++)
        {
            Lane lane = layout.Network.Lanes[layout.MainLanes[i]];
            Assert.Equal(3.75, lane.Width);
            Assert.Equal(33.33, lane.SpeedLimit, 0.01);
            Assert.Equal(2000, lane.Length, 1e-9);
            Pose2 start = layout.Network.ToWorld(new LanePosition(lane.Id, 0, 0));
            Assert.Equal(-(i + 0.5) * 3.75, start.Y, 1e-9); // lane 0 next to the median, the rest to its right (south)
            Assert.Equal(0, start.Heading, 1e-12);
        }

        Assert.Equal(-1, layout.EntryLane);
        Assert.Equal(-1, layout.RampLane);
    }

    [Fact]
    public void Every_driving_lane_continues_except_at_the_end_of_the_highway() =>
        GeneratorCases.Highway.Sample(h =>
        {
            HighwayLayout layout = h.Build();
            foreach (Lane lane in layout.Network.Lanes.Where(l => l.Kind == LaneKind.Driving))
            {
                double endX = layout.Network.ToWorld(new LanePosition(lane.Id, lane.Length, 0)).X;
                bool atEnd = Math.Abs(endX - h.Length) < 1e-6;
                Assert.True(atEnd == (lane.Successors.Count == 0), $"{lane} ends at x = {endX:0.###} with {lane.Successors.Count} successors.");
            }
        }, iter: 100);

    [Fact]
    public void Entry_lane_lies_right_of_the_rightmost_main_lane_and_drops() =>
        GeneratorCases.Highway.Where(h => h.Ramp is not null).Sample(h =>
        {
            HighwayLayout layout = h.Build();
            RoadNetwork network = layout.Network;
            Lane entry = network.Lanes[layout.EntryLane];
            IReadOnlyList<int> alongside = layout.Sections[1];
            Assert.Equal(LaneKind.Entry, entry.Kind);
            Assert.Equal(alongside[^1], entry.Left);
            Assert.Equal(entry.Id, network.Lanes[alongside[^1]].Right);
            Assert.Empty(entry.Successors);
            Assert.Equal([layout.RampLane], entry.Predecessors);
            Assert.Equal(h.Ramp!.EntryLength, entry.Length, 1e-9);
            Pose2 start = network.ToWorld(new LanePosition(entry.Id, 0, 0));
            Assert.Equal(h.Ramp.MergeStart, start.X, 1e-9);
            Assert.Equal(-(h.Lanes + 0.5) * h.LaneWidth, start.Y, 1e-9);
        }, iter: 60);

    [Fact]
    public void Ramp_comes_in_from_the_right_and_bends_parallel_at_its_radius() =>
        GeneratorCases.Highway.Where(h => h.Ramp is not null).Sample(h =>
        {
            HighwayLayout layout = h.Build();
            RoadNetwork network = layout.Network;
            Lane ramp = network.Lanes[layout.RampLane];
            Assert.Equal(h.Ramp!.RampLength, ramp.Length, 1e-6);
            Pose2 start = network.ToWorld(new LanePosition(ramp.Id, 0, 0));
            Pose2 entryStart = network.ToWorld(new LanePosition(layout.EntryLane, 0, 0));

            // The lane centre drops r (1 − cos α) on the arc (radius r about the same centre as the reference line)
            // and straight × sin α before it: the ramp starts that far south of the entry lane.
            OnRamp r = h.Ramp;
            double straight = r.RampLength - ((r.RampRadius + (h.LaneWidth / 2)) * r.RampAngle);
            double drop = (r.RampRadius * (1 - Math.Cos(r.RampAngle))) + (straight * Math.Sin(r.RampAngle));
            double run = (r.RampRadius * Math.Sin(r.RampAngle)) + (straight * Math.Cos(r.RampAngle));
            Assert.Equal(entryStart.Y - drop, start.Y, 1e-6);
            Assert.Equal(entryStart.X - run, start.X, 1e-6);
            Assert.Equal(h.Ramp.RampAngle, start.Heading, 1e-9);
            Assert.Equal(-1 / h.Ramp.RampRadius, network.LaneCurvature(ramp.Id, ramp.Length - 0.1), 1e-9);
        }, iter: 60);

    [Fact]
    public void Main_lane_positions_map_highway_distance_to_the_right_section()
    {
        HighwayLayout layout = new Highway(Ramp: new OnRamp(MergeStart: 800, EntryLength: 250)).Build();
        foreach (double x in new[] { 0.0, 400, 799.9, 800, 1000, 1050, 1500, 2000 })
        {
            for (int i = 0; i < 3; i++)
            {
                Pose2 world = layout.Network.ToWorld(layout.MainLaneAt(i, x));
                Assert.Equal(x, world.X, 1e-9);
                Assert.Equal(-(i + 0.5) * 3.75, world.Y, 1e-9);
            }
        }

        Assert.Equal(layout.Sections[1][2], layout.MainLaneAt(2, 900).Lane);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.MainLaneAt(3, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.MainLaneAt(0, 2001));
    }
}
