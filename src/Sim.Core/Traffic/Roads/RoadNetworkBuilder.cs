namespace Sim.Core.Traffic.Roads;

/// <summary>The lanes of a road, from the reference line outward.</summary>
/// <param name="Kind">What the lane is for.</param>
/// <param name="Width">Width, m (0.5–10).</param>
/// <param name="SpeedLimit">Speed limit, m/s (0 for lanes without traffic).</param>
public readonly record struct LaneSpec(LaneKind Kind, double Width, double SpeedLimit);

/// <summary>Builds a <see cref="RoadNetwork"/>: roads with lanes, connections, crosswalks, signals and yield rules.
/// Neighbours are set from lane order; junction conflict points are found geometrically.</summary>
public sealed class RoadNetworkBuilder
{
    private readonly List<Road> _roads = [];
    private readonly List<Lane> _lanes = [];
    private readonly List<(double, double, double, double, double)> _crosswalks = [];
    private readonly List<(double Cycle, double Offset, List<SignalGroup> Groups)> _signals = [];
    private readonly HashSet<(int Yielding, int Priority)> _yields = [];

    /// <summary>Adds a one-way road; its lanes lie to the right of <paramref name="reference"/>, in the given order
    /// from the reference line outward. Returns the road (lane ids in <see cref="Road.Lanes"/>).</summary>
    /// <exception cref="ArgumentException">No lanes, or a width or speed limit out of range.</exception>
    public Road AddRoad(string name, ReferenceLine reference, IReadOnlyList<LaneSpec> lanes, int junction = -1)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(lanes);
        if (lanes.Count == 0)
        {
            throw new ArgumentException($"Road '{name}' needs at least one lane.", nameof(lanes));
        }

        var road = new Road(_roads.Count, name, reference, junction);
        double edge = 0;
        for (int i = 0; i < lanes.Count; i++)
        {
            LaneSpec spec = lanes[i];
            if (!(spec.Width is >= 0.5 and <= 10))
            {
                throw new ArgumentException($"Road '{name}' lane {i}: width {spec.Width} m is outside 0.5–10 m.", nameof(lanes));
            }

            if (!(spec.SpeedLimit is >= 0 and <= 100))
            {
                throw new ArgumentException($"Road '{name}' lane {i}: speed limit {spec.SpeedLimit} m/s is outside 0–100 m/s.", nameof(lanes));
            }

            var lane = new Lane(_lanes.Count, road, i, spec.Kind, edge - (spec.Width / 2), spec.Width, spec.SpeedLimit);
            edge -= spec.Width;
            foreach (ReferenceSegment segment in reference.Segments)
            {
                double k = segment.CurvatureAt(segment.Length / 2);
                if (Math.Max(k * edge, k * (edge + spec.Width)) >= 0.95) // 1 − κt → 0: the lane reaches the curve's centre
                {
                    throw new ArgumentException(
                        $"Road '{name}' lane {i} reaches {Math.Abs(edge):0.##} m right of a reference line curving with radius {Math.Abs(1 / k):0.##} m: the lane would cross the curve's centre. Use a larger radius or fewer lanes.",
                        nameof(lanes));
                }
            }
            road.AddLane(lane);
            _lanes.Add(lane);
        }

        for (int i = 0; i < road.Lanes.Count; i++)
        {
            Lane lane = road.Lanes[i];
            if (!lane.IsDrivable)
            {
                continue;
            }

            if (i > 0 && road.Lanes[i - 1].IsDrivable)
            {
                lane.Left = road.Lanes[i - 1].Id;
            }

            if (i + 1 < road.Lanes.Count && road.Lanes[i + 1].IsDrivable)
            {
                lane.Right = road.Lanes[i + 1].Id;
            }
        }

