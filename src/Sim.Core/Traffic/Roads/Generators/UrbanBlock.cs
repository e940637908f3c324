namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// A rectangular city block circled by a two-way street: the street's centre line is a <paramref name="Length"/> ×
/// <paramref name="Width"/> rectangle centred on the origin (long sides east–west) with corners rounded to
/// <paramref name="CornerRadius"/>. Each direction is four roads, one per side, each a straight then the quarter-circle
/// corner at its end, joined lane to lane into a closed loop: the outer loop runs counter-clockwise (kerb on the
/// outside), the inner loop clockwise (kerb on the block side). Across each road, from the centre line outward:
/// driving lanes, a parking lane, a sidewalk. Mid-block crosswalks cross both directions, sidewalk to sidewalk,
/// evenly spaced along each side's straight.
/// </summary>
/// <remarks>
/// The corners are bends of one street, not junctions with cross streets. Parking lanes run through the crosswalks
/// (a real street keeps them clear); place parked vehicles away from <see cref="CrosswalkCrossing.S"/>. With the defaults
/// each side of the street is 8 m wide (3.5 + 2.5 + 2), the straights are 136 m (long sides) and 76 m (short sides),
/// and there are four crosswalks.
/// </remarks>
/// <param name="LanesPerDirection">Driving lanes per direction, 1–2.</param>
/// <param name="LaneWidth">Driving lane width, m (2.5–5). Default 3.5 m.</param>
/// <param name="ParkingWidth">Parking lane width, m (1.8–3.5). Default 2.5 m, within NACTO's 2.1–2.7 m (7–9 ft).</param>
/// <param name="SidewalkWidth">Sidewalk width, m (1–6). Default 2 m, above NACTO's 1.8 m clear path.</param>
/// <param name="SpeedLimit">Speed limit, m/s (1–40). Default 50 km/h.</param>
/// <param name="Length">East–west side of the centre-line rectangle, m (2 × corner radius + 20 up to 5000). Default
/// 160 m.</param>
/// <param name="Width">North–south side of the centre-line rectangle, m (same range). Default 100 m.</param>
/// <param name="CornerRadius">Radius of the centre line at the corners, m (one side's total width + 1 up to 100); the
/// inner loop's lanes turn at this radius minus their offset.</param>
/// <param name="CrosswalksPerSide">Mid-block crosswalks on each side, 0–3.</param>
/// <param name="CrosswalkWidth">Crosswalk width, m (2–8).</param>
public sealed record UrbanBlock(
    int LanesPerDirection = 1,
    double LaneWidth = 3.5,
    double ParkingWidth = 2.5,
    double SidewalkWidth = 2,
    double SpeedLimit = 50 / 3.6,
    double Length = 160,
    double Width = 100,
    double CornerRadius = 12,
    int CrosswalksPerSide = 1,
    double CrosswalkWidth = 3)
{
    /// <summary>Width of one direction of the street: driving lanes, parking lane and sidewalk, m.</summary>
    public double SideWidth => (LanesPerDirection * LaneWidth) + ParkingWidth + SidewalkWidth;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate()
    {
        ParameterCheck.InRange(LanesPerDirection, 1, 2, nameof(LanesPerDirection));
        ParameterCheck.InRange(LaneWidth, 2.5, 5, nameof(LaneWidth), "m");
        ParameterCheck.InRange(ParkingWidth, 1.8, 3.5, nameof(ParkingWidth), "m");
        ParameterCheck.InRange(SidewalkWidth, 1, 6, nameof(SidewalkWidth), "m");
        ParameterCheck.InRange(SpeedLimit, 1, 40, nameof(SpeedLimit), "m/s");
        ParameterCheck.InRange(CornerRadius, SideWidth + 1, 100, nameof(CornerRadius), "m (the inner loop's sidewalk needs room at the corners)");
        ParameterCheck.InRange(Length, (2 * CornerRadius) + 20, 5000, nameof(Length), "m (the straights must be at least 20 m)");
        ParameterCheck.InRange(Width, (2 * CornerRadius) + 20, 5000, nameof(Width), "m (the straights must be at least 20 m)");
        ParameterCheck.InRange(CrosswalksPerSide, 0, 3, nameof(CrosswalksPerSide));
        ParameterCheck.InRange(CrosswalkWidth, 2, 8, nameof(CrosswalkWidth), "m");
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public UrbanBlockLayout Build()
    {
        Validate();
        var builder = new RoadNetworkBuilder();
        LaneSpec[] lanes = ReferenceLines.Lanes(
            LanesPerDirection,
            LaneKind.Driving,
            LaneWidth,
            SpeedLimit,
            new LaneSpec(LaneKind.Parking, ParkingWidth, 0),
            new LaneSpec(LaneKind.Sidewalk, SidewalkWidth, 0));

        // Counter-clockwise from the south-west end of the south straight: south, east, north, west sides.
        (BlockStreet[] outer, Road[] outerRoads) = Loop(builder, lanes, new Pose2((-Length / 2) + CornerRadius, -Width / 2, 0), TurnDirection.Left, [Compass.South, Compass.East, Compass.North, Compass.West]);

        // Clockwise from the south-east end of the south straight: south, west, north, east sides.
        (BlockStreet[] inner, _) = Loop(builder, lanes, new Pose2((Length / 2) - CornerRadius, -Width / 2, Math.PI), TurnDirection.Right, [Compass.South, Compass.West, Compass.North, Compass.East]);

        var crosswalks = new List<int>();
        for (int side = 0; side < 4; side++)
        {
            Road road = outerRoads[side];
            BlockStreet street = outer[side];
            for (int k = 1; k <= CrosswalksPerSide; k++)
            {
                Pose2 at = road.Reference.PoseAt(street.StraightLength * k / (CrosswalksPerSide + 1));
                double reach = SideWidth - (SidewalkWidth / 2);
                Pose2 from = at.Offset(0, -reach), to = at.Offset(0, reach);
                builder.AddCrosswalk((from.X, from.Y), (to.X, to.Y), CrosswalkWidth);
                crosswalks.Add(crosswalks.Count);
            }
        }

        return new UrbanBlockLayout(builder.Build(), outer, inner, crosswalks);
    }

    private (BlockStreet[] Streets, Road[] Roads) Loop(RoadNetworkBuilder builder, LaneSpec[] lanes, Pose2 start, TurnDirection turn, Compass[] sides)
    {
        var streets = new BlockStreet[4];
        var roads = new Road[4];
        double curvature = (turn == TurnDirection.Left ? 1 : -1) / CornerRadius;
        Pose2 pose = start;
        for (int k = 0; k < 4; k++)
        {
            double straight = (sides[k] is Compass.South or Compass.North ? Length : Width) - (2 * CornerRadius);
            var line = new LineSegment(pose, straight);
            var corner = new ArcSegment(line.End, CornerRadius * Math.PI / 2, curvature);
            pose = corner.End;
            string direction = turn == TurnDirection.Left ? "ccw" : "cw";
            roads[k] = builder.AddRoad($"block.{sides[k]}.{direction}", new ReferenceLine(line, corner), lanes);
            streets[k] = new BlockStreet(
                sides[k],
                turn == TurnDirection.Right,
                ReferenceLines.LaneIds(roads[k], LaneKind.Driving),
                ReferenceLines.LaneIds(roads[k], LaneKind.Parking)[0],
                ReferenceLines.LaneIds(roads[k], LaneKind.Sidewalk)[0],
                straight);
        }

        for (int k = 0; k < 4; k++)
        {
            for (int i = 0; i < LanesPerDirection; i++)
            {
                builder.Connect(roads[k].Lanes[i].Id, roads[(k + 1) % 4].Lanes[i].Id);
            }
        }

        return (streets, roads);
    }
}
