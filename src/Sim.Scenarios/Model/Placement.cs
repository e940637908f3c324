using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>A place on the scenario's road as a file gives it: the intersection arm (south elsewhere), what across
/// the road, the lane index when a driving lane, s along the road and t to the left of the place's centre, m.</summary>
/// <param name="Arm">Intersection arm.</param>
/// <param name="Kind">What across the road.</param>
/// <param name="Lane">Driving lane index (0 = leftmost) when <paramref name="Kind"/> is <see cref="PlaceKind.Lane"/>.</param>
/// <param name="S">Along the road, m.</param>
/// <param name="T">To the left of the place's centre, m.</param>
public sealed record Place(Compass Arm, PlaceKind Kind, int Lane, double S, double T)
{
    /// <summary>The world pose when the file gave <c>x</c>, <c>y</c> (<see cref="PlaceKind.World"/>).</summary>
    public Pose2? At { get; init; }

    /// <summary>The world pose of the place on <paramref name="world"/>.</summary>
    public Pose2 PoseOn(ScenarioWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return At ?? world.Point(Arm, Kind, Lane, S, T);
    }
}

/// <summary>Reads placements: <c>lane</c> (a driving lane's index, or <c>parking</c>, <c>sidewalk</c>,
/// <c>far_sidewalk</c>, <c>verge</c>, <c>far_verge</c>), <c>s</c>, <c>t</c> and, on an intersection, <c>arm</c>; or a world
/// pose <c>x</c>, <c>y</c> (m, x east, y north) and <c>yaw</c> (degrees counter-clockwise from east; default the direction
/// of the lane there, else east).</summary>
public static class Placement
{
    /// <summary>The keys a placement uses.</summary>
    public static readonly IReadOnlyList<string> Keys = ["lane", "s", "t", "arm", "x", "y", "yaw"];

    /// <summary>How far from the origin a world pose may be, m.</summary>
    public const double MaxCoordinate = 100_000;

    private static readonly string[] RoadKeys = ["lane", "s", "t", "arm"];

    /// <summary>The words <c>lane</c> may be instead of an index.</summary>
    public static readonly IReadOnlyDictionary<string, PlaceKind> Words = new Dictionary<string, PlaceKind>(StringComparer.Ordinal)
    {
        ["parking"] = PlaceKind.Parking,
        ["sidewalk"] = PlaceKind.Sidewalk,
        ["far_sidewalk"] = PlaceKind.FarSidewalk,
        ["verge"] = PlaceKind.Verge,
        ["far_verge"] = PlaceKind.FarVerge,
    };

    /// <summary>The arms of an intersection.</summary>
    public static readonly IReadOnlyList<string> Arms = ["north", "east", "south", "west"];

    /// <summary>Reads a placement from <paramref name="map"/>; null when wrong (reported).</summary>
    /// <param name="map">The mapping holding the keys.</param>
    /// <param name="reader">Where errors go.</param>
    /// <param name="world">The road.</param>
    /// <param name="allowed">The kinds of place this thing may stand on.</param>
    /// <param name="fallback">The kind when <c>lane</c> is absent, or null when it is required.</param>
    public static Place? Read(YamlMapping map, SectionReader reader, ScenarioWorld world, IReadOnlyCollection<PlaceKind> allowed, PlaceKind? fallback)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(allowed);
        int errors = reader.Diagnostics.Count;
        if (map["x"] is not null || map["y"] is not null)
        {
            return ReadPose(map, reader, world, allowed.Contains(PlaceKind.World));
        }

        if (map["yaw"] is { } yawNode)
        {
            reader.Error(yawNode, "'yaw' goes with x and y; on the road a thing faces along its lane");
        }

