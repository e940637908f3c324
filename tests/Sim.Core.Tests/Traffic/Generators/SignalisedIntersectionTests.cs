using CsCheck;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Core.Tests.Traffic.Generators;

/// <summary>What intersection scenarios rely on: every movement exists and leads where its name says, permissive
/// left turns know where to give way, the signal never releases crossing streams together, turns have the radius
/// the layout reports, and crosswalks cross the arm's lanes.</summary>
public class SignalisedIntersectionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_arm_has_straight_left_and_right_movements_from_the_right_lanes(int lanes)
    {
        IntersectionLayout layout = new SignalisedIntersection(LanesPerDirection: lanes).Build();
        RoadNetwork network = layout.Network;
        foreach (IntersectionArm arm in layout.Arms)
        {
            var fromArm = layout.Movements.Where(m => m.From == arm.Side).ToList();
            Assert.Equal(lanes + 2, fromArm.Count);
            for (int i = 0; i < lanes; i++)
            {
                var turns = fromArm.Where(m => m.LaneIndex == i).Select(m => m.Turn).Order().ToList();
                var expected = new List<Turn> { Turn.Straight };
                if (i == 0)
                {
                    expected.Add(Turn.Left);
                }

                if (i == lanes - 1)
                {
                    expected.Add(Turn.Right);
                }

                Assert.Equal(expected.Order(), turns);

                // The lane graph says the same: incoming → crossing → one connector per movement → outgoing lane i.
                Assert.Equal([arm.CrossingLanes[i]], network.Lanes[arm.IncomingLanes[i]].Successors);
                Assert.Equal(fromArm.Where(m => m.LaneIndex == i).Select(m => m.Connector).Order(), network.Lanes[arm.CrossingLanes[i]].Successors.Order());
            }

            foreach (IntersectionMovement m in fromArm)
            {
                Compass expectedTo = m.Turn switch
                {
                    Turn.Straight => (Compass)(((int)m.From + 2) % 4),
                    Turn.Left => (Compass)(((int)m.From + 1) % 4),
                    _ => (Compass)(((int)m.From + 3) % 4),
                };
                Assert.Equal(expectedTo, m.To);
                Assert.Equal([m.OutgoingLane], network.Lanes[m.Connector].Successors);
                Assert.Equal(layout.Arm(m.To).OutgoingLanes[m.LaneIndex], m.OutgoingLane);
                Assert.Equal(0, network.Lanes[m.Connector].Road.Junction);
            }
        }
    }

    [Fact]
    public void A_vehicle_turning_left_from_the_south_ends_up_heading_west_on_the_west_arm()
    {
        IntersectionLayout layout = new SignalisedIntersection().Build();
        IntersectionMovement left = layout.Movements.Single(m => m.From == Compass.South && m.Turn == Turn.Left);
        Pose2 exit = layout.Network.ToWorld(new LanePosition(left.OutgoingLane, 50, 0));
        Assert.True(exit.X < -layout.BoxHalfWidth, $"The left turn from the south leads to x = {exit.X:0.#}, not the west arm.");
        Assert.Equal(Math.PI, Math.Abs(exit.Heading), 1e-9);
        Assert.Equal(1.75, exit.Y, 1e-9); // westbound traffic keeps right: north of the centre line
    }

    [Fact]
    public void Left_turns_have_conflict_points_with_every_opposing_straight_movement() =>
        GeneratorCases.Intersection.Sample(x =>
        {
            IntersectionLayout layout = x.Build();
            RoadNetwork network = layout.Network;
            foreach (IntersectionMovement left in layout.Movements.Where(m => m.Turn == Turn.Left))
            {
                Compass opposite = (Compass)(((int)left.From + 2) % 4);
                ReadOnlySpan<ConflictPoint> conflicts = network.ConflictsYieldingOn(left.Connector);
                foreach (IntersectionMovement straight in layout.Movements.Where(m => m.From == opposite && m.Turn == Turn.Straight))
                {
                    int found = 0;
                    foreach (ConflictPoint c in conflicts)
                    {
                        if (c.Priority == straight.Connector)
                        {
                            found++;

                            // The conflict areas contain the place where the two centre lines meet (closest approach,
                            // sampled every 20 cm), on both lanes.
                            Assert.True(c.YieldingS < c.YieldingEndS && c.PriorityS < c.PriorityEndS);
                            (double sa, double sb) = ClosestApproach(network, left.Connector, straight.Connector);
                            Assert.InRange(sa, c.YieldingS - 0.5, c.YieldingEndS + 0.5);
                            Assert.InRange(sb, c.PriorityS - 0.5, c.PriorityEndS + 0.5);
                        }
                    }

                    Assert.True(found == 1, $"The left turn from {left.From} has {found} conflict points with the straight movement from lane {straight.LaneIndex} of {opposite}.");
                }

                // Nothing gives way to a left turn, and nothing else yields in this junction.
                Assert.DoesNotContain(network.Conflicts, c => c.Priority == left.Connector);
            }

            Assert.All(network.Conflicts, c => Assert.Contains(layout.Movements, m => m.Connector == c.Yielding && m.Turn == Turn.Left));
        }, iter: 30);

    [Fact]
    public void Crossing_streams_are_never_released_together_unless_one_yields() =>
        GeneratorCases.Intersection.Sample(x =>
        {
            IntersectionLayout layout = x.Build();
            RoadNetwork network = layout.Network;
            var pairs = new List<(IntersectionMovement A, IntersectionMovement B)>();
            foreach (IntersectionMovement a in layout.Movements)
            {
                foreach (IntersectionMovement b in layout.Movements)
                {
                    bool yields = network.Conflicts.Any(c => (c.Yielding == a.Connector && c.Priority == b.Connector) || (c.Yielding == b.Connector && c.Priority == a.Connector));
                    if (a.IncomingLane < b.IncomingLane && !yields && Meet(network, a.Connector, b.Connector))
                    {
                        pairs.Add((a, b));
                    }
                }
            }

            // Straight movements of crossing streets meet, so the check below is never vacuous.
            Assert.Contains(pairs, p => p.A.Turn == Turn.Straight && p.B.Turn == Turn.Straight);
            double cycle = network.Signals[layout.Signal].Cycle;
            int greenSamples = 0;
            for (double t = 0; t < 2 * cycle; t += 0.05)
            {
                foreach ((IntersectionMovement a, IntersectionMovement b) in pairs)
                {
                    SignalState sa = network.SignalAt(a.IncomingLane, t), sb = network.SignalAt(b.IncomingLane, t);
                    Assert.True(sa == SignalState.Red || sb == SignalState.Red, $"At t = {t:0.##} s, {a.From} {a.Turn} is {sa} and {b.From} {b.Turn} is {sb}; their paths cross.");
                    greenSamples += sa == SignalState.Green ? 1 : 0;
                }
            }

            Assert.True(greenSamples > 0);
        }, iter: 15);

    [Fact]
    public void Default_signal_runs_north_south_then_east_west_with_yellow_and_all_red()
    {
        IntersectionLayout layout = new SignalisedIntersection().Build();
        RoadNetwork network = layout.Network;
        int north = layout.Arm(Compass.North).IncomingLanes[0], south = layout.Arm(Compass.South).IncomingLanes[0];
        int east = layout.Arm(Compass.East).IncomingLanes[0], west = layout.Arm(Compass.West).IncomingLanes[0];
        Assert.Equal(70, network.Signals[layout.Signal].Cycle);
        (double T, SignalState NorthSouth, SignalState EastWest)[] expected =
        [
            (0, SignalState.Green, SignalState.Red), (29.9, SignalState.Green, SignalState.Red),
            (31, SignalState.Yellow, SignalState.Red), (34, SignalState.Red, SignalState.Red),
            (35.1, SignalState.Red, SignalState.Green), (66, SignalState.Red, SignalState.Yellow),
            (69, SignalState.Red, SignalState.Red), (70.5, SignalState.Green, SignalState.Red),
        ];
        foreach ((double t, SignalState ns, SignalState ew) in expected)
        {
            Assert.Equal(ns, network.SignalAt(north, t));
            Assert.Equal(ns, network.SignalAt(south, t));
            Assert.Equal(ew, network.SignalAt(east, t));
            Assert.Equal(ew, network.SignalAt(west, t));
        }

        // Only the stop lines carry the signal; a vehicle past it is not stopped by it.
        foreach (IntersectionMovement m in layout.Movements)
        {
            Assert.Equal(SignalState.None, network.SignalAt(m.Connector, 1));
            Assert.Equal(SignalState.None, network.SignalAt(layout.Arm(m.From).CrossingLanes[m.LaneIndex], 1));
        }
    }

    [Fact]
    public void Turning_connectors_curve_at_the_reported_radius_about_the_box_corner() =>
        GeneratorCases.Intersection.Sample(x =>
        {
            IntersectionLayout layout = x.Build();
            RoadNetwork network = layout.Network;
            foreach (IntersectionMovement m in layout.Movements)
            {
                Lane connector = network.Lanes[m.Connector];
                if (m.Turn == Turn.Straight)
                {
                    Assert.Equal(0, network.LaneCurvature(m.Connector, connector.Length / 2), 1e-12);
                    Assert.Equal(2 * layout.BoxHalfWidth, connector.Length, 1e-9);
                    continue;
                }

                double sign = m.Turn == Turn.Left ? 1 : -1;
                Assert.Equal(sign / m.Radius, network.LaneCurvature(m.Connector, connector.Length / 2), 1e-9);

                // Independently of the curvature formula: the lane's centre line is a quarter circle of that radius
                // about a corner of the junction box.
                Pose2 start = network.ToWorld(new LanePosition(m.Connector, 0, 0));
                Pose2 corner = start.Offset(0, sign * m.Radius);
                Assert.Equal(layout.BoxHalfWidth, Math.Abs(corner.X), 1e-9);
                Assert.Equal(layout.BoxHalfWidth, Math.Abs(corner.Y), 1e-9);
                for (int k = 0; k <= 10; k++)
                {
                    Assert.Equal(m.Radius, NetworkChecks.DistanceTo(network, m.Connector, connector.Length * k / 10, (corner.X, corner.Y)), 0.001);
                }

                Assert.Equal(sign * Math.PI / 2, Pose2.WrapAngle(network.ToWorld(new LanePosition(m.Connector, connector.Length, 0)).Heading - start.Heading), 1e-9);
            }
        }, iter: 30);

    [Fact]
    public void Default_turn_radii_follow_from_kerb_radius_and_lane_width()
    {
        // Right turns run 1.75 m (half a lane) outside the 6 m kerb; left turns about the far corner of the 9.5 m box.
        IntersectionLayout layout = new SignalisedIntersection().Build();
        Assert.Equal(9.5, layout.BoxHalfWidth, 1e-12);
        Assert.All(layout.Movements.Where(m => m.Turn == Turn.Right), m => Assert.Equal(7.75, m.Radius, 1e-9));
        Assert.All(layout.Movements.Where(m => m.Turn == Turn.Left), m => Assert.Equal(11.25, m.Radius, 1e-9));
        Assert.All(layout.Movements.Where(m => m.Turn == Turn.Right), m => Assert.Equal(Math.Sqrt(3 * 7.75), layout.Network.Lanes[m.Connector].SpeedLimit, 1e-9));
    }

    [Fact]
    public void Crosswalks_cross_every_driving_lane_of_their_arm_between_stop_line_and_junction() =>
        GeneratorCases.Intersection.Sample(x =>
        {
            IntersectionLayout layout = x.Build();
            RoadNetwork network = layout.Network;
            Assert.Equal(4, network.Crosswalks.Count);
            foreach (IntersectionArm arm in layout.Arms)
            {
                Crosswalk crosswalk = network.Crosswalks[arm.Crosswalk];
                Assert.Equal(arm.CrossingLanes.Concat(arm.OutgoingLanes).Order(), crosswalk.Crossings.Select(c => c.Lane).Order());
                foreach (int lane in arm.CrossingLanes.Concat(arm.OutgoingLanes))
                {
                    CrosswalkCrossing crossing = Assert.Single(network.CrossingsOn(lane).ToArray());
                    Assert.Equal(x.CrossingLength / 2, crossing.S, 0.05);
                }

                // Vehicles waiting at the stop line are not on the crosswalk.
                foreach (int lane in arm.IncomingLanes)
                {
                    Assert.True(network.CrossingsOn(lane).IsEmpty);
                }

                // Both ends of the crosswalk are on the arm's sidewalks, which are the outermost lanes of its roads.
                Assert.True(network.TryToLane(crosswalk.From.X, crosswalk.From.Y, out LanePosition from, LaneKind.Sidewalk));
                Assert.True(network.TryToLane(crosswalk.To.X, crosswalk.To.Y, out LanePosition to, LaneKind.Sidewalk));
                Assert.Equal(arm.Sidewalks[1], from.Lane);
                Assert.Equal(arm.Sidewalks[2], to.Lane);
                foreach (int sidewalk in arm.Sidewalks)
                {
                    Lane l = network.Lanes[sidewalk];
                    Assert.Equal(LaneKind.Sidewalk, l.Kind);
                    Assert.Equal(l.Road.Lanes.Count - 1, l.IndexInRoad);
                }
            }
        }, iter: 30);

    /// <summary>Whether two lanes' centre lines cross (polylines of 100 pieces each) or merge into one successor.</summary>
    private static bool Meet(RoadNetwork network, int a, int b)
    {
        if (network.Lanes[a].Successors.Intersect(network.Lanes[b].Successors).Any())
        {
            return true;
        }

        Pose2[] pa = Samples(network, a), pb = Samples(network, b);
        for (int i = 0; i + 1 < pa.Length; i++)
        {
            for (int j = 0; j + 1 < pb.Length; j++)
            {
                if (Cross(pa[i], pa[i + 1], pb[j], pb[j + 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Pose2[] Samples(RoadNetwork network, int lane)
    {
        double length = network.Lanes[lane].Length;
        return [.. Enumerable.Range(0, 101).Select(k => network.ToWorld(new LanePosition(lane, length * k / 100, 0)))];
    }

    private static bool Cross(Pose2 p0, Pose2 p1, Pose2 q0, Pose2 q1)
    {
        static double Side(Pose2 a, Pose2 b, Pose2 c) => ((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X));
        return Side(p0, p1, q0) * Side(p0, p1, q1) < 0 && Side(q0, q1, p0) * Side(q0, q1, p1) < 0;
    }

    private static (double SA, double SB) ClosestApproach(RoadNetwork network, int laneA, int laneB)
    {
        double best = double.MaxValue, bestA = 0, bestB = 0;
        double la = network.Lanes[laneA].Length, lb = network.Lanes[laneB].Length;
        for (double sa = 0; sa <= la; sa += 0.2)
        {
            Pose2 a = network.ToWorld(new LanePosition(laneA, sa, 0));
            for (double sb = 0; sb <= lb; sb += 0.2)
            {
                Pose2 b = network.ToWorld(new LanePosition(laneB, sb, 0));
                double d = ((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y));
                if (d < best)
                {
                    (best, bestA, bestB) = (d, sa, sb);
                }
            }
        }

        return (bestA, bestB);
    }
}
