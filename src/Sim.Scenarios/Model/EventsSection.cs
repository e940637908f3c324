using Sim.Core.Traffic;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>What starts an event. Stable numeric values.</summary>
public enum TriggerKind
{
    /// <summary>The simulation time reaches a value.</summary>
    Time = 0,

    /// <summary>The gap between two actors' bodies (m, the least distance between their bounding boxes) crosses a value.</summary>
    Distance = 1,

    /// <summary>Time to collision between two actors (s) crosses a value: the gap between their bodies over the speed at
    /// which their centres approach each other (infinite while they separate).</summary>
    TimeToCollision = 2,

    /// <summary>Time headway of the first actor to the second (s) crosses a value: the gap between their bodies over the
    /// first actor's speed.</summary>
    Headway = 3,

    /// <summary>An actor's speed (km/h) crosses a value.</summary>
    Speed = 4,

    /// <summary>An actor passes the line across the road at a place's s.</summary>
    Reaches = 5,

    /// <summary>Another event has fired.</summary>
    After = 6,
}

/// <summary>When an event fires: the condition (checked only once the <paramref name="After"/> event has fired, when
/// given), then <paramref name="Delay"/> s later. It fires once.</summary>
/// <param name="Kind">The condition.</param>
/// <param name="Actor">The (first) actor measured.</param>
/// <param name="Other">The second actor for distance, TTC and headway.</param>
/// <param name="Value">The threshold (s, m, km/h) or, for <see cref="TriggerKind.Reaches"/>, unused.</param>
/// <param name="Below">True: fires when the measure falls below the value; false: rises above it.</param>
/// <param name="Delay">Seconds from the condition to the actions.</param>
/// <param name="At">For <see cref="TriggerKind.Reaches"/>: the place whose s the actor passes.</param>
/// <param name="After">The event that must have fired first, or null.</param>
public sealed record EventTrigger(TriggerKind Kind, string? Actor, string? Other, double Value, bool Below, double Delay, Place? At, string? After);

/// <summary>One thing an event does.</summary>
/// <param name="Kind">The action's name in the file (<see cref="EventsSection.Actions"/>).</param>
/// <param name="Actor">The actor it acts on, or null (weather).</param>
/// <param name="Amount">Its main number in SI units: deceleration m/s², speed m/s, lane offset m, side (+1 left, −1
/// right), walking or running speed m/s, the weather ramp's length s.</param>
/// <param name="Amount2">A second number: run-out acceleration m/s².</param>
/// <param name="Weather">For <c>weather</c>: the fields it changes and their targets, in the timeline's units.</param>
public sealed record EventAction(string Kind, string? Actor, double Amount, double Amount2, IReadOnlyList<(string Field, double Value)> Weather);

/// <summary>A scripted event: its name, trigger and actions, in file order.</summary>
/// <param name="Name">The key in <c>events</c>.</param>
/// <param name="When">The trigger.</param>
/// <param name="Do">The actions, applied in order (none for an event that only marks a moment for others to follow).</param>
public sealed record ScenarioEvent(string Name, EventTrigger When, IReadOnlyList<EventAction> Do);

/// <summary>
/// The <c>events</c> section: a mapping from event name to <c>when</c> (one trigger: <c>time</c>; <c>distance</c>,
/// <c>ttc</c> or <c>headway</c> with a pair of actors; <c>speed</c> or <c>reaches</c> with one actor; <c>after</c>
/// another event, alone or before another trigger; then <c>below</c> or <c>above</c> a value, <c>s</c>/<c>arm</c> for
/// reaches, and <c>delay</c>) and <c>do</c> (a list of actions, each a mapping with <c>action</c> and its parameters;
/// may be left out). References to actors and events are checked, and each action against the actor's class.
/// </summary>
public static class EventsSection
{
    /// <summary>The most events a file may have.</summary>
    public const int MaxEvents = 1_000;

    /// <summary>The most actions one event may have.</summary>
    public const int MaxActions = 100;

    /// <summary>The trigger keys.</summary>
    public static readonly IReadOnlyList<string> Triggers = ["time", "distance", "ttc", "headway", "speed", "reaches", "after"];

