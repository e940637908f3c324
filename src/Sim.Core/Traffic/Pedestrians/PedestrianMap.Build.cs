using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <content>Deriving crosswalk geometry, sidewalk attachments and continuations from the road network.</content>
public sealed partial class PedestrianMap
{
    /// <summary>Sampling step along a crosswalk's centre line, m; lane boundaries are then refined by bisection.</summary>
    private const double SampleStep = 0.05;

    private CrosswalkGeometry BuildCrosswalk(Crosswalk crosswalk)
    {
        double length = crosswalk.Length;
        if (!(length > 0.1))
        {
            throw new InvalidOperationException($"Crosswalk {crosswalk.Id} is {length:0.###} m long; pedestrians need at least 0.1 m.");
        }

        int samples = Math.Max(2, (int)Math.Ceiling(length / SampleStep));
        var lanes = new int[samples + 1];
        for (int k = 0; k <= samples; k++)
        {
            lanes[k] = LaneAt(crosswalk, (double)k / samples);
        }

        var bands = new List<CrossedLaneBand>();
        for (int k = 0; k <= samples;)
        {
            int lane = lanes[k];
            int first = k;
            while (k <= samples && lanes[k] == lane)
            {
                k++;
            }

            if (lane < 0)
            {
                continue;
            }

            int last = k - 1;
            double uMin = first == 0 ? 0 : Boundary(crosswalk, lane, (double)(first - 1) / samples, (double)first / samples);
            double uMax = last == samples ? 1 : Boundary(crosswalk, lane, (double)(last + 1) / samples, (double)last / samples);
            double sMin = double.MaxValue, sMax = double.MinValue;
            foreach (double u in Enumerable.Range(first, last - first + 1).Select(i => (double)i / samples).Append(uMin).Append(uMax))
            {
                (double x, double y) = crosswalk.PointAt(u);
                if (_locator.TryLocateDrivable(x, y, out int at, out double s) && at == lane)
                {
                    sMin = Math.Min(sMin, s);
                    sMax = Math.Max(sMax, s);
                }
            }

            bands.Add(new CrossedLaneBand(lane, uMin, uMax, sMin, sMax));
        }

        return new CrosswalkGeometry(crosswalk, FindEnd(crosswalk, fromEnd: true), FindEnd(crosswalk, fromEnd: false), [.. bands]);
    }

    private int LaneAt(Crosswalk crosswalk, double u)
    {
        (double x, double y) = crosswalk.PointAt(u);
        return _locator.TryLocateDrivable(x, y, out int lane, out _) ? lane : -1;
    }

    /// <summary>The progress where the centre line enters <paramref name="lane"/>, between a point off it and one on it.</summary>
    private double Boundary(Crosswalk crosswalk, int lane, double off, double on)
    {
        for (int i = 0; i < 40; i++)
        {
            double mid = (off + on) / 2;
            if (LaneAt(crosswalk, mid) == lane)
            {
                on = mid;
            }
            else
            {
                off = mid;
            }
        }

        return on;
    }

    /// <summary>The first point on a sidewalk walking inward from one end (every 2 cm, up to the middle).</summary>
    private CrosswalkEnd FindEnd(Crosswalk crosswalk, bool fromEnd)
    {
        double step = Math.Min(0.5, 0.02 / crosswalk.Length);
        for (double d = 0; d <= 0.5; d += step)
        {
            double u = fromEnd ? d : 1 - d;
            (double x, double y) = crosswalk.PointAt(u);
            if (_locator.TryLocateSidewalk(x, y, out LanePosition p))
            {
                return new CrosswalkEnd(p.Lane, p.S, p.T, u);
            }
        }

        return new CrosswalkEnd(-1, 0, 0, fromEnd ? 0 : 1);
    }

    private static SidewalkAttachment[][] BuildAttachments(RoadNetwork network, CrosswalkGeometry[] crosswalks)
    {
        var lists = network.Lanes.Select(_ => new List<SidewalkAttachment>()).ToArray();
        foreach (CrosswalkGeometry crosswalk in crosswalks)
        {
            for (int end = 0; end < 2; end++)
            {
                CrosswalkEnd e = crosswalk.End(end);
                if (e.Lane >= 0)
                {
                    lists[e.Lane].Add(new SidewalkAttachment(crosswalk.Id, end, e.S, e.T));
                }
            }
        }

        return [.. lists.Select(l => l.OrderBy(a => a.S).ThenBy(a => a.Crosswalk).ToArray())];
    }

    private static (SidewalkContinuation[][] AtStart, SidewalkContinuation[][] AtEnd) BuildContinuations(RoadNetwork network)
    {
        int n = network.Lanes.Count;
        var atStart = new SidewalkContinuation[n][];
        var atEnd = new SidewalkContinuation[n][];
        for (int id = 0; id < n; id++)
        {
            Lane lane = network.Lanes[id];
            if (lane.Kind != LaneKind.Sidewalk)
            {
                atStart[id] = atEnd[id] = [];
                continue;
            }

            atEnd[id] = Continuations(network, lane, atEnd: true);
            atStart[id] = Continuations(network, lane, atEnd: false);
        }

        return (atStart, atEnd);
    }

    private static SidewalkContinuation[] Continuations(RoadNetwork network, Lane lane, bool atEnd)
    {
        var found = new List<SidewalkContinuation>();
        IEnumerable<int> connected = atEnd ? lane.Successors : lane.Predecessors;
        foreach (int other in connected)
        {
            if (network.Lanes[other].Kind == LaneKind.Sidewalk)
            {
                // Walking off a lane's end onto a successor enters it at its start; off a lane's start onto a predecessor, at its end.
                found.Add(new SidewalkContinuation(other, AtStart: atEnd));
            }
        }

        Pose2 here = network.ToWorld(new LanePosition(lane.Id, atEnd ? lane.Length : 0, 0));
        foreach (Lane other in network.Lanes)
        {
            if (other.Kind != LaneKind.Sidewalk || other.Id == lane.Id)
            {
                continue;
            }

            double reach = (lane.Width + other.Width) / 2;
            foreach (bool otherStart in new[] { true, false })
            {
                Pose2 there = network.ToWorld(new LanePosition(other.Id, otherStart ? 0 : other.Length, 0));
                double dx = there.X - here.X, dy = there.Y - here.Y;
                var candidate = new SidewalkContinuation(other.Id, otherStart);
                if (Math.Sqrt((dx * dx) + (dy * dy)) <= reach && !found.Contains(candidate))
                {
                    found.Add(candidate);
                }
            }
        }

        return [.. found];
    }
}