        _roads.Add(road);
        return road;
    }

    /// <summary>Lets vehicles continue from the end of lane <paramref name="from"/> onto the start of lane <paramref name="to"/>.</summary>
    public RoadNetworkBuilder Connect(int from, int to)
    {
        Lane a = LaneById(from), b = LaneById(to);
        if (!a.SuccessorList.Contains(to))
        {
            a.SuccessorList.Add(to);
            b.PredecessorList.Add(from);
        }

        return this;
    }

    /// <summary>Vehicles on <paramref name="yielding"/> give way to vehicles on <paramref name="priority"/> where their
    /// centre lines cross or merge.</summary>
    public RoadNetworkBuilder Yield(int yielding, int priority)
    {
        LaneById(yielding);
        LaneById(priority);
        _yields.Add((yielding, priority));
        return this;
    }

    /// <summary>Adds a crosswalk strip from one point to another (world frame); the lanes it crosses are found geometrically.</summary>
    public RoadNetworkBuilder AddCrosswalk((double X, double Y) from, (double X, double Y) to, double width = 3)
    {
        _crosswalks.Add((from.X, from.Y, to.X, to.Y, width));
        return this;
    }

    /// <summary>Adds a fixed-time signal; returns its id.</summary>
    /// <exception cref="ArgumentException">A non-positive cycle, or a group that does not fit in it.</exception>
    public int AddSignal(double cycle, double offset, IReadOnlyList<SignalGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (!(cycle > 0))
        {
            throw new ArgumentException($"Signal cycle {cycle} s must be positive.", nameof(cycle));
        }

        foreach (SignalGroup g in groups)
        {
            if (g.Green < 0 || g.Yellow < 0 || g.Green + g.Yellow > cycle)
            {
                throw new ArgumentException($"Signal group green {g.Green} s + yellow {g.Yellow} s does not fit in the {cycle} s cycle.", nameof(groups));
            }

            foreach (int lane in g.Lanes)
            {
                LaneById(lane);
                if (_signals.Any(other => other.Groups.Any(og => og.Lanes.Contains(lane))) || groups.Count(og => og.Lanes.Contains(lane)) > 1)
                {
                    throw new ArgumentException($"Lane {lane} is already controlled by a signal group; each stop line has one signal.", nameof(groups));
                }
            }
        }

        _signals.Add((cycle, offset, [.. groups]));
        return _signals.Count - 1;
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentException">A connection joins lanes whose ends do not meet (more than 0.5 m or 0.1 rad
    /// apart): vehicles would jump sideways there. A lane drop is two lanes of which one ends (no successor) or merges
    /// through a junction connector, not two lanes connected to one.</exception>
    public RoadNetwork Build()
    {
        foreach (Lane from in _lanes)
        {
            foreach (int toId in from.SuccessorList)
            {
                Lane to = _lanes[toId];
                Pose2 end = from.Road.Reference.PoseAt(from.Length).Offset(0, from.Offset);
                Pose2 start = to.Road.Reference.PoseAt(0).Offset(0, to.Offset);
                double gap = Math.Sqrt(((end.X - start.X) * (end.X - start.X)) + ((end.Y - start.Y) * (end.Y - start.Y)));
                if (gap > 0.5 || Math.Abs(Pose2.WrapAngle(end.Heading - start.Heading)) > 0.1)
                {
                    throw new ArgumentException(
                        $"Connection {from} → {to}: the first ends at ({end.X:0.##}, {end.Y:0.##}) heading {end.Heading:0.###} rad, the second starts at ({start.X:0.##}, {start.Y:0.##}) heading {start.Heading:0.###} rad; lanes must meet within 0.5 m and 0.1 rad.");
                }
            }
        }

        var signals = _signals.Select((s, i) => new TrafficSignal(i, s.Cycle, s.Offset, s.Groups)).ToList();
        var partial = new RoadNetwork(_roads, _lanes, [], signals, [], []);
        var crosswalks = _crosswalks.Select((c, i) => new Crosswalk(i, (c.Item1, c.Item2), (c.Item3, c.Item4), c.Item5, FindCrossings(partial, c))).ToList();
        return new RoadNetwork(_roads, _lanes, crosswalks, signals, FindConflicts(), FindCrossingPaths());
    }

    private static List<CrosswalkCrossing> FindCrossings(RoadNetwork network, (double X0, double Y0, double X1, double Y1, double W) c)
    {
        double length = Math.Sqrt(((c.X1 - c.X0) * (c.X1 - c.X0)) + ((c.Y1 - c.Y0) * (c.Y1 - c.Y0)));
        int samples = Math.Max(2, (int)Math.Ceiling(length / 0.25));
        var sums = new SortedDictionary<int, (double Sum, int N)>();
        for (int k = 0; k <= samples; k++)
        {
            double u = (double)k / samples;
            if (network.TryToLane(c.X0 + (u * (c.X1 - c.X0)), c.Y0 + (u * (c.Y1 - c.Y0)), out LanePosition p) && network.Lanes[p.Lane].IsDrivable)
            {
                (double sum, int n) = sums.GetValueOrDefault(p.Lane);
                sums[p.Lane] = (sum + p.S, n + 1);
            }
        }

        return [.. sums.Select(kv => new CrosswalkCrossing(kv.Key, kv.Value.Sum / kv.Value.N))];
    }

    /// <summary>Lateral distance between two lanes' centre lines below which vehicles on them can touch, m.</summary>
    public const double VehicleConflictDistance = 3.0;

    /// <summary>Conflicts between lanes with a yield rule: on each lane, the stretch (sampled every 0.5 m) where its
    /// centre line comes closer to the other's than <see cref="VehicleConflictDistance"/> (or the half widths added,
    /// if smaller).</summary>
    private List<ConflictPoint> FindConflicts()
    {
        var conflicts = new List<ConflictPoint>();
        foreach ((int yielding, int priority) in _yields.OrderBy(y => y.Yielding).ThenBy(y => y.Priority))
        {
            Lane a = _lanes[yielding], b = _lanes[priority];
            List<(double S, double X, double Y)> pa = Sample(a), pb = Sample(b);
            // Vehicles, not lanes, collide: two 2.55 m wide trucks side by side touch when their centres are 2.55 m
            // apart; 3 m leaves a margin. Wide lanes that merely run side by side are not a conflict.
            double touch = ConflictDistance(a, b);
            (double, double)? onA = Overlap(pa, pb, touch), onB = Overlap(pb, pa, touch);
            if (onA is { } ra && onB is { } rb)
            {
                conflicts.Add(new ConflictPoint(yielding, ra.Item1, ra.Item2, priority, rb.Item1, rb.Item2));
            }
        }

        return conflicts;
    }

    /// <summary>
    /// Every pair of lanes inside the same junction whose vehicles can touch (crossing or merging paths, not branches
    /// of one fork), as conflict areas in both directions (the "yielding" side is the lane the entry is listed under).
    /// Vehicles use them to keep out of a junction path while another vehicle is still in its way.
    /// </summary>
    private List<ConflictPoint> FindCrossingPaths()
    {
        var paths = new List<ConflictPoint>();
        foreach (IGrouping<int, Lane> junction in _lanes.Where(l => l.Road.Junction >= 0 && l.IsDrivable).GroupBy(l => l.Road.Junction).OrderBy(g => g.Key))
        {
            Lane[] lanes = [.. junction.OrderBy(l => l.Id)];
            List<(double S, double X, double Y)>[] samples = [.. lanes.Select(Sample)];
            for (int i = 0; i < lanes.Length; i++)
            {
                for (int j = i + 1; j < lanes.Length; j++)
                {
                    Lane a = lanes[i], b = lanes[j];
                    if (a.PredecessorList.Intersect(b.PredecessorList).Any())
                    {
                        continue; // branches of one fork: vehicles follow each other there
                    }

                    double touch = ConflictDistance(a, b);
                    (double, double)? onA = Overlap(samples[i], samples[j], touch), onB = Overlap(samples[j], samples[i], touch);
                    if (onA is { } ra && onB is { } rb)
                    {
                        paths.Add(new ConflictPoint(a.Id, ra.Item1, ra.Item2, b.Id, rb.Item1, rb.Item2));
                        paths.Add(new ConflictPoint(b.Id, rb.Item1, rb.Item2, a.Id, ra.Item1, ra.Item2));
                    }
                }
            }
        }

        return paths;
    }

    /// <summary>
    /// How close two lanes' centre lines may come before vehicles on them can touch: <see cref="VehicleConflictDistance"/>
    /// (or the half widths added, if smaller), plus, on curved lanes, how far a 12 m bus's ends swing out of its path
    /// on the tightest curve of either lane: √(R² + 6²) − R.
    /// </summary>
    private static double ConflictDistance(Lane a, Lane b)
    {
        double swing = 0;
        foreach (Lane lane in new[] { a, b })
        {
            double curvature = 0;
            for (double s = 0; s <= lane.Length; s += 0.5)
            {
                double k = lane.Road.Reference.CurvatureAt(s);
                curvature = Math.Max(curvature, Math.Abs(k / (1 - (k * lane.Offset))));
            }

            if (curvature > 1e-6)
            {
                double r = 1 / curvature;
                swing = Math.Max(swing, Math.Sqrt((r * r) + 36) - r);
            }
        }

        return Math.Min((a.Width + b.Width) / 2, VehicleConflictDistance) + swing;
    }

    /// <summary>The first and last s of <paramref name="lane"/> closer than <paramref name="distance"/> to the other
    /// polyline: found on the 0.5 m samples, then refined by bisection to double precision.</summary>
    private static (double First, double Last)? Overlap(List<(double S, double X, double Y)> lane, List<(double S, double X, double Y)> other, double distance)
    {
        int first = -1, last = -1;
        for (int i = 0; i < lane.Count; i++)
        {
            if (DistanceToPolyline(lane[i].X, lane[i].Y, other) < distance)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first < 0)
        {
            return null;
        }

        double start = first == 0 ? lane[0].S : Boundary(lane[first - 1], lane[first]);
        double end = last == lane.Count - 1 ? lane[^1].S : Boundary(lane[last + 1], lane[last]);
        return (start, end);

        // Bisection between an outside sample and an inside one, along the straight chord between them.
        double Boundary((double S, double X, double Y) outside, (double S, double X, double Y) inside)
        {
            double lo = 0, hi = 1; // fraction from outside to inside
            for (int k = 0; k < 52; k++)
            {
                double mid = (lo + hi) / 2;
                double x = outside.X + (mid * (inside.X - outside.X)), y = outside.Y + (mid * (inside.Y - outside.Y));
                if (DistanceToPolyline(x, y, other) < distance)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            return outside.S + (hi * (inside.S - outside.S));
        }
    }

    private static double DistanceToPolyline(double x, double y, List<(double S, double X, double Y)> line)
    {
        double best = double.MaxValue;
        for (int i = 0; i + 1 < line.Count; i++)
        {
            double dx = line[i + 1].X - line[i].X, dy = line[i + 1].Y - line[i].Y;
            double length2 = (dx * dx) + (dy * dy);
            double u = length2 > 0 ? Math.Clamp((((x - line[i].X) * dx) + ((y - line[i].Y) * dy)) / length2, 0, 1) : 0;
            double px = line[i].X + (u * dx) - x, py = line[i].Y + (u * dy) - y;
            best = Math.Min(best, (px * px) + (py * py));
        }

        return Math.Sqrt(best);
    }

    private static List<(double S, double X, double Y)> Sample(Lane lane)
    {
        int n = Math.Max(2, (int)Math.Ceiling(lane.Length / 0.5));
        var points = new List<(double, double, double)>(n + 1);
        for (int k = 0; k <= n; k++)
        {
            double s = lane.Length * k / n;
            Pose2 p = lane.Road.Reference.PoseAt(s).Offset(0, lane.Offset);
            points.Add((s, p.X, p.Y));
        }

        return points;
    }

    private Lane LaneById(int id) => (uint)id < (uint)_lanes.Count
        ? _lanes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"No lane {id}; the builder has lanes 0–{_lanes.Count - 1}.");
}
