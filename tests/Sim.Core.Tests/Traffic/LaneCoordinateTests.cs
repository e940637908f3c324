using CsCheck;
using Sim.Core.Traffic.Roads;

namespace Sim.Core.Tests.Traffic;

public class LaneCoordinateTests
{
    private static readonly LaneSpec[] ThreeLanes =
    [
        new(LaneKind.Driving, 3.5, 30),
        new(LaneKind.Driving, 3.5, 30),
        new(LaneKind.Sidewalk, 2.0, 0),
    ];

    private static RoadNetwork Network(ReferenceSegment segment)
    {
        var builder = new RoadNetworkBuilder();
        builder.AddRoad("r", new ReferenceLine(segment), ThreeLanes);
        return builder.Build();
    }

    public static TheoryData<string> Shapes => ["line", "left arc", "right arc", "polyline"];

    private static ReferenceSegment Shape(string name) => name switch
    {
        "line" => new LineSegment(new Pose2(10, -5, 0.3), 200),
        "left arc" => new ArcSegment(new Pose2(0, 0, 0), 150, 1 / 80.0),
        "right arc" => new ArcSegment(new Pose2(5, 5, 1), 120, -1 / 60.0),
        _ => PolylineSegment.Through([.. Enumerable.Range(0, 60).Select(i => (i * 2.0, 10 * Math.Sin(i * 0.05)))]),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Lane_to_world_and_back_round_trips_within_a_millimetre(string shape)
    {
        RoadNetwork network = Network(Shape(shape));
        Gen.Select(Gen.Int[0, 2], Gen.Double[0.05, 0.95], Gen.Double[-0.45, 0.45]).Sample((lane, fraction, across) =>
        {
            Lane l = network.Lanes[lane];
            var position = new LanePosition(lane, fraction * l.Length, across * l.Width);
            Pose2 world = network.ToWorld(position);
            Assert.True(network.TryToLane(world.X, world.Y, out LanePosition back));
            Assert.Equal(position.Lane, back.Lane);
            Assert.Equal(position.S, back.S, 0.001);
            Assert.Equal(position.T, back.T, 0.001);
        }, iter: 500);
    }

    [Fact]
    public void Arc_poses_lie_on_the_circle_and_lanes_follow_the_lateral_offset_formula()
    {
        var arc = new ArcSegment(new Pose2(0, 0, 0), 100, 1 / 50.0);
        Pose2 end = arc.End;
        Assert.Equal(50 * Math.Sin(2.0), end.X, 1e-9);
        Assert.Equal(50 - (50 * Math.Cos(2.0)), end.Y, 1e-9);
        Assert.Equal(2.0, end.Heading, 1e-12);

        RoadNetwork network = Network(arc);
        Lane outer = network.Lanes[1]; // centre 5.25 m right of the reference: radius 55.25 m
        Assert.Equal(1 / 55.25, network.LaneCurvature(outer.Id, 30), 1e-12);
    }

    [Fact]
    public void Neighbours_are_drivable_lanes_side_by_side()
    {
        RoadNetwork network = Network(new LineSegment(new Pose2(0, 0, 0), 100));
        Assert.Equal(1, network.Lanes[0].Right);
        Assert.Equal(-1, network.Lanes[0].Left);
        Assert.Equal(0, network.Lanes[1].Left);
        Assert.Equal(-1, network.Lanes[1].Right); // the sidewalk is not a lane-change target
        Assert.Equal(-1.75, network.Lanes[0].Offset);
        Assert.Equal(-8.0, network.Lanes[2].Offset);
    }

    [Fact]
    public void Points_beyond_the_ends_of_a_road_are_on_no_lane()
    {
        RoadNetwork network = Network(new LineSegment(new Pose2(0, 0, 0), 100));
        Assert.False(network.TryToLane(-3, -1.75, out _));
        Assert.False(network.TryToLane(50, 5, out _));
        Assert.True(network.TryToLane(50, -1, out LanePosition p) && p.Lane == 0);
    }

    [Fact]
    public void A_reference_line_with_a_gap_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 10), new LineSegment(new Pose2(11, 0, 0), 10)));
        Assert.Contains("segment 0 ends at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_time_signal_cycles_green_yellow_red()
    {
        var builder = new RoadNetworkBuilder();
        Road road = builder.AddRoad("r", new ReferenceLine(new LineSegment(new Pose2(0, 0, 0), 50)), [new(LaneKind.Driving, 3.5, 14)]);
        builder.AddSignal(cycle: 60, offset: 5, [new SignalGroup([road.Lanes[0].Id], GreenStart: 0, Green: 25, Yellow: 3)]);
        RoadNetwork network = builder.Build();
        Assert.Equal(SignalState.Green, network.SignalAt(0, 5));
        Assert.Equal(SignalState.Green, network.SignalAt(0, 29.9));
        Assert.Equal(SignalState.Yellow, network.SignalAt(0, 31));
        Assert.Equal(SignalState.Red, network.SignalAt(0, 33.1));
        Assert.Equal(SignalState.Green, network.SignalAt(0, 65.5));
        Assert.Equal(SignalState.Red, network.SignalAt(0, 4));
    }
}
