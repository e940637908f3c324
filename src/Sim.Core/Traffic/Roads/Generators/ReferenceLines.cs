namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>Reference-line shapes shared by the generators.</summary>
internal static class ReferenceLines
{
    /// <summary>A straight from <paramref name="start"/>.</summary>
    public static ReferenceLine Straight(Pose2 start, double length) => new(new LineSegment(start, length));

    /// <summary>The same curve traversed the other way: segments in reverse order, each starting at the old end
    /// turned by π, arcs with negated curvature. Its right side is the original's left side, which is how the
    /// opposite direction of a two-way street is placed.</summary>
    /// <exception cref="NotSupportedException">A polyline segment (the generators do not make any).</exception>
    public static ReferenceLine Reversed(ReferenceLine line)
    {
        var segments = new List<ReferenceSegment>(line.Segments.Count);
        for (int i = line.Segments.Count - 1; i >= 0; i--)
        {
            ReferenceSegment segment = line.Segments[i];
            Pose2 end = segment.End;
            var start = new Pose2(end.X, end.Y, Pose2.WrapAngle(end.Heading + Math.PI));
            segments.Add(segment switch
            {
                LineSegment => new LineSegment(start, segment.Length),
                ArcSegment arc => new ArcSegment(start, segment.Length, -arc.Curvature),
                _ => throw new NotSupportedException($"Reversing a {segment.GetType().Name} is not supported."),
            });
        }

        return new ReferenceLine(segments);
    }

    /// <summary>Lane specs: <paramref name="count"/> lanes of one kind, then the extra lanes.</summary>
    public static LaneSpec[] Lanes(int count, LaneKind kind, double width, double speedLimit, params ReadOnlySpan<LaneSpec> outer)
    {
        var lanes = new LaneSpec[count + outer.Length];
        for (int i = 0; i < count; i++)
        {
            lanes[i] = new LaneSpec(kind, width, speedLimit);
        }

        outer.CopyTo(lanes.AsSpan(count));
        return lanes;
    }

    /// <summary>Ids of the lanes of <paramref name="road"/> with the given kind, from the reference line outward.</summary>
    public static int[] LaneIds(Road road, LaneKind kind) => [.. road.Lanes.Where(l => l.Kind == kind).Select(l => l.Id)];
}
