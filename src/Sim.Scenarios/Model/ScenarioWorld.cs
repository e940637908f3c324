using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;

namespace Sim.Scenarios.Model;

/// <summary>Where across the road a thing is placed: a driving lane (by index, 0 = leftmost), the parking lane or the
/// sidewalk on the near (right-hand) side, the same on the far side of a two-way street, or the verge beyond the
/// outermost lane on either side.</summary>
public enum PlaceKind
{
    /// <summary>A driving lane, by index.</summary>
    Lane = 0,

    /// <summary>The parking lane on the right of the driving lanes.</summary>
    Parking = 1,

    /// <summary>The sidewalk on the right.</summary>
    Sidewalk = 2,

    /// <summary>The sidewalk across the street.</summary>
    FarSidewalk = 3,

    /// <summary>Beside the road on the right, beyond its outermost lane.</summary>
    Verge = 4,

    /// <summary>Beside the road across it.</summary>
    FarVerge = 5,

    /// <summary>A world pose given as x, y and yaw.</summary>
    World = 6,
}

/// <summary>
/// The road a scenario's <c>world.road</c> generated, and the frame things are placed in: <c>s</c> runs along the road
/// in the driving direction of its lanes (along the outer, counter-clockwise loop of an urban block from the start of
/// its south side; along an intersection arm's incoming road towards the stop line), lanes count from the left.
/// </summary>
public sealed record ScenarioWorld
{
    /// <summary>How far beyond the outermost lane's edge a verge point is, m.</summary>
    public const double VergeMargin = 2;

    /// <summary>Wraps a generator's layout.</summary>
    /// <param name="type">The generator: <c>highway</c>, <c>curve</c>, <c>ring</c>, <c>intersection</c> or <c>urban_block</c>.</param>
    /// <param name="layout">Its layout.</param>
    /// <exception cref="ArgumentException">Another kind of layout.</exception>
    public ScenarioWorld(string type, object layout)
    {
        Type = type;
        Layout = layout;
        (Network, Lanes, Length, Loop, TwoWay) = layout switch
        {
            HighwayLayout h => (h.Network, h.MainLanes, h.Length, (double?)null, false),
            CurveLayout c => (c.Network, c.Lanes, c.Network.Lane(c.Lanes[0]).Length, null, c.OppositeLanes.Count > 0),
            RingRoadLayout r => (r.Network, r.Lanes, r.Length, r.Length, false),
            IntersectionLayout i => (i.Network, i.Arm(Compass.South).IncomingLanes, i.Network.Lane(i.Arm(Compass.South).IncomingLanes[0]).Length, null, true),
            UrbanBlockLayout u => (u.Network, u.CounterClockwise[0].DrivingLanes, LoopLength(u), LoopLength(u), true),
            _ => throw new ArgumentException($"unexpected layout {layout?.GetType().Name}", nameof(layout)),
        };
    }

    /// <summary>The generator's name in the file.</summary>
    public string Type { get; }

    /// <summary>The generator's layout record (lane ids, lengths, geometry).</summary>
    public object Layout { get; }

    /// <summary>The network.</summary>
    public RoadNetwork Network { get; }

    /// <summary>The driving lanes a <c>lane</c> index counts at s = 0 (an intersection's south arm), 0 = leftmost.</summary>
    public IReadOnlyList<int> Lanes { get; }

    /// <summary>How far <c>s</c> may go, m.</summary>
    public double Length { get; }

    /// <summary>The length of the loop when s wraps round (ring, urban block), else null.</summary>
    public double? Loop { get; }

    /// <summary>Whether traffic runs both ways (the far side is across a centre line).</summary>
    public bool TwoWay { get; }

    /// <summary>Whether the road has intersection arms (placements name one).</summary>
    public bool HasArms => Layout is IntersectionLayout;

    /// <summary>Whether the road has this kind of place.</summary>
    public bool Has(PlaceKind kind) => kind switch
    {
        PlaceKind.Parking => Layout is UrbanBlockLayout,
        PlaceKind.Sidewalk or PlaceKind.FarSidewalk => Layout is UrbanBlockLayout or IntersectionLayout,
        _ => true,
    };

    /// <summary>The position on driving lane <paramref name="index"/> at <paramref name="s"/>, <paramref name="t"/> m
    /// left of its centre.</summary>
    public LanePosition DrivingPosition(Compass arm, int index, double s, double t)
    {
        Frame f = FrameAt(arm, s);
        return new LanePosition(f.Driving[index], f.S, t);
    }

