using Sim.Core.Finance;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary><c>finance.typologies</c>: the scheduled fraud and laundering typologies with their catalog parameters.</summary>
public static partial class FinanceSection
{
    /// <summary>The most typologies a scenario may schedule.</summary>
    public const int MaxTypologies = 100;

    /// <summary>The keys every typology takes besides its <see cref="TypologyCatalog"/> parameters.</summary>
    public static readonly IReadOnlyList<string> ScheduleKeys = ["type", "weight", "days"];

    /// <summary>
    /// <c>finance.typologies</c>: a list of at most <see cref="MaxTypologies"/> schedules, each a <c>type</c> (a typology's
    /// snake-case name, fixed), a <c>weight</c> (above 0, default 1; may vary), <c>days</c> (<c>[first, last]</c>, the
    /// 0-based days an instance may start on, within the simulated days; default all of them) and any of the type's
    /// <see cref="TypologyCatalog"/> parameters, within the catalog's bounds (whole ones whole and fixed; the others may
    /// vary). Empty when absent; null when wrong (reported). <paramref name="kinds"/> is each schedule's kind and where
    /// its type is written, or null when some type is unknown (then the rates cannot be held to the typologies).
    /// </summary>
    private static IReadOnlyList<TypologySchedule>? ReadTypologies(YamlMapping finance, SectionReader reader, int? days, string money, out List<(Typology Kind, YamlNode At)>? kinds)
    {
        kinds = [];
        YamlNode? node = finance["typologies"];
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequence list)
        {
            reader.Error(node, $"expected a list of typologies, e.g. [{{type: account_takeover}}, {{type: fan_out, degree: 8}}], found {SectionReader.Found(node)}");
            kinds = null;
            return null;
        }

        if (list.Items.Count > MaxTypologies)
        {
            reader.Error(node, FormattableString.Invariant($"{list.Items.Count:N0} typologies; a scenario may schedule at most {MaxTypologies}"));
            kinds = null;
            return null;
        }

        int errors = reader.Diagnostics.Count;
        var schedules = new List<TypologySchedule>(list.Items.Count);
        foreach (YamlNode item in list.Items)
        {
            if (item is not YamlMapping map)
            {
                reader.Error(item, $"expected a typology mapping (type, weight, days and its parameters), found {SectionReader.Found(item)}");
                kinds = null;
                continue;
            }

            Typology? kind = ReadSchedule(map, reader, days, money, out TypologySchedule? schedule);
            if (kind is { } k)
            {
                kinds?.Add((k, map["type"]!));
            }
            else
            {
                kinds = null;
            }

            if (schedule is not null)
            {
                schedules.Add(schedule);
            }
        }

