using Sim.Core.Traffic;
using Sim.Core.Traffic.Pedestrians;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Vehicles;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>An actor the scenario declares: its name (stable across variations, the key of its stable id) and whether
/// it is in the world from the start or waits for an event's <c>spawn</c> action.</summary>
/// <param name="Name">The actor's key in <c>actors</c>.</param>
/// <param name="AtStart">False for <c>spawn: on_event</c>.</param>
public abstract record ActorPlacement(string Name, bool AtStart)
{
    /// <summary>What the actor is.</summary>
    public abstract ActorClass Class { get; }
}

/// <summary>How a vehicle drives. Stable numeric values.</summary>
public enum VehicleBehaviour
{
    /// <summary>IDM and MOBIL: keeps its distance, changes lanes when it pays.</summary>
    Drive = 0,

    /// <summary>IDM only: keeps its lane unless an event moves it.</summary>
    KeepLane = 1,

    /// <summary>Stalled: stands still where it is placed (target speed 0, no lane changes).</summary>
    Stopped = 2,
}

/// <summary>A vehicle.</summary>
/// <param name="Name">The actor's key.</param>
/// <param name="AtStart">False for <c>spawn: on_event</c>.</param>
/// <param name="Spec">Class, body and driver.</param>
/// <param name="Position">Lane id and s on the generated network.</param>
/// <param name="Speed">Initial speed, m/s.</param>
/// <param name="Behaviour">How it drives.</param>
/// <param name="LaneOffset">Offset from its lane's centre it keeps, m (left positive).</param>
/// <param name="Route">At an intersection, the crossing lane and connector it takes, or null for a random movement.</param>
public sealed record VehiclePlacement(string Name, bool AtStart, VehicleSpec Spec, LanePosition Position, double Speed, VehicleBehaviour Behaviour, double LaneOffset, VehicleNav? Route)
    : ActorPlacement(Name, AtStart)
{
    /// <inheritdoc/>
    public override ActorClass Class => Spec.Class;
}

/// <summary>A pedestrian, standing or walking along its sidewalk.</summary>
/// <param name="Name">The actor's key.</param>
/// <param name="AtStart">False for <c>spawn: on_event</c>.</param>
/// <param name="Pose">Where it stands and which way it faces.</param>
/// <param name="Walk">0 to stand, +1 to walk the sidewalk along its lane direction, −1 against it.</param>
/// <param name="Parameters">Walking speed and crossing behaviour.</param>
public sealed record PedestrianPlacement(string Name, bool AtStart, Pose2 Pose, int Walk, WalkerParameters Parameters) : ActorPlacement(Name, AtStart)
{
    /// <inheritdoc/>
    public override ActorClass Class => ActorClass.Pedestrian;
}

/// <summary>A deer that crosses the road from one verge to the other.</summary>
/// <param name="Name">The actor's key.</param>
/// <param name="AtStart">False for <c>spawn: on_event</c>.</param>
/// <param name="From">Where it waits, world frame, m.</param>
/// <param name="To">Where it heads, world frame, m.</param>
/// <param name="Parameters">When it starts and how it moves.</param>
public sealed record DeerPlacement(string Name, bool AtStart, (double X, double Y) From, (double X, double Y) To, DeerParameters Parameters) : ActorPlacement(Name, AtStart)
{
    /// <inheritdoc/>
    public override ActorClass Class => ActorClass.Deer;
}

/// <summary>
/// The <c>actors</c> section: a mapping from actor name to an actor. Vehicles (<c>class</c> car, van, truck, bus,
/// motorcycle, bicycle) take <c>lane</c> (index, 0 = leftmost), <c>s</c> (m along the road), on an intersection
/// <c>arm</c> and <c>route</c>, <c>speed_kmh</c>, the driver's <c>desired_speed_kmh</c> and <c>time_headway</c> (s),
/// <c>behaviour</c> (drive, keep_lane, stopped) and <c>lane_offset</c> (m). Pedestrians take a placement (default the
/// sidewalk), <c>walk</c> (stand, along, against) and <c>walk_speed</c> (m/s). Deer take <c>s</c>, <c>from</c>
/// (verge or far_verge), <c>start_time</c> (s; without it the deer waits for an event's <c>cross</c>),
/// <c>speed_kmh</c> and <c>hesitation_rate</c> (1/s). Every actor may have <c>spawn: on_event</c>. Needs a
/// <c>world.road</c>. Numbers may be distributions.
/// </summary>
public static class ActorsSection
{
    /// <summary>The most actors a file may place.</summary>
    public const int MaxActors = 10_000;

