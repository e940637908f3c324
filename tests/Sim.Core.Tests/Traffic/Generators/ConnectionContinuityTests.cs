using CsCheck;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>A vehicle crossing from a lane onto its successor must not jump: every connection of every generated
/// network joins end pose to start pose within 1 cm and 0.01 rad, for many parameter sets.</summary>
public class ConnectionContinuityTests
{
    [Fact]
    public void Highway_connections_are_continuous() =>
        GeneratorCases.Highway.Sample(h => Assert.Equal(h.Ramp is null ? 0 : (2 * h.Lanes) + 1, NetworkChecks.AssertConnectionsContinuous(h.Build().Network)), iter: 100);

    [Fact]
    public void Ring_connections_are_continuous() =>
        GeneratorCases.Ring.Sample(r => Assert.Equal(r.Lanes, NetworkChecks.AssertConnectionsContinuous(r.Build().Network)), iter: 100);

    [Fact]
    public void Intersection_connections_are_continuous() =>
        GeneratorCases.Intersection.Sample(
            x =>
            {
                IntersectionLayout layout = x.Build();

                // Incoming → crossing per lane; crossing → connector and connector → outgoing per movement.
                int expected = 4 * (x.LanesPerDirection + (2 * (x.LanesPerDirection + 2)));
                Assert.Equal(expected, NetworkChecks.AssertConnectionsContinuous(layout.Network));
            },
            iter: 40);

    [Fact]
    public void Urban_block_connections_are_continuous() =>
        GeneratorCases.Block.Sample(b => Assert.Equal(8 * b.LanesPerDirection, NetworkChecks.AssertConnectionsContinuous(b.Build().Network)), iter: 60);

    [Fact]
    public void Curve_reference_lines_are_continuous_across_segments()
    {
        // A curve has no connections; its straights and arc must still meet (ReferenceLine refuses gaps) and the
        // lanes' headings must run smoothly through the arc's ends.
        GeneratorCases.Curve.Sample(c =>
        {
            CurveLayout layout = c.Build();
            foreach (int lane in layout.Lanes.Concat(layout.OppositeLanes))
            {
                Lane l = layout.Network.Lanes[lane];
                for (double s = 0; s + 0.5 <= l.Length; s += 0.5)
                {
                    Pose2 a = layout.Network.ToWorld(new LanePosition(lane, s, 0)), b = layout.Network.ToWorld(new LanePosition(lane, s + 0.5, 0));
                    Assert.True(Math.Abs(Pose2.WrapAngle(b.Heading - a.Heading)) <= 0.5 / (c.Radius - (c.Lanes * c.LaneWidth)) + 1e-9, $"{l} kinks between s = {s} and {s + 0.5}.");
                    Assert.True(Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y))) <= (0.5 * (1 + (c.Lanes * c.LaneWidth / c.Radius))) + 1e-9, $"{l} jumps between s = {s} and {s + 0.5}.");
                }
            }
        }, iter: 30);
    }

    [Fact]
    public void The_continuity_check_catches_a_gap_and_a_kink()
    {
        // Guards the guard: a 2 cm gap and a 0.02 rad kink must both fail it.
        foreach ((double gap, double kink) in new[] { (0.02, 0.0), (0.0, 0.02) })
        {
            var builder = new RoadNetworkBuilder();
            Road a = builder.AddRoad("a", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 10)), [new(LaneKind.Driving, 3.5, 10)]);
            Road b = builder.AddRoad("b", new ReferenceLine(new LineSegment(new Pose2(10 + gap, 0, kink), 10)), [new(LaneKind.Driving, 3.5, 10)]);
            builder.Connect(a.Lanes[0].Id, b.Lanes[0].Id);
            RoadNetwork network = builder.Build();
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => NetworkChecks.AssertConnectionsContinuous(network));
        }
    }
}
