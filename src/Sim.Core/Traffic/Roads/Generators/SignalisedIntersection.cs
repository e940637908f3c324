namespace Sim.Core.Traffic.Roads.Generators;

/// <summary>
/// A four-way signalised intersection of two straight two-way streets crossing at the origin, a north–south one and
/// an east–west one (right-hand traffic). Each of the four arms has, per direction, <paramref name="LanesPerDirection"/>
/// driving lanes and a sidewalk on the outer edge; going towards the junction a vehicle drives the incoming road
/// (<paramref name="ApproachLength"/> m, ending at the stop line), a short crossing road over the crosswalk, then a
/// one-lane connector through the junction box onto the other arm's outgoing road. Connectors: straight from every
/// lane, left from the leftmost lane into the leftmost lane, right from the rightmost into the rightmost, as quarter
/// circles about the box corners. Left turns are permissive: they yield to the opposing straight and right movements.
/// A fixed-time signal has two phases, north–south then east–west, each green, yellow, then all-red.
/// </summary>
/// <remarks>
/// Dimensions with the defaults (one lane per direction): the junction box is the square |x|, |y| ≤ 9.5 m (street
/// half-width 3.5 m plus the 6 m kerb radius), left turns run at radius 11.25 m, right turns at 7.75 m. The crossing
/// road is 5.4 m long: the 3 m crosswalk with 1.2 m before it — the stop line's set-back of at least 4 ft that MUTCD
/// §3B.16 asks for — and 1.2 m after it. Signal cycle 2 × (30 + 3 + 2) = 70 s.
/// </remarks>
/// <param name="LanesPerDirection">Driving lanes per direction on every arm, 1–3.</param>
/// <param name="LaneWidth">Lane width, m (2.5–5). Default 3.5 m, a common urban arterial lane (AASHTO: 3.0–3.6 m).</param>
/// <param name="SpeedLimit">Speed limit on the arms, m/s (1–40). Default 50 km/h; connectors have at most
/// √(3 m/s² × radius), the lateral acceleration drivers typically accept in slow turns.</param>
/// <param name="ApproachLength">Length of each incoming road up to its stop line, m (10–5000).</param>
/// <param name="SidewalkWidth">Sidewalk width, m (1–6). Default 2 m, above the 1.8 m clear path NACTO's Urban Street
/// Design Guide recommends.</param>
/// <param name="CurbRadius">Radius of the kerb at the corners, m (2–30); the junction box extends this far beyond the
/// cross street's kerb. Default 6 m, within the 4.5–9 m common for urban kerb returns.</param>
/// <param name="CrosswalkWidth">Width of each crosswalk, m (2–8). Default 3 m.</param>
/// <param name="Green">Green time of each phase, s (5–120).</param>
/// <param name="Yellow">Yellow time after each green, s (2–6; ITE recommends 3–6 s).</param>
/// <param name="AllRed">All-red clearance after each yellow, s (0–6).</param>
public sealed record SignalisedIntersection(
    int LanesPerDirection = 1,
    double LaneWidth = 3.5,
    double SpeedLimit = 50 / 3.6,
    double ApproachLength = 100,
    double SidewalkWidth = 2,
    double CurbRadius = 6,
    double CrosswalkWidth = 3,
    double Green = 30,
    double Yellow = 3,
    double AllRed = 2)
{
    /// <summary>Distance from the stop line to the crosswalk, and from the crosswalk to the junction box, m.</summary>
    public const double StopLineSetback = 1.2;

    /// <summary>Lateral acceleration that bounds the connectors' speed limits, m/s².</summary>
    public const double TurnLateralAcceleration = 3;

    /// <summary>Half the side of the junction box, m: the street's driving half-width plus the kerb radius.</summary>
    public double BoxHalfWidth => (LanesPerDirection * LaneWidth) + CurbRadius;

    /// <summary>Length of the crossing roads between stop line and junction box, m.</summary>
    public double CrossingLength => CrosswalkWidth + (2 * StopLineSetback);

    /// <summary>Signal cycle, s: two phases of green, yellow and all-red.</summary>
    public double Cycle => 2 * (Green + Yellow + AllRed);

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public void Validate()
    {
        ParameterCheck.InRange(LanesPerDirection, 1, 3, nameof(LanesPerDirection));
        ParameterCheck.InRange(LaneWidth, 2.5, 5, nameof(LaneWidth), "m");
        ParameterCheck.InRange(SpeedLimit, 1, 40, nameof(SpeedLimit), "m/s");
        ParameterCheck.InRange(ApproachLength, 10, 5000, nameof(ApproachLength), "m");
        ParameterCheck.InRange(SidewalkWidth, 1, 6, nameof(SidewalkWidth), "m");
        ParameterCheck.InRange(CurbRadius, 2, 30, nameof(CurbRadius), "m");
        ParameterCheck.InRange(CrosswalkWidth, 2, 8, nameof(CrosswalkWidth), "m");
        ParameterCheck.InRange(Green, 5, 120, nameof(Green), "s");
        ParameterCheck.InRange(Yellow, 2, 6, nameof(Yellow), "s");
        ParameterCheck.InRange(AllRed, 0, 6, nameof(AllRed), "s");
    }

    /// <summary>Builds the network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (named in the exception).</exception>
    public IntersectionLayout Build()
    {
        Validate();
        var builder = new RoadNetworkBuilder();
        var arms = new (Road Incoming, Road Crossing, Road Outgoing)[4];
        for (int a = 0; a < 4; a++)
        {
            arms[a] = AddArm(builder, (Compass)a);
        }

        var movements = new List<IntersectionMovement>();
        for (int a = 0; a < 4; a++)
        {
            AddConnectors(builder, arms, a, movements);
        }

        // Permissive left turns give way to the opposing straight and right movements.
        foreach (IntersectionMovement left in movements.Where(m => m.Turn == Turn.Left))
        {
            Compass opposite = (Compass)(((int)left.From + 2) % 4);
            foreach (IntersectionMovement priority in movements.Where(m => m.From == opposite && m.Turn != Turn.Left))
            {
                builder.Yield(left.Connector, priority.Connector);
            }
        }

        int[] IncomingOf(params Compass[] sides) => [.. sides.SelectMany(s => arms[(int)s].Incoming.Lanes.Where(l => l.IsDrivable).Select(l => l.Id))];
        double phase = Green + Yellow + AllRed;
        int signal = builder.AddSignal(Cycle, 0, [
            new SignalGroup(IncomingOf(Compass.North, Compass.South), 0, Green, Yellow),
            new SignalGroup(IncomingOf(Compass.East, Compass.West), phase, Green, Yellow),
        ]);

        for (int a = 0; a < 4; a++)
        {
            AddCrosswalk(builder, (Compass)a);
        }

        var layoutArms = new IntersectionArm[4];
        for (int a = 0; a < 4; a++)
        {
            (Road incoming, Road crossing, Road outgoing) = arms[a];
            layoutArms[a] = new IntersectionArm(
                (Compass)a,
                ReferenceLines.LaneIds(incoming, LaneKind.Driving),
                ReferenceLines.LaneIds(crossing, LaneKind.Driving),
                ReferenceLines.LaneIds(outgoing, LaneKind.Driving),
                [incoming.Lanes[^1].Id, crossing.Lanes[^1].Id, outgoing.Lanes[^1].Id],
                a,
                (Compass)a is Compass.North or Compass.South ? 0 : 1);
        }

        return new IntersectionLayout(builder.Build(), layoutArms, movements, signal, BoxHalfWidth);
    }

    /// <summary>Heading of vehicles arriving from <paramref name="side"/> (towards the centre): from the north they
    /// head south, from the east west, and so on.</summary>
    private static double ArrivalHeading(Compass side) => Pose2.WrapAngle((-Math.PI / 2) - ((int)side * Math.PI / 2));

    /// <summary>The point on an arm's centre line <paramref name="distance"/> m from the junction's centre, facing
    /// the centre.</summary>
    private static Pose2 OnArm(Compass side, double distance)
    {
        double heading = ArrivalHeading(side);
        (double sin, double cos) = Math.SinCos(heading);
        return new Pose2(-distance * cos, -distance * sin, heading);
    }

    private (Road Incoming, Road Crossing, Road Outgoing) AddArm(RoadNetworkBuilder builder, Compass side)
    {
        LaneSpec[] lanes = ReferenceLines.Lanes(LanesPerDirection, LaneKind.Driving, LaneWidth, SpeedLimit, new LaneSpec(LaneKind.Sidewalk, SidewalkWidth, 0));
        double box = BoxHalfWidth, crossing = CrossingLength;
        Road incoming = builder.AddRoad($"{side}.in", ReferenceLines.Straight(OnArm(side, box + crossing + ApproachLength), ApproachLength), lanes);
        Road cross = builder.AddRoad($"{side}.crossing", ReferenceLines.Straight(OnArm(side, box + crossing), crossing), lanes);
        Pose2 boxEdge = OnArm(side, box);
        Road outgoing = builder.AddRoad(
            $"{side}.out",
            ReferenceLines.Straight(boxEdge with { Heading = Pose2.WrapAngle(boxEdge.Heading + Math.PI) }, crossing + ApproachLength),
            lanes);
        for (int i = 0; i < LanesPerDirection; i++)
        {
            builder.Connect(incoming.Lanes[i].Id, cross.Lanes[i].Id);
        }

        return (incoming, cross, outgoing);
    }

    /// <summary>Connectors from arm <paramref name="a"/>'s crossing lanes. A connector's one lane lies half a lane
    /// right of its reference line, so the reference starts half a lane left of the crossing lane's end. By symmetry
    /// a left turn from lane i swings about the box corner on its left at reference radius box + i × width and ends
    /// on lane i of the arm to the left; a right turn about the corner on its right at box − i × width.</summary>
    private void AddConnectors(RoadNetworkBuilder builder, (Road Incoming, Road Crossing, Road Outgoing)[] arms, int a, List<IntersectionMovement> movements)
    {
        double box = BoxHalfWidth, w = LaneWidth;
        Road crossing = arms[a].Crossing;
        for (int i = 0; i < LanesPerDirection; i++)
        {
            Lane from = crossing.Lanes[i];
            Pose2 start = crossing.Reference.PoseAt(crossing.Length).Offset(0, from.Offset + (w / 2));
            Add(Turn.Straight, (a + 2) % 4, new LineSegment(start, 2 * box), double.PositiveInfinity);
            if (i == 0)
            {
                double radius = box + (i * w);
                Add(Turn.Left, (a + 1) % 4, new ArcSegment(start, radius * Math.PI / 2, 1 / radius), radius + (w / 2));
            }

            if (i == LanesPerDirection - 1)
            {
                double radius = box - (i * w);
                Add(Turn.Right, (a + 3) % 4, new ArcSegment(start, radius * Math.PI / 2, -1 / radius), radius - (w / 2));
            }

            void Add(Turn turn, int to, ReferenceSegment shape, double laneRadius)
            {
                double speed = Math.Min(SpeedLimit, Math.Sqrt(TurnLateralAcceleration * laneRadius));
                Road connector = builder.AddRoad(
                    $"{(Compass)a}.{i}->{(Compass)to}.{i}.{turn}",
                    new ReferenceLine(shape),
                    [new LaneSpec(LaneKind.Driving, w, speed)],
                    junction: 0);
                int outgoing = arms[to].Outgoing.Lanes[i].Id;
                builder.Connect(from.Id, connector.Lanes[0].Id);
                builder.Connect(connector.Lanes[0].Id, outgoing);
                movements.Add(new IntersectionMovement((Compass)a, (Compass)to, turn, i, arms[a].Incoming.Lanes[i].Id, connector.Lanes[0].Id, outgoing, laneRadius));
            }
        }
    }

    /// <summary>A crosswalk across the arm, midway along the crossing road, from the incoming road's sidewalk to the
    /// outgoing road's (sidewalk centres).</summary>
    private void AddCrosswalk(RoadNetworkBuilder builder, Compass side)
    {
        Pose2 centre = OnArm(side, BoxHalfWidth + (CrossingLength / 2));
        double half = (LanesPerDirection * LaneWidth) + (SidewalkWidth / 2);
        Pose2 right = centre.Offset(0, -half), left = centre.Offset(0, half);
        builder.AddCrosswalk((right.X, right.Y), (left.X, left.Y), CrosswalkWidth);
    }
}
