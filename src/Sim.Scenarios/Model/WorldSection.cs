using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>
/// The <c>world</c> section: <c>road</c>, one of the road generators with its parameters in SI units (lengths m, speed
/// limits km/h as road signs give them, angles degrees). Every number may be a distribution except lane counts.
/// </summary>
public static class WorldSection
{
    /// <summary>The road generators a scenario may name.</summary>
    public static readonly IReadOnlyList<string> Types = ["highway", "curve", "ring", "intersection", "urban_block"];

    /// <summary>The most props a file may place.</summary>
    public const int MaxProps = 10_000;

    /// <summary>The classes a prop may have.</summary>
    public static readonly IReadOnlyList<string> PropClasses = ["car", "van", "truck", "bus", "motorcycle", "bicycle", "tree", "building", "barrier"];

    private static readonly string[] PropKeys = ["class", .. Placement.Keys, "heading", "length", "width", "height"];

    private static readonly string[] Common = ["type", "lanes", "lane_width", "speed_limit_kmh"];
    private static readonly string[] HighwayKeys = [.. Common, "length", "on_ramp"];
    private static readonly string[] RampKeys = ["merge_start", "entry_length", "ramp_length", "ramp_radius", "ramp_angle", "ramp_speed_limit_kmh"];
    private static readonly string[] CurveKeys = [.. Common, "radius", "angle", "direction", "entry_length", "exit_length", "two_way"];
    private static readonly string[] RingKeys = [.. Common, "circumference", "straight_length"];
    private static readonly string[] IntersectionKeys = [.. Common, "approach_length", "sidewalk_width", "curb_radius", "crosswalk_width", "green", "yellow", "all_red"];
    private static readonly string[] UrbanKeys = [.. Common, "parking_width", "sidewalk_width", "length", "width", "corner_radius", "crosswalks_per_side", "crosswalk_width"];

    /// <summary>The world, or null when the section is absent or wrong (with diagnostics).</summary>
    public static ScenarioWorld? Read(YamlMapping root, SectionReader reader)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        YamlMapping? world = reader.Mapping(root, "world", required: false);
        if (world is null)
        {
            return null;
        }

        reader.CheckKeys(world, ["road", "props", "traffic"]);
        YamlMapping? road = reader.Mapping(world, "road", required: true);
        if (road is null)
        {
            return null;
        }

        int errors = reader.Diagnostics.Count;
        string? type = reader.OneOf(road, "type", Types, fallback: null);
        Func<object>? build = type switch
        {
            "highway" => ReadHighway(road, reader),
            "curve" => ReadCurve(road, reader),
            "ring" => ReadRing(road, reader),
            "intersection" => ReadIntersection(road, reader),
            "urban_block" => ReadUrbanBlock(road, reader),
            _ => null,
        };
        if (build is null || reader.Diagnostics.Count > errors)
        {
            return null;
        }

