using CsCheck;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>A curve scenario relies on the radius it asked for: lanes on the arc lie on circles about its centre.</summary>
public class CurveGeometryTests
{
    [Fact]
    public void Arc_lanes_lie_at_the_radius_plus_or_minus_their_offset_within_a_millimetre() =>
        GeneratorCases.Curve.Sample(c =>
        {
            CurveLayout layout = c.Build();
            RoadNetwork network = layout.Network;

            // Forward lanes are to the right of the centre line: outside a left curve, inside a right one; the
            // opposite road's lanes are on the other side.
            double side = c.Direction == TurnDirection.Left ? 1 : -1;
            foreach ((IReadOnlyList<int> lanes, double sign, double arcStart) in new[] { (layout.Lanes, side, layout.ArcStart), (layout.OppositeLanes, -side, c.ExitLength) })
            {
                foreach (int id in lanes)
                {
                    Lane lane = network.Lanes[id];
                    double expected = c.Radius - (sign * lane.Offset);
                    for (int k = 0; k <= 20; k++)
                    {
                        double s = arcStart + (k * (layout.ArcEnd - layout.ArcStart) / 20);
                        Assert.Equal(expected, NetworkChecks.DistanceTo(network, id, s, layout.ArcCentre), 0.001);
                    }

                    Assert.Equal(sign / expected, network.LaneCurvature(id, arcStart + 1e-3), 1e-9);
                }
            }
        }, iter: 60);

    [Fact]
    public void The_road_leaves_the_arc_turned_by_the_angle_asked_for() =>
        GeneratorCases.Curve.Sample(c =>
        {
            CurveLayout layout = c.Build();
            Lane lane = layout.Network.Lanes[layout.Lanes[0]];
            double turned = layout.Network.ToWorld(new LanePosition(lane.Id, lane.Length, 0)).Heading;
            double expected = (c.Direction == TurnDirection.Left ? 1 : -1) * c.Angle;
            Assert.Equal(0, Pose2.WrapAngle(turned - expected), 1e-9);
            Assert.Equal(c.EntryLength + (c.Radius * c.Angle) + c.ExitLength, lane.Length, 1e-6);
        }, iter: 60);

    [Fact]
    public void Two_way_curve_runs_the_same_centre_line_the_other_way()
    {
        CurveLayout layout = new Curve(Lanes: 2, TwoWay: true).Build();
        RoadNetwork network = layout.Network;
        Assert.Equal(2, layout.OppositeLanes.Count);
        Lane forward = network.Lanes[layout.Lanes[0]], back = network.Lanes[layout.OppositeLanes[0]];
        Assert.Equal(forward.Length, back.Length, 1e-9);
        for (double s = 0; s <= forward.Length; s += 5)
        {
            // The centre line at s on one road is the centre line at Length − s on the other, heading the other way.
            Pose2 a = network.ToWorld(new LanePosition(forward.Id, s, -forward.Offset));
            Pose2 b = network.ToWorld(new LanePosition(back.Id, back.Length - s, -back.Offset));
            Assert.Equal(a.X, b.X, 1e-6);
            Assert.Equal(a.Y, b.Y, 1e-6);
            Assert.Equal(Math.PI, Math.Abs(Pose2.WrapAngle(a.Heading - b.Heading)), 1e-9);
        }

        // Lane 0 of each direction is next to the centre line, on opposite sides of it.
        Pose2 f0 = network.ToWorld(new LanePosition(forward.Id, 10, 0));
        Pose2 b0 = network.ToWorld(new LanePosition(back.Id, back.Length - 10, 0));
        Assert.Equal(-1.75, f0.Y, 1e-9);
        Assert.Equal(1.75, b0.Y, 1e-9);
    }
}