    /// <summary>The world pose of a place at <paramref name="s"/>, <paramref name="t"/> m to the left (in the driving
    /// direction) of its centre line: heading along the near lanes' direction.</summary>
    /// <exception cref="InvalidOperationException">The road has no such place (<see cref="Has"/>).</exception>
    public Pose2 Point(Compass arm, PlaceKind kind, int index, double s, double t)
    {
        if (!Has(kind))
        {
            throw new InvalidOperationException($"a {Type} road has no {kind}");
        }

        Frame f = FrameAt(arm, s);
        Lane first = Network.Lane(f.Driving[0]), last = Network.Lane(f.Outermost);
        double leftEdge = first.Offset + (first.Width / 2);
        double rightEdge = last.Offset - (last.Width / 2);
        double axis = TwoWay ? leftEdge : (leftEdge + rightEdge) / 2; // what "across the road" mirrors about
        double u = kind switch
        {
            PlaceKind.Lane => Network.Lane(f.Driving[index]).Offset + t,
            PlaceKind.Parking => Network.Lane(f.Parking).Offset + t,
            PlaceKind.Sidewalk => Network.Lane(f.Sidewalk).Offset + t,
            PlaceKind.FarSidewalk => (2 * axis) - (Network.Lane(f.Sidewalk).Offset - t),
            PlaceKind.Verge => rightEdge - VergeMargin + t,
            _ => (2 * axis) - (rightEdge - VergeMargin - t),
        };
        Pose2 reference = Network.Lane(f.Driving[0]).Road.Reference.PoseAt(f.S);
        return reference.Offset(0, u);
    }

    /// <summary>The far-side point across the road from a world point near it: the point mirrored about the centre
    /// line (two-way) or the carriageway's middle (one-way) of the nearest road, in the frame of that road.</summary>
    /// <returns>False when the point is beside no road.</returns>
    public bool TryAcross(double x, double y, out (double X, double Y) across)
    {
        across = default;
        Road? best = null;
        double bestDistance = double.MaxValue, bestS = 0, bestT = 0;
        foreach (Road road in Network.Roads)
        {
            if (road.Junction >= 0 || !road.Lanes.Any(l => l.IsDrivable))
            {
                continue;
            }

            (double s, double t) = road.Reference.Project(x, y);
            Pose2 back = road.Reference.PoseAt(s).Offset(0, t); // differs from (x, y) off the road's ends
            double d = Math.Abs(t) + Math.Sqrt(((back.X - x) * (back.X - x)) + ((back.Y - y) * (back.Y - y)));
            if (d < bestDistance)
            {
                (best, bestDistance, bestS, bestT) = (road, d, s, t);
            }
        }

        if (best is null || bestDistance > 50)
        {
            return false;
        }

        Lane[] driving = [.. best.Lanes.Where(l => l.IsDrivable)];
        Lane outer = best.Lanes[^1];
        double leftEdge = driving[0].Offset + (driving[0].Width / 2), rightEdge = outer.Offset - (outer.Width / 2);
        double axis = TwoWay ? leftEdge : (leftEdge + rightEdge) / 2;
        Pose2 p = best.Reference.PoseAt(bestS).Offset(0, (2 * axis) - bestT);
        across = (p.X, p.Y);
        return true;
    }

    private static double LoopLength(UrbanBlockLayout u) => u.CounterClockwise.Sum(street => LaneLength(u, street));

    private static double LaneLength(UrbanBlockLayout u, BlockStreet street) => u.Network.Lane(street.DrivingLanes[0]).Length;

    private Frame FrameAt(Compass arm, double s)
    {
        switch (Layout)
        {
            case HighwayLayout h:
            {
                LanePosition p = h.MainLaneAt(0, Math.Clamp(s, 0, h.Length));
                int section = h.Sections.Select((lanes, i) => (lanes, i)).First(x => x.lanes[0] == p.Lane).i;
                IReadOnlyList<int> lanes = h.Sections[section];
                return new Frame(lanes, p.S, -1, -1, Network.Lane(lanes[0]).Road.Lanes[^1].Id);
            }

            case IntersectionLayout i:
            {
                IntersectionArm a = i.Arm(arm);
                int sidewalk = a.Sidewalks[0];
                return new Frame(a.IncomingLanes, Math.Clamp(s, 0, Network.Lane(a.IncomingLanes[0]).Length), -1, sidewalk, sidewalk);
            }

            case UrbanBlockLayout u:
            {
                double along = Loop is { } loop ? ((s % loop) + loop) % loop : s;
                foreach (BlockStreet street in u.CounterClockwise)
                {
                    double length = LaneLength(u, street);
                    if (along < length || street == u.CounterClockwise[^1])
                    {
                        return new Frame(street.DrivingLanes, Math.Min(along, length), street.ParkingLane, street.Sidewalk, street.Sidewalk);
                    }

                    along -= length;
                }

                throw new InvalidOperationException("unreachable");
            }

            default:
            {
                double clamped = Loop is { } loop ? ((s % loop) + loop) % loop : Math.Clamp(s, 0, Length);
                clamped = Math.Min(clamped, Network.Lane(Lanes[0]).Length);
                return new Frame(Lanes, clamped, -1, -1, Network.Lane(Lanes[^1]).Road.Lanes[^1].Id);
            }
        }
    }

    /// <summary>The lanes across the road at one s: driving lanes (leftmost first), parking lane, sidewalk (−1 when
    /// none), the outermost lane of the road, and s on that road.</summary>
    private readonly record struct Frame(IReadOnlyList<int> Driving, double S, int Parking, int Sidewalk, int Outermost);
}