        try
        {
            return new ScenarioWorld(type!, build());
        }
        catch (ArgumentException e)
        {
            // Constraints between parameters (a ramp that does not fit the highway, a radius too small for the lanes):
            // reported at the key the generator names, in the file's words.
            string key = SnakeCase(e.ParamName ?? string.Empty);
            string message = e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            if (e.ParamName is { Length: > 0 } name)
            {
                message = message.Replace(name, key, StringComparison.Ordinal);
            }

            message = message.TrimEnd('.');
            var ramp = road["on_ramp"] as YamlMapping;
            YamlNode? written = key.Length == 0 ? null : road[key] ?? ramp?[key];
            if (written is null && key.Length > 0 && e is ArgumentOutOfRangeException { ActualValue: { } fallback })
            {
                // A default the file did not write: point at the mapping that would hold it, and say it is the default.
                bool onRamp = ramp is not null && RampKeys.Contains(key);
                string full = onRamp ? "on_ramp." + key : key;
                reader.Error(onRamp ? ramp! : road, FormattableString.Invariant($"{key} defaults to {fallback:0.###}, which does not fit here: {message}; set {full}"));
                return null;
            }

            reader.Error(written ?? road, message + (e is ArgumentOutOfRangeException { ActualValue: { } actual } ? FormattableString.Invariant($"; here {actual:0.###}") : string.Empty));
            return null;
        }
    }

    /// <summary><c>MergeStart</c> → <c>merge_start</c>.</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private static double Kmh(double? kmh, double fallbackMs) => kmh is { } v ? v / 3.6 : fallbackMs;

    private static double Degrees(double? degrees, double fallbackRad) => degrees is { } v ? v * Math.PI / 180 : fallbackRad;

    private static Func<object> ReadHighway(YamlMapping road, SectionReader reader)
    {
        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(road, HighwayKeys);
        var d = new Highway();
        var highway = new Highway(
            reader.Whole(road, "lanes", 1, 6, required: false) ?? d.Lanes,
            reader.Number(road, "lane_width", 2.5, 5, "m", false, true) ?? d.LaneWidth,
            Kmh(reader.Number(road, "speed_limit_kmh", 5, 250, "km/h", false, true), d.SpeedLimit),
            reader.Number(road, "length", 100, 100_000, "m", false, true) ?? d.Length);
        if (reader.Mapping(road, "on_ramp", required: false) is { } ramp)
        {
            reader.CheckKeys(ramp, RampKeys);
            var r = new OnRamp();
            highway = highway with
            {
                Ramp = new OnRamp(
                    reader.Number(ramp, "merge_start", 10, 100_000, "m", false, true) ?? r.MergeStart,
                    reader.Number(ramp, "entry_length", 50, 1000, "m", false, true) ?? r.EntryLength,
                    reader.Number(ramp, "ramp_length", 1, 2000, "m", false, true) ?? r.RampLength,
                    reader.Number(ramp, "ramp_radius", 30, 5000, "m", false, true) ?? r.RampRadius,
                    Degrees(reader.Number(ramp, "ramp_angle", 1.2, 90, "°", false, true), r.RampAngle),
                    Kmh(reader.Number(ramp, "ramp_speed_limit_kmh", 5, 250, "km/h", false, true), r.RampSpeedLimit)),
            };
            if (reader.Diagnostics.Count == errors)
            {
                CheckRamp(ramp, highway.Ramp, r);
            }
        }

        return () => highway.Build();

        // How the ramp fits the highway, in the file's words (degrees, not radians), before the generator checks it:
        // at the key that breaks the fit, or, when that is a default the file did not write, at on_ramp, saying so.
        // A written merge_start or ramp_length out of its range is left to the generator, which names both.
        void CheckRamp(YamlMapping ramp, OnRamp o, OnRamp defaults)
        {
            const double margin = OnRamp.EndMargin;
            double length = highway.Length, entry = o.EntryLength, latest = length - entry - margin;
            string highwayIs = $"this {MessageText.Amount(length, "m")} highway";
            if (latest < margin)
            {
                string why = $"the entry lane must start at least {margin} m after the highway's start and end at least {margin} m before its end";
                reader.Error(ramp["entry_length"] ?? ramp, ramp["entry_length"] is null
                    ? $"entry_length defaults to {MessageText.Amount(defaults.EntryLength, "m")}, too long for {highwayIs} ({why}); set on_ramp.entry_length to at most {MessageText.Amount(length - (2 * margin), "m")}"
                    : $"the entry lane (entry_length {MessageText.Amount(entry, "m")}) does not fit {highwayIs}: {why}, so entry_length may be at most {MessageText.Amount(length - (2 * margin), "m")}");
                return;
            }

            if (ramp["merge_start"] is null && o.MergeStart > latest)
            {
                string range = MessageText.Range(margin, latest, "m");
                reader.Error(ramp, o.MergeStart > length
                    ? $"merge_start defaults to {MessageText.Amount(o.MergeStart, "m")}, beyond {highwayIs}; set on_ramp.merge_start ({range}: the {MessageText.Amount(entry, "m")} entry lane must end at least {margin} m before the highway does)"
                    : $"merge_start defaults to {MessageText.Amount(o.MergeStart, "m")}, too late on {highwayIs}: the {MessageText.Amount(entry, "m")} entry lane must end at least {margin} m before the highway does; set on_ramp.merge_start ({range})");
                return;
            }

            double arc = o.ArcLength(highway.LaneWidth);
            if (arc > OnRamp.MaxRampLength)
            {
                double radius = o.RampRadius + (highway.LaneWidth / 2), degrees = o.RampAngle * 180 / Math.PI;
                reader.Error(ramp["ramp_radius"] ?? ramp["ramp_angle"] ?? ramp,
                    $"the ramp's arc, (ramp_radius + half a lane) × ramp_angle = {MessageText.Number(radius)} m × {MessageText.Number(degrees)}° = {MessageText.Number(arc)} m, exceeds the ramp's length limit of {MessageText.Amount(OnRamp.MaxRampLength, "m")}; use a smaller ramp_radius or ramp_angle");
                return;
            }

            if (ramp["ramp_length"] is null && o.RampLength < arc)
            {
                reader.Error(ramp, $"ramp_length defaults to {MessageText.Amount(o.RampLength, "m")}, shorter than the ramp's arc ({MessageText.Number(arc)} m on its reference line); set on_ramp.ramp_length ({MessageText.Range(arc, OnRamp.MaxRampLength, "m")})");
            }
        }
    }

    private static Func<object> ReadCurve(YamlMapping road, SectionReader reader)
    {
        reader.CheckKeys(road, CurveKeys);
        var d = new Curve();
        string? direction = reader.OneOf(road, "direction", ["left", "right"], fallback: "left");
        var curve = new Curve(
            reader.Whole(road, "lanes", 1, 4, required: false) ?? d.Lanes,
            reader.Number(road, "lane_width", 2.5, 5, "m", false, true) ?? d.LaneWidth,
            Kmh(reader.Number(road, "speed_limit_kmh", 5, 250, "km/h", false, true), d.SpeedLimit),
            reader.Number(road, "radius", 5, 100_000, "m", false, true) ?? d.Radius,
            Degrees(reader.Number(road, "angle", 0.6, 180, "°", false, true), d.Angle),
            direction == "right" ? TurnDirection.Right : TurnDirection.Left,
            reader.Number(road, "entry_length", 0, 10_000, "m", false, true) ?? d.EntryLength,
            reader.Number(road, "exit_length", 0, 10_000, "m", false, true) ?? d.ExitLength,
            reader.Flag(road, "two_way", d.TwoWay) ?? d.TwoWay);
        return () => curve.Build();
    }

    private static Func<object> ReadRing(YamlMapping road, SectionReader reader)
    {
        reader.CheckKeys(road, RingKeys);
        var d = new RingRoad();
        var ring = new RingRoad(
            reader.Whole(road, "lanes", 1, 6, required: false) ?? d.Lanes,
            reader.Number(road, "lane_width", 2.5, 5, "m", false, true) ?? d.LaneWidth,
            Kmh(reader.Number(road, "speed_limit_kmh", 5, 250, "km/h", false, true), d.SpeedLimit),
            reader.Number(road, "circumference", RingRoad.MinCircumference, 100_000, "m", false, true) ?? d.Circumference,
            reader.Number(road, "straight_length", 0, 50_000, "m", false, true) ?? d.StraightLength);
        return () => ring.Build();
    }

    private static Func<object> ReadIntersection(YamlMapping road, SectionReader reader)
    {
        reader.CheckKeys(road, IntersectionKeys);
        var d = new SignalisedIntersection();
        var junction = new SignalisedIntersection(
            reader.Whole(road, "lanes", 1, 3, required: false) ?? d.LanesPerDirection,
            reader.Number(road, "lane_width", 2.5, 5, "m", false, true) ?? d.LaneWidth,
            Kmh(reader.Number(road, "speed_limit_kmh", 5, 140, "km/h", false, true), d.SpeedLimit),
            reader.Number(road, "approach_length", 10, 5000, "m", false, true) ?? d.ApproachLength,
            reader.Number(road, "sidewalk_width", 1, 6, "m", false, true) ?? d.SidewalkWidth,
            reader.Number(road, "curb_radius", 2, 30, "m", false, true) ?? d.CurbRadius,
            reader.Number(road, "crosswalk_width", 2, 8, "m", false, true) ?? d.CrosswalkWidth,
            reader.Number(road, "green", 5, 120, "s", false, true) ?? d.Green,
            reader.Number(road, "yellow", 2, 6, "s", false, true) ?? d.Yellow,
            reader.Number(road, "all_red", 0, 6, "s", false, true) ?? d.AllRed);
        return () => junction.Build();
    }

    private static Func<object> ReadUrbanBlock(YamlMapping road, SectionReader reader)
    {
        reader.CheckKeys(road, UrbanKeys);
        var d = new UrbanBlock();
        var block = new UrbanBlock(
            reader.Whole(road, "lanes", 1, 2, required: false) ?? d.LanesPerDirection,
            reader.Number(road, "lane_width", 2.5, 5, "m", false, true) ?? d.LaneWidth,
            reader.Number(road, "parking_width", 1.8, 3.5, "m", false, true) ?? d.ParkingWidth,
            reader.Number(road, "sidewalk_width", 1, 6, "m", false, true) ?? d.SidewalkWidth,
            Kmh(reader.Number(road, "speed_limit_kmh", 5, 140, "km/h", false, true), d.SpeedLimit),
            reader.Number(road, "length", 40, 5000, "m", false, true) ?? d.Length,
            reader.Number(road, "width", 40, 5000, "m", false, true) ?? d.Width,
            reader.Number(road, "corner_radius", 5, 100, "m", false, true) ?? d.CornerRadius,
            reader.Whole(road, "crosswalks_per_side", 0, 3, required: false) ?? d.CrosswalksPerSide,
            reader.Number(road, "crosswalk_width", 2, 8, "m", false, true) ?? d.CrosswalkWidth);
        return () => block.Build();
    }

    /// <summary>The static props of <c>world.props</c> (parked vehicles, trees, buildings, barriers): a mapping from
    /// name to <c>class</c>, a placement, <c>heading</c> (degrees from the road's direction) and optional
    /// <c>length</c>/<c>width</c>/<c>height</c> (m, the class's typical size otherwise). Empty when absent, null when
    /// wrong (reported).</summary>
    public static IReadOnlyList<PropPlacement>? ReadProps(YamlMapping root, SectionReader reader, ScenarioWorld? world)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        if (root["world"] is not YamlMapping section || reader.Mapping(section, "props", required: false) is not { } props)
        {
            return (root["world"] as YamlMapping)?["props"] is null ? [] : null;
        }

        if (props.Entries.Count > MaxProps)
        {
            reader.Error(props, FormattableString.Invariant($"{props.Entries.Count:N0} props; a scenario may place at most {MaxProps:N0}"));
            return null;
        }

        if (world is null)
        {
            return props.Entries.Count == 0 ? [] : null; // the road's own errors say why
        }

        int errors = reader.Diagnostics.Count;
        var placed = new List<PropPlacement>();
        PlaceKind[] anywhere = Enum.GetValues<PlaceKind>();
        foreach ((YamlScalar key, YamlNode value) in props.Entries)
        {
            if (!ScenarioMeta.IsValidName(key.Value))
            {
                reader.Error(key, $"'{key.Value}' is not a valid prop name; expected 1–64 letters, digits, '-' or '_'");
                continue;
            }

            if (value is not YamlMapping prop)
            {
                reader.Error(value, $"expected a mapping with {string.Join(", ", PropKeys)}, found {value.Kind}");
                continue;
            }

            reader.CheckKeys(prop, PropKeys);
            string? cls = reader.OneOf(prop, "class", PropClasses, fallback: null);
            Place? place = Placement.Read(prop, reader, world, anywhere, fallback: null);
            double heading = reader.Number(prop, "heading", -360, 360, "°", false, true) ?? 0;
            double? length = reader.Number(prop, "length", 0.1, 500, "m", false, true);
            double? width = reader.Number(prop, "width", 0.1, 500, "m", false, true);
            double? height = reader.Number(prop, "height", 0.1, 500, "m", false, true);
            if (cls is null || place is null)
            {
                continue;
            }

            ActorBody typical = ActorDimensions.Typical(Enum.Parse<ActorClass>(cls, ignoreCase: true));
            var body = typical with
            {
                Length = (float)(length ?? typical.Length),
                Width = (float)(width ?? typical.Width),
                Height = (float)(height ?? typical.Height),
            };
            Pose2 pose = place.PoseOn(world);
            placed.Add(new PropPlacement(key.Value, body, pose with { Heading = Pose2.WrapAngle(pose.Heading + (heading * Math.PI / 180)) }));
        }

        return reader.Diagnostics.Count > errors ? null : placed;
    }
}

/// <summary>A static prop: its name (stable across variations), body and world pose.</summary>
/// <param name="Name">Its key in <c>world.props</c>.</param>
/// <param name="Body">Class and size.</param>
/// <param name="Pose">Centre and heading in the world frame.</param>
public sealed record PropPlacement(string Name, ActorBody Body, Pose2 Pose);
