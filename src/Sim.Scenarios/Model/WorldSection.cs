using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>The road a scenario's <c>world.road</c> generated: the generator's layout, and what actors are placed by.</summary>
public sealed record ScenarioWorld
{
    /// <summary>Wraps a generator's layout.</summary>
    /// <param name="type">The generator: <c>highway</c>, <c>curve</c> or <c>ring</c>.</param>
    /// <param name="layout">Its layout (<see cref="HighwayLayout"/>, <see cref="CurveLayout"/> or <see cref="RingRoadLayout"/>).</param>
    /// <exception cref="ArgumentException">Another kind of layout.</exception>
    public ScenarioWorld(string type, object layout)
    {
        Type = type;
        Layout = layout;
        (Network, Lanes, Length) = layout switch
        {
            HighwayLayout h => (h.Network, h.MainLanes, h.Length),
            CurveLayout c => (c.Network, c.Lanes, c.Network.Lane(c.Lanes[0]).Length),
            RingRoadLayout r => (r.Network, r.Lanes, r.Length),
            _ => throw new ArgumentException($"unexpected layout {layout?.GetType().Name}", nameof(layout)),
        };
    }

    /// <summary>The generator: <c>highway</c>, <c>curve</c> or <c>ring</c>.</summary>
    public string Type { get; }

    /// <summary>The generator's layout record (lane ids, lengths, geometry).</summary>
    public object Layout { get; }

    /// <summary>The network.</summary>
    public RoadNetwork Network { get; }

    /// <summary>The lanes an actor's <c>lane</c> index counts, 0 = leftmost (a highway's main lanes, a curve's first
    /// road, a ring's lanes).</summary>
    public IReadOnlyList<int> Lanes { get; }

    /// <summary>How far an actor's <c>s</c> may go, m.</summary>
    public double Length { get; }
}

/// <summary>
/// The <c>world</c> section: <c>road</c>, one of the road generators with its parameters in SI units (lengths m, speed
/// limits km/h as road signs give them, angles degrees). Every number may be a distribution except lane counts.
/// </summary>
public static class WorldSection
{
    /// <summary>The road generators a scenario may name.</summary>
    public static readonly IReadOnlyList<string> Types = ["highway", "curve", "ring"];

    private static readonly string[] Common = ["type", "lanes", "lane_width", "speed_limit_kmh"];
    private static readonly string[] HighwayKeys = [.. Common, "length", "on_ramp"];
    private static readonly string[] RampKeys = ["merge_start", "entry_length", "ramp_length", "ramp_radius", "ramp_angle", "ramp_speed_limit_kmh"];
    private static readonly string[] CurveKeys = [.. Common, "radius", "angle", "direction", "entry_length", "exit_length", "two_way"];
    private static readonly string[] RingKeys = [.. Common, "circumference", "straight_length"];

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

        reader.CheckKeys(world, ["road"]);
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

            YamlNode at = road[key] ?? (road["on_ramp"] as YamlMapping)?[key] ?? road;
            reader.Error(at, message.TrimEnd('.') + (e is ArgumentOutOfRangeException { ActualValue: { } actual } ? FormattableString.Invariant($"; here {actual:0.###}") : string.Empty));
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
        }

        return () => highway.Build();
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
            reader.Number(road, "circumference", 60, 100_000, "m", false, true) ?? d.Circumference,
            reader.Number(road, "straight_length", 0, 50_000, "m", false, true) ?? d.StraightLength);
        return () => ring.Build();
    }
}
