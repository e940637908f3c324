namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// A closed one-way loop for ring-road experiments (stop-and-go waves, benchmarks): a single road driven
/// counter-clockwise whose every lane continues onto its own start, so s runs 0 → <see cref="Circumference"/> and
/// wraps. A circle centred on the origin, or with <paramref name="StraightLength"/> &gt; 0 a stadium: two straights
/// (heading east along the bottom, west along the top) joined by half circles. The reference line is the loop's inner
/// edge; lanes lie outside it, lane 0 innermost.
/// </summary>
/// <param name="Lanes">Driving lanes, 1–6.</param>
/// <param name="LaneWidth">Lane width, m (2.5–5).</param>
/// <param name="SpeedLimit">Speed limit, m/s (1–70). Default 30 km/h, which keeps the lateral acceleration on the
/// default circle (radius ≈ 36.6 m) below 2 m/s².</param>
/// <param name="Circumference">Length of the reference line, which is every lane's s range, m (<see cref="MinCircumference"/>,
/// a circle of radius <see cref="MinRadius"/>, up to 100 000). Default
/// 230 m, the ring of the Sugiyama et al. (2008) jam experiment (New J. Phys. 10, 033001).</param>
/// <param name="StraightLength">Length of each of the two straights, m (0 for a circle; at most what leaves the half
/// circles a 10 m radius).</param>
public sealed record RingRoad(
    int Lanes = 1,
    double LaneWidth = 3.75,
    double SpeedLimit = 30 / 3.6,
    double Circumference = 230,
    double StraightLength = 0)
{
    /// <summary>The smallest radius of the loop's arcs, m.</summary>
    public const double MinRadius = 10;

    /// <summary>The shortest loop, m: a circle of <see cref="MinRadius"/> (about 62.83 m).</summary>
    public static double MinCircumference => 2 * Math.PI * MinRadius;

    /// <summary>Radius of the reference line's arcs (the inner edge of lane 0), m.</summary>
    public double Radius => (Circumference - (2 * StraightLength)) / (2 * Math.PI);

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate()
    {
        ParameterCheck.InRange(Lanes, 1, 6, nameof(Lanes));
        ParameterCheck.InRange(LaneWidth, 2.5, 5, nameof(LaneWidth), "m");
        ParameterCheck.InRange(SpeedLimit, 1, 70, nameof(SpeedLimit), "m/s");
        ParameterCheck.InRange(Circumference, MinCircumference, 100_000, nameof(Circumference), $"m (a circle of radius at least {MinRadius} m)");
        ParameterCheck.InRange(StraightLength, 0, (Circumference - MinCircumference) / 2, nameof(StraightLength), $"m (the half circles need a radius of at least {MinRadius} m)");
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public RingRoadLayout Build()
    {
        Validate();
        double radius = Radius, half = Math.PI * radius;
        var segments = new List<ReferenceSegment>(4);
        var pose = new Pose2(-StraightLength / 2, -radius, 0);
        for (int side = 0; side < 2; side++)
        {
            if (StraightLength > 0)
            {
                var straight = new LineSegment(pose, StraightLength);
                segments.Add(straight);
                pose = straight.End;
            }

            var arc = new ArcSegment(pose, half, 1 / radius);
            segments.Add(arc);
            pose = arc.End;
        }

        var builder = new RoadNetworkBuilder();
        Road road = builder.AddRoad("ring", new ReferenceLine(segments), ReferenceLines.Lanes(Lanes, LaneKind.Driving, LaneWidth, SpeedLimit));
        foreach (Lane lane in road.Lanes)
        {
            builder.Connect(lane.Id, lane.Id);
        }

        return new RingRoadLayout(builder.Build(), ReferenceLines.LaneIds(road, LaneKind.Driving), road.Length, radius);
    }
}