    /// <summary>A deer with no start time waits this long (s) unless an event starts it: longer than any scenario.</summary>
    public const double NeverStarts = 1e9;

    /// <summary>The vehicle classes (what a traffic mix may name).</summary>
    public static readonly IReadOnlyList<string> VehicleClasses = ["car", "van", "truck", "bus", "motorcycle", "bicycle"];

    /// <summary>The classes an actor may have: the vehicle classes, pedestrian and deer.</summary>
    public static readonly IReadOnlyList<string> Classes = [.. VehicleClasses, "pedestrian", "deer"];

    /// <summary>The keys of a vehicle.</summary>
    public static readonly IReadOnlyList<string> VehicleKeys = ["class", "lane", "s", "arm", "x", "y", "route", "speed_kmh", "desired_speed_kmh", "time_headway", "behaviour", "lane_offset", "spawn"];

    /// <summary>The keys of a pedestrian.</summary>
    public static readonly IReadOnlyList<string> PedestrianKeys = ["class", .. Placement.Keys, "facing", "walk", "walk_speed", "spawn"];

    /// <summary>The keys of a deer.</summary>
    public static readonly IReadOnlyList<string> DeerKeys = ["class", "s", "arm", "x", "y", "from", "start_time", "speed_kmh", "hesitation_rate", "spawn"];

    private static readonly string[] Behaviours = ["drive", "keep_lane", "stopped"];

    /// <summary>The actors, empty when the section is absent, null when wrong (with diagnostics).</summary>
    public static IReadOnlyList<ActorPlacement>? Read(YamlMapping root, SectionReader reader, ScenarioWorld? world, double duration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        YamlMapping? actors = reader.Mapping(root, "actors", required: false);
        if (actors is null)
        {
            return root["actors"] is null ? [] : null;
        }

        int errors = reader.Diagnostics.Count;
        if (actors.Entries.Count > MaxActors)
        {
            reader.Error(actors, FormattableString.Invariant($"{actors.Entries.Count:N0} actors; a scenario may place at most {MaxActors:N0}"));
            return null;
        }

        if (world is null && actors.Entries.Count > 0)
        {
            reader.Error(actors, root["world"] is null ? "actors need a road: add world.road" : "actors need a valid world.road (see its errors)");
            return null;
        }

        var placed = new List<ActorPlacement>();
        var lanes = new List<(VehiclePlacement Actor, string Lane, double Along)>();
        foreach ((YamlScalar key, YamlNode value) in actors.Entries)
        {
            if (!ScenarioMeta.IsValidName(key.Value))
            {
                reader.Error(key, $"'{key.Value}' is not a valid actor name; expected 1–64 letters, digits, '-' or '_'");
                continue;
            }

            if (value is not YamlMapping actor)
            {
                reader.Error(value, $"expected a mapping with class and a placement, found {value.Kind}");
                continue;
            }

            string? cls = reader.OneOf(actor, "class", Classes, fallback: "car");
            bool? atStart = reader.OneOf(actor, "spawn", ["start", "on_event"], fallback: "start") is { } spawn ? spawn == "start" : null;
            ActorPlacement? placement = cls switch
            {
                null => UnknownClass(actor, reader),
                "pedestrian" => ReadPedestrian(key.Value, actor, reader, world!),
                "deer" => ReadDeer(key.Value, actor, reader, world!, duration),
                _ => ReadVehicle(key.Value, Enum.Parse<ActorClass>(cls, ignoreCase: true), actor, reader, world!, lanes),
            };
            if (placement is not null && atStart is { } start)
            {
                placed.Add(placement with { AtStart = start });
                if (!start)
                {
                    lanes.RemoveAll(l => l.Actor.Name == key.Value); // not on the road at the start: no overlap to check
                }
            }
        }

        if (world is not null)
        {
            CheckOverlaps(lanes, actors, reader, world.Network);
        }
        return reader.Diagnostics.Count > errors ? null : placed;
    }

    /// <summary>An actor whose class is wrong (already reported): its keys are still checked against every class's.</summary>
    private static ActorPlacement? UnknownClass(YamlMapping actor, SectionReader reader)
    {
        reader.CheckKeys(actor, [.. VehicleKeys.Union(PedestrianKeys).Union(DeerKeys)]);
        return null;
    }

