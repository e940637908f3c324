using CsCheck;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>A ring road must be closed, so vehicles circulate forever, with the length and radius asked for.</summary>
public class RingRoadTests
{
    [Fact]
    public void Following_successors_from_any_lane_returns_to_it() =>
        GeneratorCases.Ring.Sample(r =>
        {
            RingRoadLayout layout = r.Build();
            Assert.Equal(r.Lanes, layout.Lanes.Count);
            foreach (int lane in layout.Lanes)
            {
                Assert.True(NetworkChecks.ReturnsTo(layout.Network, lane, 4), $"Lane {lane} does not close.");
            }
        }, iter: 50);

    [Fact]
    public void Default_ring_is_the_230_m_single_lane_circle_of_the_jam_experiment()
    {
        RingRoadLayout layout = new RingRoad().Build();
        int lane = Assert.Single(layout.Lanes);
        Assert.Equal(230, layout.Length, 1e-9);
        Assert.Equal(230 / (2 * Math.PI), layout.Radius, 1e-9);

        // The lane centre runs on a circle about the origin at radius + half a lane.
        for (double s = 0; s < 230; s += 7.3)
        {
            Assert.Equal(layout.Radius + 1.875, NetworkChecks.DistanceTo(layout.Network, lane, s, (0, 0)), 0.001);
        }
    }

    [Fact]
    public void Stadium_lanes_curve_at_the_half_circle_radius_plus_their_offset() =>
        GeneratorCases.Ring.Where(r => r.StraightLength > 1).Sample(r =>
        {
            RingRoadLayout layout = r.Build();
            for (int i = 0; i < layout.Lanes.Count; i++)
            {
                double expected = 1 / (layout.Radius + ((i + 0.5) * r.LaneWidth));
                Assert.Equal(0, layout.Network.LaneCurvature(layout.Lanes[i], r.StraightLength / 2), 1e-12); // first straight
                Assert.Equal(expected, layout.Network.LaneCurvature(layout.Lanes[i], r.StraightLength + (Math.PI * layout.Radius / 2)), 1e-9);
            }
        }, iter: 50);
}