    /// <summary>Every action, with the actor classes it applies to (empty: no actor) and its parameter keys.</summary>
    public static readonly IReadOnlyDictionary<string, (string Applies, string[] Keys)> Actions = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
    {
        ["brake_hard"] = ("vehicle", ["deceleration"]),
        ["release_brake"] = ("vehicle", []),
        ["set_speed"] = ("vehicle", ["speed_kmh"]),
        ["resume"] = ("vehicle", []),
        ["stop"] = ("vehicle", []),
        ["change_lane"] = ("vehicle", ["side"]),
        ["cut_in"] = ("vehicle", ["side"]),
        ["lane_offset"] = ("vehicle", ["offset"]),
        ["jaywalk"] = ("pedestrian", ["speed"]),
        ["run_out"] = ("pedestrian", ["speed", "acceleration"]),
        ["cross"] = ("deer", []),
        ["spawn"] = ("any", []),
        ["despawn"] = ("any", []),
        ["weather"] = (string.Empty, ["over", .. WeatherFields.All.Select(f => f.Name)]),
    };

    private static readonly string[] EventKeys = ["when", "do"];

    /// <summary>The events, empty when the section is absent, null when wrong (reported).</summary>
    /// <param name="root">The file.</param>
    /// <param name="reader">Where errors go.</param>
    /// <param name="world">The road (for <c>reaches</c> places), or null.</param>
    /// <param name="actors">The actors read, or null when they had errors (classes are then not checked).</param>
    /// <param name="duration">The scenario's duration, s.</param>
    public static IReadOnlyList<ScenarioEvent>? Read(YamlMapping root, SectionReader reader, ScenarioWorld? world, IReadOnlyList<ActorPlacement>? actors, double duration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        YamlMapping? events = reader.Mapping(root, "events", required: false);
        if (events is null)
        {
            return root["events"] is null ? [] : null;
        }

        int errors = reader.Diagnostics.Count;
        if (events.Entries.Count > MaxEvents)
        {
            reader.Error(events, FormattableString.Invariant($"{events.Entries.Count:N0} events; a scenario may have at most {MaxEvents:N0}"));
            return null;
        }

        HashSet<string> declared = (root["actors"] as YamlMapping)?.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        Dictionary<string, ActorPlacement>? byName = actors?.ToDictionary(a => a.Name, StringComparer.Ordinal);
        HashSet<string> names = events.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        var context = new Context(reader, world, declared, byName, names, duration);
        var read = new List<ScenarioEvent>();
        foreach ((YamlScalar key, YamlNode value) in events.Entries)
        {
            if (!ScenarioMeta.IsValidName(key.Value))
            {
                reader.Error(key, $"'{key.Value}' is not a valid event name; expected 1–64 letters, digits, '-' or '_'");
                continue;
            }

            if (value is not YamlMapping ev)
            {
                reader.Error(value, $"expected a mapping with when and do, found {value.Kind}");
                continue;
            }

            reader.CheckKeys(ev, EventKeys);
            YamlMapping? when = reader.Mapping(ev, "when", required: true);
            EventTrigger? trigger = when is null ? null : ReadTrigger(when, context);
            IReadOnlyList<EventAction>? actions = ReadActions(ev, context);
            if (trigger is not null && actions is not null)
            {
                read.Add(new ScenarioEvent(key.Value, trigger, actions));
            }
        }

        CheckCycles(read, events, reader);
        return reader.Diagnostics.Count > errors ? null : read;
    }

    private static EventTrigger? ReadTrigger(YamlMapping when, Context c)
    {
        SectionReader reader = c.Reader;
        string[] present = [.. Triggers.Where(t => t != "after" && when[t] is not null)];
        bool hasAfter = when["after"] is not null;
        if (present.Length > 1 || (present.Length == 0 && !hasAfter))
        {
            reader.Error(when, present.Length == 0
                ? $"expected one trigger: {string.Join(", ", Triggers)}"
                : $"expected one trigger (and optionally after), found {string.Join(" and ", present)}");
            reader.CheckKeys(when, [.. Triggers, "below", "above", "s", "arm", "delay"]);
            return null;
        }

        string kind = present.Length == 0 ? "after" : present[0];
        string[] extra = kind switch
        {
            "time" or "after" => ["delay"],
            "reaches" => ["s", "arm", "delay"],
            _ => ["below", "above", "delay"],
        };
        reader.CheckKeys(when, [kind, "after", .. extra]);
        int errors = reader.Diagnostics.Count;
        double delay = reader.Number(when, "delay", 0, c.Duration, "s", false, true) ?? 0;
        string? after = null;
        if (hasAfter)
        {
            after = reader.Text(when, "after", true);
            if (after is not null && !c.Events.Contains(after))
            {
                Unknown(reader, when["after"]!, "event", after, c.Events);
                return null;
            }
        }

        switch (kind)
        {
            case "time":
                double? time = reader.Number(when, "time", 0, c.Duration, "s", true, true);
                return time is null || reader.Diagnostics.Count > errors ? null : new EventTrigger(TriggerKind.Time, null, null, time.Value, false, delay, null, after);

            case "after":
                return after is null || reader.Diagnostics.Count > errors ? null : new EventTrigger(TriggerKind.After, null, null, 0, false, delay, null, after);

            case "reaches":
                string? actor = ActorRef(when, "reaches", c, ["vehicle", "pedestrian", "deer"]);
                if (c.World is null)
                {
                    reader.Error(when["reaches"]!, "'reaches' needs a world.road to place s on");
                    return null;
                }

                Place? place = Placement.Read(when, reader, c.World, [PlaceKind.Lane], PlaceKind.Lane);
                return actor is null || place is null || reader.Diagnostics.Count > errors ? null : new EventTrigger(TriggerKind.Reaches, actor, null, 0, false, delay, place, after);

            default:
                return ReadMeasure(when, kind, delay, after, c, errors);
        }
    }

