namespace Sim.Core.Traffic.Roads;

/// <summary>A road's reference line: consecutive segments, parameterised by arc length s from the road's start.</summary>
public sealed class ReferenceLine
{
    private readonly ReferenceSegment[] _segments;
    private readonly double[] _starts;

    /// <summary>Joins segments end to start.</summary>
    /// <exception cref="ArgumentException">No segments, or a segment does not start where the previous one ends (1 cm, 0.01 rad).</exception>
    public ReferenceLine(params IReadOnlyList<ReferenceSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A reference line needs at least one segment.", nameof(segments));
        }

        _segments = [.. segments];
        _starts = new double[_segments.Length];
        for (int i = 1; i < _segments.Length; i++)
        {
            Pose2 end = _segments[i - 1].End, start = _segments[i].Start;
            if (Math.Abs(end.X - start.X) > 0.01 || Math.Abs(end.Y - start.Y) > 0.01 || Math.Abs(Pose2.WrapAngle(end.Heading - start.Heading)) > 0.01)
            {
                throw new ArgumentException($"Segment {i} starts at {start} but segment {i - 1} ends at {end}.", nameof(segments));
            }

            _starts[i] = _starts[i - 1] + _segments[i - 1].Length;
        }

        Length = _starts[^1] + _segments[^1].Length;
    }

    /// <summary>Total length, m.</summary>
    public double Length { get; }

    /// <summary>The segments in order.</summary>
    public IReadOnlyList<ReferenceSegment> Segments => _segments;

    /// <summary>Pose of the reference line at <paramref name="s"/> (clamped to [0, Length]).</summary>
    public Pose2 PoseAt(double s)
    {
        int i = SegmentAt(s, out double ds);
        return _segments[i].PoseAt(ds);
    }

    /// <summary>Signed curvature at <paramref name="s"/>, 1/m.</summary>
    public double CurvatureAt(double s)
    {
        int i = SegmentAt(s, out double ds);
        return _segments[i].CurvatureAt(ds);
    }

    /// <summary>The (s, t) of a world point: s of the closest reference point, t its signed lateral distance (left positive).</summary>
    public (double S, double T) Project(double x, double y)
    {
        double bestD = double.MaxValue, bestS = 0, bestT = 0;
        for (int i = 0; i < _segments.Length; i++)
        {
            double ds = _segments[i].Closest(x, y);
            Pose2 p = _segments[i].PoseAt(ds);
            double dx = x - p.X, dy = y - p.Y;
            double d = (dx * dx) + (dy * dy);
            if (d < bestD)
            {
                (double sin, double cos) = Math.SinCos(p.Heading);
                bestD = d;
                bestS = _starts[i] + ds;
                bestT = (-dx * sin) + (dy * cos);
            }
        }

        return (bestS, bestT);
    }

    private int SegmentAt(double s, out double ds)
    {
        s = Math.Clamp(s, 0, Length);
        int i = Array.BinarySearch(_starts, s);
        i = i >= 0 ? i : ~i - 1;
        i = Math.Clamp(i, 0, _segments.Length - 1);
        ds = Math.Min(s - _starts[i], _segments[i].Length);
        return i;
    }
}
