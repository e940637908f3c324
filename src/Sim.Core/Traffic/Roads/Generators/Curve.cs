namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// A single curve: an entry straight heading east (+x) from the origin, an arc of <paramref name="Radius"/> turning
/// <paramref name="Angle"/> to the left or right, and an exit straight. The reference line is the road's left edge
/// (the centre line of a two-way road); lanes lie to its right, lane 0 nearest it. With
/// <paramref name="TwoWay"/> a second road runs the same centre line the other way, its lanes on the other side.
/// </summary>
/// <param name="Lanes">Driving lanes per direction, 1–4.</param>
/// <param name="LaneWidth">Lane width, m (2.5–5). Default 3.5 m (AASHTO: 3.6 m on rural arterials).</param>
/// <param name="SpeedLimit">Speed limit, m/s (1–70). Default 80 km/h.</param>
/// <param name="Radius">Radius of the reference line on the arc, m (lanes × lane width + 5 up to 100 000); lane
/// centres run at Radius ± their offset. Default 250 m, about the minimum R = v² / (g (e + f)) for 80 km/h with
/// superelevation e = 0.06 and side friction f = 0.14 (AASHTO Green Book).</param>
/// <param name="Angle">How far the arc turns, rad (0.01–π).</param>
/// <param name="Direction">Which way the arc turns for a driver on the first road.</param>
/// <param name="EntryLength">Length of the entry straight, m (0–10 000).</param>
/// <param name="ExitLength">Length of the exit straight, m (0–10 000).</param>
/// <param name="TwoWay">Whether to add the opposite direction.</param>
public sealed record Curve(
    int Lanes = 2,
    double LaneWidth = 3.5,
    double SpeedLimit = 80 / 3.6,
    double Radius = 250,
    double Angle = Math.PI / 2,
    TurnDirection Direction = TurnDirection.Left,
    double EntryLength = 100,
    double ExitLength = 100,
    bool TwoWay = false)
{
    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate()
    {
        ParameterCheck.InRange(Lanes, 1, 4, nameof(Lanes));
        ParameterCheck.InRange(LaneWidth, 2.5, 5, nameof(LaneWidth), "m");
        ParameterCheck.InRange(SpeedLimit, 1, 70, nameof(SpeedLimit), "m/s");
        ParameterCheck.InRange(Radius, (Lanes * LaneWidth) + 5, 100_000, nameof(Radius), "m (the lanes on the inside of the arc need room)");
        ParameterCheck.InRange(Angle, 0.01, Math.PI, nameof(Angle), "rad");
        ParameterCheck.Defined(Direction, nameof(Direction));
        ParameterCheck.InRange(EntryLength, 0, 10_000, nameof(EntryLength), "m");
        ParameterCheck.InRange(ExitLength, 0, 10_000, nameof(ExitLength), "m");
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public CurveLayout Build()
    {
        Validate();
        var segments = new List<ReferenceSegment>(3);
        var pose = new Pose2(0, 0, 0);
        if (EntryLength > 0)
        {
            segments.Add(new LineSegment(pose, EntryLength));
            pose = segments[^1].End;
        }

        double curvature = (Direction == TurnDirection.Left ? 1 : -1) / Radius;
        var arc = new ArcSegment(pose, Radius * Angle, curvature);
        segments.Add(arc);
        if (ExitLength > 0)
        {
            segments.Add(new LineSegment(arc.End, ExitLength));
        }

        var reference = new ReferenceLine(segments);
        LaneSpec[] lanes = ReferenceLines.Lanes(Lanes, LaneKind.Driving, LaneWidth, SpeedLimit);
        var builder = new RoadNetworkBuilder();
        Road forward = builder.AddRoad("curve", reference, lanes);
        int[] opposite = TwoWay
            ? ReferenceLines.LaneIds(builder.AddRoad("curve.opposite", ReferenceLines.Reversed(reference), lanes), LaneKind.Driving)
            : [];
        return new CurveLayout(
            builder.Build(),
            ReferenceLines.LaneIds(forward, LaneKind.Driving),
            opposite,
            (arc.Centre.X, arc.Centre.Y),
            Radius,
            EntryLength,
            EntryLength + arc.Length);
    }
}