    private static EventTrigger? ReadMeasure(YamlMapping when, string kind, double delay, string? after, Context c, int errors)
    {
        SectionReader reader = c.Reader;
        string? a = null, b = null;
        if (kind == "speed")
        {
            a = ActorRef(when, "speed", c, ["vehicle", "pedestrian", "deer"]);
        }
        else if (when[kind] is YamlSequence { Items.Count: 2 } pair && pair.Items.All(i => i is YamlScalar))
        {
            a = ActorName((YamlScalar)pair.Items[0], c, ["vehicle", "pedestrian", "deer"]);
            b = ActorName((YamlScalar)pair.Items[1], c, ["vehicle", "pedestrian", "deer"]);
            if (a is not null && a == b)
            {
                reader.Error(pair, $"{kind} between {a} and itself; name two different actors");
                return null;
            }
        }
        else
        {
            reader.Error(when[kind]!, $"expected a pair of actor names, e.g. {kind}: [ego, lead]");
            return null;
        }

        bool below = when["below"] is not null;
        if (below == (when["above"] is not null))
        {
            reader.Error(when, $"a {kind} trigger needs one of 'below' or 'above'");
            return null;
        }

        (double max, string unit) = kind switch
        {
            "distance" => (100_000.0, "m"),
            "speed" => (500.0, "km/h"),
            _ => (1_000.0, "s"),
        };
        double? value = reader.Number(when, below ? "below" : "above", 0, max, unit, true, true);
        TriggerKind k = kind switch { "distance" => TriggerKind.Distance, "ttc" => TriggerKind.TimeToCollision, "headway" => TriggerKind.Headway, _ => TriggerKind.Speed };
        return a is null || value is null || reader.Diagnostics.Count > errors ? null : new EventTrigger(k, a, b, value.Value, below, delay, null, after);
    }

    private static IReadOnlyList<EventAction>? ReadActions(YamlMapping ev, Context c)
    {
        SectionReader reader = c.Reader;
        YamlNode? node = ev["do"];
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequence list)
        {
            reader.Error(node, $"expected a list of actions under 'do', found {node.Kind}");
            return null;
        }

        if (list.Items.Count > MaxActions)
        {
            reader.Error(list, FormattableString.Invariant($"{list.Items.Count:N0} actions; an event may have at most {MaxActions}"));
            return null;
        }

        int errors = reader.Diagnostics.Count;
        var actions = new List<EventAction>();
        foreach (YamlNode item in list.Items)
        {
            if (item is not YamlMapping action)
            {
                reader.Error(item, $"expected an action mapping with 'action', found {item.Kind}");
                continue;
            }

            string? kind = reader.OneOf(action, "action", [.. Actions.Keys], fallback: null);
            if (kind is null)
            {
                continue;
            }

            (string applies, string[] keys) = Actions[kind];
            reader.CheckKeys(action, applies.Length == 0 ? ["action", .. keys] : ["action", "actor", .. keys]);
            if (ReadAction(kind, applies, action, c) is { } read)
            {
                actions.Add(read);
            }
        }

