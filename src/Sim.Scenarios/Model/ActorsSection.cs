using Sim.Core.Traffic;
using Sim.Core.Traffic.Roads;
using Sim.Core.Traffic.Roads.Generators;
using Sim.Core.Traffic.Vehicles;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>A vehicle the scenario places at the start: its name (stable across variations), what it is, where, how fast.</summary>
/// <param name="Name">The actor's key in <c>actors</c>.</param>
/// <param name="Spec">Class, body and driver.</param>
/// <param name="Position">Lane id and s on the generated network.</param>
/// <param name="Speed">Initial speed, m/s.</param>
public sealed record ActorPlacement(string Name, VehicleSpec Spec, LanePosition Position, double Speed);

/// <summary>
/// The <c>actors</c> section: a mapping from actor name to a vehicle — <c>class</c>, <c>lane</c> (index across the
/// road, 0 = leftmost, as the road generator counts), <c>s</c> (m from the road's start), <c>speed_kmh</c>, and
/// optionally the driver's <c>desired_speed_kmh</c> and <c>time_headway</c> (s). Needs a <c>world.road</c>.
/// Positions, speeds and driver values may be distributions.
/// </summary>
public static class ActorsSection
{
    /// <summary>The most actors a file may place.</summary>
    public const int MaxActors = 10_000;

    /// <summary>The vehicle classes an actor may have.</summary>
    public static readonly IReadOnlyList<string> Classes = ["car", "van", "truck", "bus", "motorcycle", "bicycle"];

    private static readonly string[] Keys = ["class", "lane", "s", "speed_kmh", "desired_speed_kmh", "time_headway"];

    /// <summary>The placements, empty when the section is absent, null when wrong (with diagnostics).</summary>
    public static IReadOnlyList<ActorPlacement>? Read(YamlMapping root, SectionReader reader, ScenarioWorld? world)
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

        var placed = new List<(ActorPlacement Actor, int Lane, double Along)>();
        foreach ((YamlScalar key, YamlNode value) in actors.Entries)
        {
            if (!ScenarioMeta.IsValidName(key.Value))
            {
                reader.Error(key, $"'{key.Value}' is not a valid actor name; expected 1–64 letters, digits, '-' or '_'");
                continue;
            }

            if (value is not YamlMapping actor)
            {
                reader.Error(value, $"expected a mapping with {string.Join(", ", Keys)}, found {value.Kind}");
                continue;
            }

            if (Read(key.Value, actor, reader, world!) is { } placement)
            {
                placed.Add(placement);
            }
        }

        CheckOverlaps(placed, actors, reader, world is { Layout: RingRoadLayout ring } ? ring.Length : null);
        return reader.Diagnostics.Count > errors ? null : [.. placed.Select(p => p.Actor)];
    }

    private static (ActorPlacement Actor, int Lane, double Along)? Read(string name, YamlMapping actor, SectionReader reader, ScenarioWorld world)
    {
        reader.CheckKeys(actor, Keys);
        string? cls = reader.OneOf(actor, "class", Classes, fallback: "car");
        (IReadOnlyList<int> lanes, double length) = (world.Lanes, world.Length);
        int? lane = reader.Whole(actor, "lane", 0, lanes.Count - 1, required: true);
        double? s = reader.Number(actor, "s", 0, length, "m", true, true);
        double? speed = reader.Number(actor, "speed_kmh", 0, 250, "km/h", false, true);
        double? desired = reader.Number(actor, "desired_speed_kmh", 1, 250, "km/h", false, true);
        double? headway = reader.Number(actor, "time_headway", 0.3, 5, "s", false, true);
        if (cls is null || lane is null || s is null)
        {
            return null;
        }

        ActorClass kind = Enum.Parse<ActorClass>(cls, ignoreCase: true);
        IdmParameters idm = IdmParameters.For(kind);
        idm = idm with
        {
            DesiredSpeed = desired is { } v0 ? v0 / 3.6 : idm.DesiredSpeed,
            TimeHeadway = headway ?? idm.TimeHeadway,
        };
        LanePosition position = world.Layout is HighwayLayout highway ? highway.MainLaneAt(lane.Value, s.Value) : new LanePosition(lanes[lane.Value], Math.Min(s.Value, length - 1e-6), 0);
        return (new ActorPlacement(name, new VehicleSpec(kind, Idm: idm), position, (speed ?? 0) / 3.6), lane.Value, s.Value);
    }

    /// <summary>Two vehicles on the same lane (by index, measured along the road; round the loop of a ring) whose
    /// bodies overlap would start in a collision.</summary>
    private static void CheckOverlaps(List<(ActorPlacement Actor, int Lane, double Along)> placed, YamlMapping actors, SectionReader reader, double? loop)
    {
        foreach (IGrouping<int, (ActorPlacement Actor, int Lane, double Along)> lane in placed.GroupBy(p => p.Lane))
        {
            (ActorPlacement Actor, int Lane, double Along)[] ordered = [.. lane.OrderBy(p => p.Along)];
            int pairs = loop is null || ordered.Length < 2 ? ordered.Length - 1 : ordered.Length; // a loop's last leads its first
            for (int i = 1; i <= pairs; i++)
            {
                ActorPlacement a = ordered[i - 1].Actor, b = ordered[i % ordered.Length].Actor;
                double gap = ordered[i % ordered.Length].Along - ordered[i - 1].Along + (i == ordered.Length ? loop!.Value : 0);
                double needed = (ActorDimensions.Typical(a.Spec.Class).Length + ActorDimensions.Typical(b.Spec.Class).Length) / 2;
                if (gap < needed)
                {
                    reader.Error(actors[b.Name]!, FormattableString.Invariant($"{b.Name} starts {gap:0.##} m from {a.Name} on the same lane; their bodies overlap (centres must be at least {needed:0.##} m apart)"));
                }
            }
        }
    }
}
