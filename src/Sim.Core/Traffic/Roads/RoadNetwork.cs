namespace Sim.Core.Traffic.Roads;

/// <summary>
/// The static road network of a world (a managed world resource): roads with lanes, their connections through
/// junctions, crosswalks, fixed-time signals and junction conflict points. Immutable once built by
/// <see cref="RoadNetworkBuilder"/>. Converts between lane coordinates (lane, s, t) and world poses.
/// </summary>
public sealed class RoadNetwork
{
    private readonly (int Signal, int Group)[] _laneSignal;
    private readonly ConflictPoint[][] _conflictsByYieldingLane;
    private readonly ConflictPoint[][] _crossingPathsByLane;
    private readonly double[] _maxCurvature;
    private readonly CrosswalkCrossing[][] _crossingsByLane;

    internal RoadNetwork(
        IReadOnlyList<Road> roads,
        IReadOnlyList<Lane> lanes,
        IReadOnlyList<Crosswalk> crosswalks,
        IReadOnlyList<TrafficSignal> signals,
        IReadOnlyList<ConflictPoint> conflicts,
        IReadOnlyList<ConflictPoint> crossingPaths)
    {
        Roads = roads;
        Lanes = lanes;
        Crosswalks = crosswalks;
        Signals = signals;
        Conflicts = conflicts;
        _laneSignal = new (int, int)[lanes.Count];
        Array.Fill(_laneSignal, (-1, -1));
        foreach (TrafficSignal signal in signals)
        {
            for (int g = 0; g < signal.Groups.Count; g++)
            {
                foreach (int lane in signal.Groups[g].Lanes)
                {
                    _laneSignal[lane] = (signal.Id, g);
                }
            }
        }

        _conflictsByYieldingLane = [.. lanes.Select(l => conflicts.Where(c => c.Yielding == l.Id).OrderBy(c => c.YieldingS).ToArray())];
        _crossingPathsByLane = [.. lanes.Select(l => crossingPaths.Where(c => c.Yielding == l.Id).OrderBy(c => c.YieldingS).ToArray())];
        _maxCurvature = [.. lanes.Select(MaxCurvatureOf)];
        _crossingsByLane = [.. lanes.Select(l => crosswalks.SelectMany(c => c.Crossings).Where(c => c.Lane == l.Id).OrderBy(c => c.S).ToArray())];
    }

    /// <summary>Roads by id.</summary>
    public IReadOnlyList<Road> Roads { get; }

    /// <summary>Lanes by id.</summary>
    public IReadOnlyList<Lane> Lanes { get; }

    /// <summary>Crosswalks by id.</summary>
    public IReadOnlyList<Crosswalk> Crosswalks { get; }

    /// <summary>Signals by id.</summary>
    public IReadOnlyList<TrafficSignal> Signals { get; }

    /// <summary>Conflict points inside junctions.</summary>
    public IReadOnlyList<ConflictPoint> Conflicts { get; }

    /// <summary>The lane with this id.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such lane.</exception>
    public Lane Lane(int id) => (uint)id < (uint)Lanes.Count
        ? Lanes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"The road network has lanes 0–{Lanes.Count - 1}.");

    /// <summary>World pose of a lane position: the reference pose at s, shifted left by the lane's offset plus t.
    /// The heading is the lane's direction at s.</summary>
    public Pose2 ToWorld(LanePosition position)
    {
        Lane lane = Lane(position.Lane);
        return lane.Road.Reference.PoseAt(position.S).Offset(0, lane.Offset + position.T);
    }

    /// <summary>
    /// Lane coordinates of a world point: the lane of the given kind (any kind when null) whose band contains the
    /// point, nearest first. False when the point is on no such lane.
    /// </summary>
    public bool TryToLane(double x, double y, out LanePosition position, LaneKind? kind = null)
    {
        position = default;
        double best = double.MaxValue;
        foreach (Road road in Roads)
        {
            (double s, double t) = road.Reference.Project(x, y);
            if (s < -1e-9 || s > road.Length + 1e-9)
            {
                continue;
            }

            // Off the ends of the road the projection clamps: only accept points beside the road.
            Pose2 onRef = road.Reference.PoseAt(s).Offset(0, t);
            if (Math.Abs(onRef.X - x) > 1e-6 || Math.Abs(onRef.Y - y) > 1e-6)
            {
                continue;
            }

            foreach (Lane lane in road.Lanes)
            {
                double dt = t - lane.Offset;
                if ((kind is null || lane.Kind == kind) && Math.Abs(dt) <= (lane.Width / 2) + 1e-9 && Math.Abs(dt) < best)
                {
                    best = Math.Abs(dt);
                    position = new LanePosition(lane.Id, s, dt);
                }
            }
        }

        return best < double.MaxValue;
    }

    /// <summary>Signed curvature of the lane's centre line at s, 1/m (a lane offset t from a reference of curvature κ
    /// has curvature κ / (1 − κ t)).</summary>
    public double LaneCurvature(int lane, double s)
    {
        Lane l = Lane(lane);
        double k = l.Road.Reference.CurvatureAt(s);
        return k / (1 - (k * l.Offset));
    }

    /// <summary>The largest |curvature| of the lane's centre line (sampled every 0.5 m), 1/m: a vehicle whose steering
    /// lock allows less cannot follow the lane.</summary>
    public double MaxCurvature(int lane) => _maxCurvature[lane];

    private double MaxCurvatureOf(Lane lane)
    {
        double max = 0;
        for (double s = 0; s <= lane.Length; s += 0.5)
        {
            max = Math.Max(max, Math.Abs(LaneCurvature(lane.Id, s)));
        }

        return Math.Max(max, Math.Abs(LaneCurvature(lane.Id, lane.Length)));
    }

    /// <summary>What the signal at the end of <paramref name="lane"/> shows at <paramref name="time"/>.</summary>
    public SignalState SignalAt(int lane, double time)
    {
        (int signal, int group) = _laneSignal[lane];
        return signal < 0 ? SignalState.None : Signals[signal].StateOf(group, time);
    }

    /// <summary>Seconds until the signal at the end of <paramref name="lane"/> changes state (+∞ without a signal).</summary>
    public double SignalTimeToChange(int lane, double time)
    {
        (int signal, int group) = _laneSignal[lane];
        return signal < 0 ? double.PositiveInfinity : Signals[signal].TimeToChange(group, time);
    }

    /// <summary>Conflict points where vehicles on <paramref name="lane"/> must give way, by increasing s.</summary>
    public ReadOnlySpan<ConflictPoint> ConflictsYieldingOn(int lane) => _conflictsByYieldingLane[lane];

    /// <summary>The junction paths whose vehicles can touch those on <paramref name="lane"/> (a junction lane), as
    /// conflict areas with this lane in the <see cref="ConflictPoint.Yielding"/> role, by increasing s.</summary>
    public ReadOnlySpan<ConflictPoint> CrossingPathsOf(int lane) => _crossingPathsByLane[lane];

    /// <summary>Crosswalk crossings on <paramref name="lane"/>, by increasing s.</summary>
    public ReadOnlySpan<CrosswalkCrossing> CrossingsOn(int lane) => _crossingsByLane[lane];
}