        return reader.Diagnostics.Count > errors ? null : schedules;
    }

    /// <summary>One schedule: its kind (null when the type is missing or unknown, reported) and the schedule (null when
    /// anything is wrong).</summary>
    private static Typology? ReadSchedule(YamlMapping map, SectionReader reader, int? days, string money, out TypologySchedule? schedule)
    {
        int errors = reader.Diagnostics.Count;
        schedule = null;
        Typology? kind = null;
        if (FixedText(map, reader, "type", required: true) is { } type)
        {
            if (FinanceNames.TryParseTypology(type, out Typology parsed))
            {
                kind = parsed;
            }
            else
            {
                string[] names = [.. TypologyCatalog.All.Select(FinanceNames.Of)];
                string? close = Spelling.Closest(type, names);
                reader.Error(map["type"]!, $"unknown typology {MessageText.Quote(type)}; {(close is null ? "expected one of: " + string.Join(", ", names) : $"did you mean '{close}'?")}");
            }
        }

        IReadOnlyList<TypologyParameter> parameters = kind is { } k ? TypologyCatalog.Of(k) : [];
        if (kind is not null)
        {
            CheckParameterKeys(map, reader, kind.Value, parameters);
        }

        double weight = Positive(map, reader, "weight", MaxWeight, string.Empty, 1);
        (int First, int Last)? window = ReadWindow(map, reader, days);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (TypologyParameter p in parameters.Where(p => map[p.Name] is not null))
        {
            string unit = p.Unit == "money" ? money : p.Unit;
            double? value = p.Whole
                ? reader.Whole(map, p.Name, (int)p.Min, (int)p.Max, required: false, unit)
                : reader.Number(map, p.Name, p.Min, p.Max, unit, required: false, mayVary: true);
            if (value is { } v)
            {
                values.Add(p.Name, v);
            }
        }

        if (reader.Diagnostics.Count == errors && kind is { } ok && window is { } w)
        {
            schedule = new TypologySchedule(ok, weight, w.First, w.Last, values);
        }

        return kind;
    }

    /// <summary>Reports every key of a schedule that is neither a <see cref="ScheduleKeys"/> key nor a parameter of its
    /// typology: "did you mean" among that typology's keys, else what it takes (and which typology has the key, when
    /// another does).</summary>
    private static void CheckParameterKeys(YamlMapping map, SectionReader reader, Typology kind, IReadOnlyList<TypologyParameter> parameters)
    {
        string name = FinanceNames.Of(kind);
        string[] allowed = [.. ScheduleKeys, .. parameters.Select(p => p.Name)];
        string takes = parameters.Count == 0 ? "no parameters" : string.Join(", ", parameters.Select(p => p.Name));
        foreach ((YamlScalar key, _) in map.Entries.Where(e => !allowed.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            string? close = Spelling.Closest(key.Value, allowed);
            Typology[] others = [.. TypologyCatalog.All.Where(t => TypologyCatalog.Of(t).Any(p => p.Name == key.Value))];
            reader.ErrorAtKey(key, close is not null
                ? $"{name} has no parameter {MessageText.Quote(key.Value)}; did you mean '{close}'?"
                : others.Length > 0
                    ? $"{MessageText.Quote(key.Value)} is a parameter of {string.Join(", ", others.Select(FinanceNames.Of))}, not of {name}; {name} takes {takes} (besides {string.Join(", ", ScheduleKeys)})"
                    : $"{name} has no parameter {MessageText.Quote(key.Value)}; it takes {takes} (besides {string.Join(", ", ScheduleKeys)})");
        }
    }

    /// <summary>A schedule's <c>days</c>, <c>[first, last]</c>: whole, fixed, 0-based days within the simulated
    /// <paramref name="days"/>, first ≤ last; all the days when absent, null when wrong (reported).</summary>
    private static (int First, int Last)? ReadWindow(YamlMapping map, SectionReader reader, int? days)
    {
        YamlNode? node = map["days"];
        int last = (days ?? FinanceSpec.MaxDays) - 1;
        if (node is null)
        {
            return days is { } n ? (0, n - 1) : null;
        }

        if (node is not YamlSequence { Items.Count: 2 } pair)
        {
            reader.Error(node, FormattableString.Invariant($"expected [first, last]: the days an instance may start on, counted from 0 (0–{last}), e.g. [0, {last}]; found {SectionReader.Found(node)}"));
            return null;
        }

        int? first = ReadDay(pair.Items[0], reader, days);
        int? end = ReadDay(pair.Items[1], reader, days);
        if (first is { } f && end is { } e && e < f)
        {
            reader.Error(pair.Items[1], FormattableString.Invariant($"the last day {e} comes before the first day {f}"));
            return null;
        }

        return first is null || end is null ? null : (first.Value, end.Value);
    }

    /// <summary>One day of a window: a fixed whole number from 0 to the last simulated day; null when wrong (reported).</summary>
    private static int? ReadDay(YamlNode node, SectionReader reader, int? days)
    {
        if (reader.Number(node, 0, FinanceSpec.MaxDays - 1, string.Empty) is not { } value)
        {
            return null;
        }

        if (value != Math.Floor(value))
        {
            reader.Error(node, FormattableString.Invariant($"expected a whole day, found {value}"));
            return null;
        }

        if (days is { } n && value > n - 1)
        {
            reader.Error(node, FormattableString.Invariant($"day {value} is past the last simulated day, {n - 1} (finance.days is {n}, counted from 0)"));
            return null;
        }

        return (int)value;
    }
}