    private static VehiclePlacement? ReadVehicle(string name, ActorClass kind, YamlMapping actor, SectionReader reader, ScenarioWorld world, List<(VehiclePlacement, string, double)> lanes)
    {
        reader.CheckKeys(actor, VehicleKeys);
        int errors = reader.Diagnostics.Count;
        Place? place = Placement.Read(actor, reader, world, [PlaceKind.Lane, PlaceKind.World], fallback: null);
        double? speed = reader.Number(actor, "speed_kmh", 0, 250, "km/h", false, true);
        double? desired = reader.Number(actor, "desired_speed_kmh", 1, 250, "km/h", false, true);
        double? headway = reader.Number(actor, "time_headway", 0.3, 5, "s", false, true);
        string? behaviour = reader.OneOf(actor, "behaviour", Behaviours, fallback: "drive");
        double offset = reader.Number(actor, "lane_offset", -2.5, 2.5, "m", false, true) ?? 0;
        VehicleNav? route = ReadRoute(actor, reader, world, place);
        if (place is null || behaviour is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        LanePosition position;
        (string Lane, double Along) key;
        if (place.At is { } at)
        {
            if (!world.Network.TryToLane(at.X, at.Y, out LanePosition on, LaneKind.Driving))
            {
                reader.Error(actor["x"] ?? actor["y"]!, FormattableString.Invariant($"({at.X}, {at.Y}) is on no driving lane; a vehicle starts on one"));
                return null;
            }

            position = offset == 0 ? on : on with { T = offset };
            key = ($"lane {on.Lane}", on.S);
        }
        else
        {
            position = world.DrivingPosition(place.Arm, place.Lane, place.S, offset);
            key = ($"{place.Arm}/{place.Lane}", place.S);
        }

        double halfWidth = world.Network.Lane(position.Lane).Width / 2;
        if (Math.Abs(offset) > halfWidth)
        {
            reader.Error(actor["lane_offset"]!, FormattableString.Invariant($"{offset} m is beyond the lane's edge; at most ±{halfWidth} m"));
            return null;
        }

        IdmParameters idm = IdmParameters.For(kind);
        idm = idm with
        {
            DesiredSpeed = desired is { } v0 ? v0 / 3.6 : idm.DesiredSpeed,
            TimeHeadway = headway ?? idm.TimeHeadway,
        };
        VehicleBehaviour how = behaviour switch { "keep_lane" => VehicleBehaviour.KeepLane, "stopped" => VehicleBehaviour.Stopped, _ => VehicleBehaviour.Drive };
        var vehicle = new VehiclePlacement(name, true, new VehicleSpec(kind, Idm: idm), position, how == VehicleBehaviour.Stopped ? 0 : (speed ?? 0) / 3.6, how, offset, route);
        lanes.Add((vehicle, key.Lane, key.Along));
        return vehicle;
    }

    private static VehicleNav? ReadRoute(YamlMapping actor, SectionReader reader, ScenarioWorld world, Place? place)
    {
        if (actor["route"] is not { } node)
        {
            return null;
        }

        if (world.Layout is not IntersectionLayout junction)
        {
            reader.Error(node, $"'route' picks a movement through an intersection; this world's road is a {world.Type}");
            return null;
        }

        string? turn = reader.OneOf(actor, "route", ["straight", "left", "right"], fallback: null);
        if (turn is null || place is null)
        {
            return null;
        }

        if (place.Kind == PlaceKind.World)
        {
            reader.Error(node, "a route starts from an arm's lane; place the vehicle with arm, lane and s instead of x and y");
            return null;
        }

        Turn wanted = Enum.Parse<Turn>(turn, ignoreCase: true);
        foreach (IntersectionMovement m in junction.Movements)
        {
            if (m.From == place.Arm && m.LaneIndex == place.Lane && m.Turn == wanted)
            {
                return new VehicleNav { NextLane = junction.Arm(place.Arm).CrossingLanes[place.Lane], AfterNextLane = m.Connector };
            }
        }

        string from = string.Join(", ", junction.Movements.Where(m => m.From == place.Arm && m.Turn == wanted).Select(m => m.LaneIndex).Distinct());
        reader.Error(node, $"no {turn} turn from lane {place.Lane} of the {place.Arm.ToString().ToLowerInvariant()} arm; {turn} turns start from lane {from}");
        return null;
    }

    private static PedestrianPlacement? ReadPedestrian(string name, YamlMapping actor, SectionReader reader, ScenarioWorld world)
    {
        reader.CheckKeys(actor, PedestrianKeys);
        int errors = reader.Diagnostics.Count;
        PlaceKind fallback = world.Has(PlaceKind.Sidewalk) ? PlaceKind.Sidewalk : PlaceKind.Verge;
        Place? place = Placement.Read(actor, reader, world, Enum.GetValues<PlaceKind>(), fallback);
        string? walk = reader.OneOf(actor, "walk", ["stand", "along", "against"], fallback: "stand");
        string? facing = reader.OneOf(actor, "facing", ["road", "along", "against", "away"], fallback: "road");
        double? speed = reader.Number(actor, "walk_speed", 0.3, 3, "m/s", false, true);
        if (place is null || walk is null || facing is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        if (walk != "stand")
        {
            if (place.At is null && place.Kind is not (PlaceKind.Sidewalk or PlaceKind.FarSidewalk))
            {
                reader.Error(actor["walk"]!, "only a pedestrian on a sidewalk walks along it; set lane: sidewalk or far_sidewalk, or walk: stand");
                return null;
            }

            Pose2 start = place.PoseOn(world);
            if (!world.Network.TryToLane(start.X, start.Y, out _, LaneKind.Sidewalk))
            {
                reader.Error(actor[place.At is null ? "t" : "x"] ?? actor["s"] ?? actor["walk"]!, FormattableString.Invariant(
                    $"a walking pedestrian starts on a sidewalk; ({start.X:0.##}, {start.Y:0.##}) is off it{(place.At is null ? " (t takes it beyond the sidewalk's edge, or s past its end)" : string.Empty)}"));
                return null;
            }
        }

        if (place.At is { } pose0)
        {
            if (actor["facing"] is { } facingNode)
            {
                reader.Error(facingNode, "'facing' is relative to the road; with x and y give yaw");
                return null;
            }

            int way = walk switch { "along" => 1, "against" => -1, _ => 0 };
            return new PedestrianPlacement(name, true, pose0, way, new WalkerParameters(DesiredSpeed: speed));
        }

        bool far = place.Kind is PlaceKind.FarSidewalk or PlaceKind.FarVerge;
        Pose2 pose = place.PoseOn(world);
        double heading = pose.Heading + facing switch
        {
            "along" => 0,
            "against" => Math.PI,
            "away" => far ? Math.PI / 2 : -Math.PI / 2,
            _ => far ? -Math.PI / 2 : Math.PI / 2,
        };
        int direction = walk switch { "along" => 1, "against" => -1, _ => 0 };
        return new PedestrianPlacement(name, true, pose with { Heading = Pose2.WrapAngle(heading) }, far ? -direction : direction, new WalkerParameters(DesiredSpeed: speed));
    }

    private static DeerPlacement? ReadDeer(string name, YamlMapping actor, SectionReader reader, ScenarioWorld world, double duration)
    {
        reader.CheckKeys(actor, DeerKeys);
        int errors = reader.Diagnostics.Count;
        if (actor["x"] is not null || actor["y"] is not null)
        {
            return ReadDeerAt(name, actor, reader, world, duration);
        }

        Compass arm = Placement.ReadArm(actor, reader, world);

        double? s = reader.Number(actor, "s", 0, world.Length, "m", required: true, mayVary: true);
        string? from = reader.OneOf(actor, "from", ["verge", "far_verge"], fallback: "verge");
        double? start = reader.Number(actor, "start_time", 0, duration, "s", false, true);
        double? speed = reader.Number(actor, "speed_kmh", 5, 60, "km/h", false, true);
        double? hesitation = reader.Number(actor, "hesitation_rate", 0, 5, "1/s", false, true);
        if (s is null || from is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        Pose2 near = world.Point(arm, PlaceKind.Verge, 0, s.Value, 0), across = world.Point(arm, PlaceKind.FarVerge, 0, s.Value, 0);
        (Pose2 a0, Pose2 b0) = from == "verge" ? (near, across) : (across, near);
        return new DeerPlacement(name, true, (a0.X, a0.Y), (b0.X, b0.Y), DeerParametersOf(start, speed, hesitation));
    }

    /// <summary>A deer at a world point (<c>x</c>, <c>y</c>) crosses to the mirrored point across the nearest road.</summary>
    private static DeerPlacement? ReadDeerAt(string name, YamlMapping actor, SectionReader reader, ScenarioWorld world, double duration)
    {
        int errors = reader.Diagnostics.Count;
        foreach (string key in new[] { "s", "arm", "from" })
        {
            if (actor[key] is { } node)
            {
                reader.Error(node, $"give a world point (x, y) or a road placement (s, from), not both; '{key}' belongs to the road placement");
            }
        }

        double? x = reader.Number(actor, "x", -Placement.MaxCoordinate, Placement.MaxCoordinate, "m", true, true);
        double? y = reader.Number(actor, "y", -Placement.MaxCoordinate, Placement.MaxCoordinate, "m", true, true);
        double? start = reader.Number(actor, "start_time", 0, duration, "s", false, true);
        double? speed = reader.Number(actor, "speed_kmh", 5, 60, "km/h", false, true);
        double? hesitation = reader.Number(actor, "hesitation_rate", 0, 5, "1/s", false, true);
        if (x is null || y is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        if (!world.TryAcross(x.Value, y.Value, out (double X, double Y) to))
        {
            reader.Error(actor["x"]!, FormattableString.Invariant($"({x}, {y}) is beside no road; a deer crosses one (within 50 m of it)"));
            return null;
        }

        if (Math.Abs(to.X - x.Value) + Math.Abs(to.Y - y.Value) < 2)
        {
            reader.Error(actor["x"]!, FormattableString.Invariant($"({x}, {y}) is in the middle of the road; put the deer on the side it comes from (it crosses to the mirrored point)"));
            return null;
        }

        return new DeerPlacement(name, true, (x.Value, y.Value), to, DeerParametersOf(start, speed, hesitation));
    }

    private static DeerParameters DeerParametersOf(double? start, double? speed, double? hesitation)
    {
        var defaults = new DeerParameters();
        return new DeerParameters(
            StartTime: start ?? NeverStarts,
            MinSpeed: speed is { } v ? v / 3.6 : defaults.MinSpeed,
            MaxSpeed: speed is { } w ? w / 3.6 : defaults.MaxSpeed,
            HesitationRate: hesitation ?? defaults.HesitationRate);
    }

    /// <summary>Two vehicles whose bodies overlap along a lane would start in a collision: vehicles are compared by the
    /// lane they stand on (however the file placed them), in real metres along it (<see cref="LaneMetric"/>: shorter
    /// than s on the inside of a curve), each lane's last with the first on its only successor — across highway
    /// sections, round a ring's or a block's loop.</summary>
    private static void CheckOverlaps(List<(VehiclePlacement Actor, string Lane, double Along)> placed, YamlMapping actors, SectionReader reader, RoadNetwork network)
    {
        var byLane = placed.Where(p => p.Actor.AtStart).GroupBy(p => p.Actor.Position.Lane)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Actor.Position.S).Select(p => p.Actor).ToArray());
        foreach ((int laneId, VehiclePlacement[] ordered) in byLane.OrderBy(l => l.Key))
        {
            for (int i = 1; i < ordered.Length; i++)
            {
                Overlap(ordered[i - 1], ordered[i], LaneMetric.Distance(network, laneId, ordered[i - 1].Position.S, ordered[i].Position.S));
            }

            Lane lane = network.Lane(laneId);
            if (lane.Successors.Count == 1 && byLane.TryGetValue(lane.Successors[0], out VehiclePlacement[]? next) && (next.Length > 1 || next[0] != ordered[^1]))
            {
                Overlap(ordered[^1], next[0], LaneMetric.Distance(network, laneId, ordered[^1].Position.S, lane.Length) + LaneMetric.Distance(network, next[0].Position.Lane, 0, next[0].Position.S));
            }
        }

        void Overlap(VehiclePlacement a, VehiclePlacement b, double gap)
        {
            double needed = (ActorDimensions.Typical(a.Spec.Class).Length + ActorDimensions.Typical(b.Spec.Class).Length) / 2;
            if (gap < needed)
            {
                reader.Error(actors[b.Name]!, FormattableString.Invariant($"{b.Name} starts {gap:0.##} m from {a.Name} along the same lane; their bodies overlap (centres must be at least {needed:0.##} m apart)"));
            }
        }
    }
}