        Compass arm = ReadArm(map, reader, world);
        (PlaceKind Kind, int Lane)? where = ReadLane(map, reader, world, allowed, fallback);
        double? s = reader.Number(map, "s", 0, world.Length, "m", required: true, mayVary: true);
        double t = reader.Number(map, "t", -10, 10, "m", required: false, mayVary: true) ?? 0;
        return reader.Diagnostics.Count > errors || where is null || s is null ? null : new Place(arm, where.Value.Kind, where.Value.Lane, s.Value, t);
    }

    private static Place? ReadPose(YamlMapping map, SectionReader reader, ScenarioWorld world, bool allowed)
    {
        int errors = reader.Diagnostics.Count;
        if (!allowed)
        {
            reader.Error(map["x"] ?? map["y"]!, "this needs a place on the road (lane and s), not x and y");
            return null;
        }

        foreach (string key in RoadKeys)
        {
            if (map[key] is { } node)
            {
                reader.Error(node, $"give a world pose (x, y) or a road placement (lane, s), not both; '{key}' belongs to the road placement");
            }
        }

        double? x = reader.Number(map, "x", -MaxCoordinate, MaxCoordinate, "m", required: true, mayVary: true);
        double? y = reader.Number(map, "y", -MaxCoordinate, MaxCoordinate, "m", required: true, mayVary: true);
        double? yaw = reader.Number(map, "yaw", -360, 360, "°", required: false, mayVary: true);
        if (x is null || y is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        double heading = yaw is { } degrees ? degrees * Math.PI / 180
            : world.Network.TryToLane(x.Value, y.Value, out LanePosition on) ? world.Network.ToWorld(on).Heading : 0;
        return new Place(Compass.South, PlaceKind.World, 0, 0, 0) { At = new Pose2(x.Value, y.Value, Pose2.WrapAngle(heading)) };
    }

    /// <summary>The intersection arm under <c>arm</c> (south when absent); on other roads <c>arm</c> is an error.</summary>
    public static Compass ReadArm(YamlMapping map, SectionReader reader, ScenarioWorld world)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(world);
        if (world.HasArms)
        {
            return reader.OneOf(map, "arm", Arms, fallback: "south") is { } a ? Enum.Parse<Compass>(a, ignoreCase: true) : Compass.South;
        }

        if (map["arm"] is { } node)
        {
            reader.Error(node, $"'arm' names an intersection arm; this world's road is a {world.Type}");
        }

        return Compass.South;
    }

    private static (PlaceKind, int)? ReadLane(YamlMapping map, SectionReader reader, ScenarioWorld world, IReadOnlyCollection<PlaceKind> allowed, PlaceKind? fallback)
    {
        YamlNode? node = map["lane"];
        if (node is null)
        {
            if (fallback is { } kind)
            {
                return (kind, 0);
            }

            _ = reader.Whole(map, "lane", 0, world.Lanes.Count - 1, required: true); // reports the missing key
            return null;
        }

        string[] words = [.. Words.Where(w => allowed.Contains(w.Value) && world.Has(w.Value)).Select(w => w.Key)];
        if (node is YamlScalar { Quoted: false } choiceText && DistributionParser.TryParse(choiceText.Value, out Distribution? distribution, out _)
            && distribution is ChoiceDistribution choice && choice.Options.All(o => !o.IsNumber))
        {
            // A choice of places: each must be one this thing may stand on here; a variation uses its draw.
            string[] bad = [.. choice.Options.Select(o => o.Text!).Where(w => !words.Contains(w, StringComparer.Ordinal))];
            if (bad.Length > 0)
            {
                reader.Error(node, $"{choice} offers {string.Join(", ", bad.Select(b => $"'{b}'"))}; expected {Expected(world, allowed.Contains(PlaceKind.Lane), words)}");
                return null;
            }

            string picked = reader.Resolved is not null && reader.Resolved.TryGetValue(node.Path, out ScenarioValue drawn) ? drawn.Text! : choice.Representative.Text!;
            return (Words[picked], 0);
        }

        if (node is YamlScalar { Quoted: false } scalar && Words.TryGetValue(scalar.Value, out PlaceKind named))
        {
            if (!allowed.Contains(named))
            {
                reader.Error(node, $"cannot stand on the {scalar.Value}; expected {Expected(world, allowed.Contains(PlaceKind.Lane), words)}");
                return null;
            }

            if (!world.Has(named))
            {
                reader.Error(node, $"a {world.Type} road has no {scalar.Value.Replace("far_", string.Empty, StringComparison.Ordinal)}; expected {Expected(world, allowed.Contains(PlaceKind.Lane), words)}");
                return null;
            }

            return (named, 0);
        }

        if (node is YamlScalar { Quoted: false } text && !double.TryParse(text.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && words.Length > 0)
        {
            string? close = Spelling.Closest(text.Value, words);
            reader.Error(node, close is null ? $"unknown lane '{text.Value}'; expected {Expected(world, allowed.Contains(PlaceKind.Lane), words)}" : $"unknown lane '{text.Value}'; did you mean '{close}'?");
            return null;
        }

        if (!allowed.Contains(PlaceKind.Lane))
        {
            reader.Error(node, $"expected {Expected(world, false, words)}");
            return null;
        }

        return reader.Whole(map, "lane", 0, world.Lanes.Count - 1, required: true) is { } index ? (PlaceKind.Lane, index) : null;
    }

    private static string Expected(ScenarioWorld world, bool lanes, string[] words) =>
        string.Join(" or ", (lanes ? [world.Lanes.Count == 1 ? "lane index 0" : $"a lane index 0–{world.Lanes.Count - 1}"] : Array.Empty<string>()).Concat(words));
}
