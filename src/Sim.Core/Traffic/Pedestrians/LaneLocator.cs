using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>
/// Finds the lane under a world point without allocating (unlike <see cref="RoadNetwork.TryToLane"/>, whose
/// enumerators box): the same rule, a lane band that contains the point beside its road, nearest centre first,
/// restricted to drivable or to sidewalk lanes, with a bounding box per road to skip distant roads.
/// </summary>
internal sealed class LaneLocator
{
    private readonly RoadNetwork _network;
    private readonly (double MinX, double MinY, double MaxX, double MaxY)[] _boxes;

    public LaneLocator(RoadNetwork network)
    {
        _network = network;
        _boxes = new (double, double, double, double)[network.Roads.Count];
        for (int r = 0; r < network.Roads.Count; r++)
        {
            Road road = network.Roads[r];
            double reach = 1.0;
            for (int i = 0; i < road.Lanes.Count; i++)
            {
                reach = Math.Max(reach, Math.Abs(road.Lanes[i].Offset) + (road.Lanes[i].Width / 2) + 1.0);
            }

            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            int samples = Math.Max(2, (int)Math.Ceiling(road.Length / 1.0));
            for (int k = 0; k <= samples; k++)
            {
                Pose2 p = road.Reference.PoseAt(road.Length * k / samples);
                minX = Math.Min(minX, p.X);
                minY = Math.Min(minY, p.Y);
                maxX = Math.Max(maxX, p.X);
                maxY = Math.Max(maxY, p.Y);
            }

            _boxes[r] = (minX - reach, minY - reach, maxX + reach, maxY + reach);
        }
    }

    /// <summary>The drivable lane (driving or entry) under (x, y) and the point's s on it.</summary>
    public bool TryLocateDrivable(double x, double y, out int lane, out double s)
    {
        bool found = TryLocate(x, y, drivable: true, out LanePosition position);
        lane = found ? position.Lane : -1;
        s = found ? position.S : 0;
        return found;
    }

    /// <summary>The sidewalk lane under (x, y) with the point's lane coordinates.</summary>
    public bool TryLocateSidewalk(double x, double y, out LanePosition position) => TryLocate(x, y, drivable: false, out position);

    private bool TryLocate(double x, double y, bool drivable, out LanePosition position)
    {
        position = default;
        double best = double.MaxValue;
        IReadOnlyList<Road> roads = _network.Roads;
        for (int r = 0; r < _boxes.Length; r++)
        {
            (double minX, double minY, double maxX, double maxY) = _boxes[r];
            if (x < minX || x > maxX || y < minY || y > maxY)
            {
                continue;
            }

            Road road = roads[r];
            (double s, double t) = road.Reference.Project(x, y);
            if (s < -1e-9 || s > road.Length + 1e-9)
            {
                continue;
            }

            // Off the ends of a road the projection clamps: only points beside the road count (as in RoadNetwork.TryToLane).
            Pose2 beside = road.Reference.PoseAt(s).Offset(0, t);
            if (Math.Abs(beside.X - x) > 1e-6 || Math.Abs(beside.Y - y) > 1e-6)
            {
                continue;
            }

            IReadOnlyList<Lane> lanes = road.Lanes;
            for (int i = 0; i < lanes.Count; i++)
            {
                Lane lane = lanes[i];
                bool wanted = drivable ? lane.IsDrivable : lane.Kind == LaneKind.Sidewalk;
                double dt = t - lane.Offset;
                if (wanted && Math.Abs(dt) <= (lane.Width / 2) + 1e-9 && Math.Abs(dt) < best)
                {
                    best = Math.Abs(dt);
                    position = new LanePosition(lane.Id, s, dt);
                }
            }
        }

        return best < double.MaxValue;
    }
}
