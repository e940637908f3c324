namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// A straight one-way highway heading east (+x) from the origin: <paramref name="Lanes"/> driving lanes south of the
/// x axis (the reference line, i.e. the median edge), lane 0 the leftmost. With an <see cref="OnRamp"/> the highway is
/// three roads joined lane to lane — before, alongside and after the entry lane — so that the entry lane exists only
/// along its length; without one it is a single road.
/// </summary>
/// <param name="Lanes">Main driving lanes, 1–6.</param>
/// <param name="LaneWidth">Lane width, m (2.5–5). Default 3.75 m, the motorway lane of German RAA 2008 (AASHTO: 3.6 m).</param>
/// <param name="SpeedLimit">Speed limit of main and entry lanes, m/s (1–70). Default 120 km/h.</param>
/// <param name="Length">Length of the highway, m (100–100 000). Default 2 km.</param>
/// <param name="Ramp">An optional on-ramp joining from the right.</param>
public sealed record Highway(
    int Lanes = 3,
    double LaneWidth = 3.75,
    double SpeedLimit = 120 / 3.6,
    double Length = 2000,
    OnRamp? Ramp = null)
{
    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate()
    {
        ParameterCheck.InRange(Lanes, 1, 6, nameof(Lanes));
        ParameterCheck.InRange(LaneWidth, 2.5, 5, nameof(LaneWidth), "m");
        ParameterCheck.InRange(SpeedLimit, 1, 70, nameof(SpeedLimit), "m/s");
        ParameterCheck.InRange(Length, 100, 100_000, nameof(Length), "m");
        Ramp?.Validate(Length, LaneWidth);
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public HighwayLayout Build()
    {
        Validate();
        var builder = new RoadNetworkBuilder();
        LaneSpec[] main = ReferenceLines.Lanes(Lanes, LaneKind.Driving, LaneWidth, SpeedLimit);
        if (Ramp is null)
        {
            Road road = builder.AddRoad("highway", ReferenceLines.Straight(new Pose2(0, 0, 0), Length), main);
            return new HighwayLayout(builder.Build(), [ReferenceLines.LaneIds(road, LaneKind.Driving)], [0.0], Length, -1, -1);
        }

        double mergeEnd = Ramp.MergeStart + Ramp.EntryLength;
        Road before = builder.AddRoad("highway.before-ramp", ReferenceLines.Straight(new Pose2(0, 0, 0), Ramp.MergeStart), main);
        Road alongside = builder.AddRoad(
            "highway.entry",
            ReferenceLines.Straight(new Pose2(Ramp.MergeStart, 0, 0), Ramp.EntryLength),
            ReferenceLines.Lanes(Lanes, LaneKind.Driving, LaneWidth, SpeedLimit, new LaneSpec(LaneKind.Entry, LaneWidth, SpeedLimit)));
        Road after = builder.AddRoad("highway.after-ramp", ReferenceLines.Straight(new Pose2(mergeEnd, 0, 0), Length - mergeEnd), main);
        for (int i = 0; i < Lanes; i++)
        {
            builder.Connect(before.Lanes[i].Id, alongside.Lanes[i].Id);
            builder.Connect(alongside.Lanes[i].Id, after.Lanes[i].Id);
        }

        Lane entry = alongside.Lanes[Lanes];
        Road ramp = builder.AddRoad("on-ramp", RampReference(entry), [new LaneSpec(LaneKind.Driving, LaneWidth, Ramp.RampSpeedLimit)]);
        builder.Connect(ramp.Lanes[0].Id, entry.Id);
        return new HighwayLayout(
            builder.Build(),
            [ReferenceLines.LaneIds(before, LaneKind.Driving), ReferenceLines.LaneIds(alongside, LaneKind.Driving), ReferenceLines.LaneIds(after, LaneKind.Driving)],
            [0.0, Ramp.MergeStart, mergeEnd],
            Length,
            ramp.Lanes[0].Id,
            entry.Id);
    }

    /// <summary>The ramp's reference line, built backwards from the entry lane's start: a straight at the ramp angle,
    /// then a right-hand arc that ends parallel to the highway with the ramp lane's centre on the entry lane's.</summary>
    private ReferenceLine RampReference(Lane entry)
    {
        OnRamp ramp = Ramp!;

        // The ramp's one lane lies half a lane width right of its reference line; the arc turns right, so the
        // reference line is the outer edge, half a lane width farther from the centre than the lane's centre line.
        double radius = ramp.ReferenceRadius(LaneWidth);
        var end = new Pose2(ramp.MergeStart, entry.Offset + (LaneWidth / 2), 0);
        Pose2 centre = end.Offset(0, -radius);
        (double sin, double cos) = Math.SinCos(ramp.RampAngle);
        var arcStart = new Pose2(centre.X - (radius * sin), centre.Y + (radius * cos), ramp.RampAngle);
        double arcLength = ramp.ArcLength(LaneWidth);
        double straight = ramp.RampLength - arcLength;
        var arc = new ArcSegment(arcStart, arcLength, -1 / radius);
        return straight > 1e-6
            ? new ReferenceLine(new LineSegment(arcStart.Offset(-straight, 0), straight), arc)
            : new ReferenceLine(arc);
    }
}