        return reader.Diagnostics.Count > errors ? null : actions;
    }

    private static EventAction? ReadAction(string kind, string applies, YamlMapping action, Context c)
    {
        SectionReader reader = c.Reader;
        int errors = reader.Diagnostics.Count;
        string? actor = applies.Length == 0 ? null : ActorRef(action, "actor", c, applies == "any" ? ["vehicle", "pedestrian", "deer"] : [applies]);
        if (kind == "spawn" && actor is not null && c.Actors is not null && c.Actors[actor].AtStart)
        {
            reader.Error(action["actor"]!, $"{actor} is in the world from the start; give it spawn: on_event to spawn it here");
        }

        double amount = 0, amount2 = 0;
        var weather = new List<(string, double)>();
        switch (kind)
        {
            case "brake_hard":
                amount = reader.Number(action, "deceleration", 0.5, 12, "m/s²", false, true) ?? 8;
                break;
            case "set_speed":
                amount = (reader.Number(action, "speed_kmh", 0, 250, "km/h", true, true) ?? 0) / 3.6;
                break;
            case "change_lane" or "cut_in":
                amount = reader.OneOf(action, "side", ["left", "right"], fallback: null) == "left" ? 1 : -1;
                break;
            case "lane_offset":
                amount = reader.Number(action, "offset", -2.5, 2.5, "m", true, true) ?? 0;
                break;
            case "jaywalk":
                amount = reader.Number(action, "speed", 0.3, 4, "m/s", false, true) ?? 1.4;
                break;
            case "run_out":
                amount = reader.Number(action, "speed", 0.5, 8, "m/s", false, true) ?? 3.5;
                amount2 = reader.Number(action, "acceleration", 0.5, 10, "m/s²", false, true) ?? 4;
                break;
            case "weather":
                amount = reader.Number(action, "over", 0, c.Duration, "s", false, true) ?? 0;
                foreach (WeatherField field in WeatherFields.All)
                {
                    if (reader.Number(action, field.Name, field.Min, field.Max, field.Unit, false, true) is { } v)
                    {
                        weather.Add((field.Name, v));
                    }
                }

                if (weather.Count == 0)
                {
                    reader.Error(action, $"a weather action changes at least one of {string.Join(", ", WeatherFields.All.Select(f => f.Name))}");
                }

                break;
        }

        return reader.Diagnostics.Count > errors ? null : new EventAction(kind, actor, amount, amount2, weather);
    }

    private static string? ActorRef(YamlMapping map, string key, Context c, string[] classes)
    {
        YamlNode? node = map[key];
        if (node is null)
        {
            c.Reader.Error(map, $"missing required key '{key}'");
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            c.Reader.Error(node, $"expected an actor name, found {node.Kind}");
            return null;
        }

        return ActorName(scalar, c, classes);
    }

    private static string? ActorName(YamlScalar scalar, Context c, string[] classes)
    {
        string name = scalar.Value;
        if (!c.Declared.Contains(name))
        {
            Unknown(c.Reader, scalar, "actor", name, c.Declared);
            return null;
        }

        if (c.Actors is null)
        {
            return null; // the actors have errors; classes cannot be checked
        }

        ActorClass kind = c.Actors[name].Class;
        string group = ActorDimensions.IsVehicle(kind) ? "vehicle" : kind.ToString().ToLowerInvariant();
        if (!classes.Contains(group))
        {
            c.Reader.Error(scalar, $"{name} is a {kind.ToString().ToLowerInvariant()}; this needs a {string.Join(" or ", classes)}");
            return null;
        }

        return name;
    }

    private static void Unknown(SectionReader reader, YamlNode node, string what, string name, IReadOnlyCollection<string> known)
    {
        string? close = Spelling.Closest(name, known);
        reader.Error(node, known.Count == 0
            ? $"unknown {what} '{name}'; the file declares no {what}s"
            : close is null ? $"unknown {what} '{name}'; expected one of: {string.Join(", ", known)}" : $"unknown {what} '{name}'; did you mean '{close}'?");
    }

    /// <summary>Events that wait for each other in a ring never fire.</summary>
    private static void CheckCycles(List<ScenarioEvent> events, YamlMapping section, SectionReader reader)
    {
        Dictionary<string, string> waitsFor = events.Where(e => e.When.After is not null).ToDictionary(e => e.Name, e => e.When.After!, StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (string start in waitsFor.Keys)
        {
            var chain = new List<string> { start };
            string current = start;
            while (waitsFor.TryGetValue(current, out string? next) && chain.Count <= waitsFor.Count)
            {
                if (next == start)
                {
                    if (chain.All(reported.Add))
                    {
                        YamlNode at = ((YamlMapping)((YamlMapping)section[start]!)["when"]!)["after"]!;
                        reader.Error(at, $"events wait for each other in a loop and never fire: {string.Join(" → ", chain.Append(start))}");
                    }

                    break;
                }

                chain.Add(next);
                current = next;
            }
        }
    }

    private sealed record Context(SectionReader Reader, ScenarioWorld? World, HashSet<string> Declared, Dictionary<string, ActorPlacement>? Actors, HashSet<string> Events, double Duration);
}
