using System.Globalization;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>
/// Typed access to a scenario's YAML with every problem collected as a <see cref="ScenarioDiagnostic"/> (all errors
/// at once, never an exception): unknown keys with a "did you mean", missing keys, wrong kinds, numbers out of range
/// with their unit.
/// </summary>
/// <remarks>Without <see cref="Resolved"/> values (validating a spec) a distribution where a number may vary is checked
/// by its <see cref="Distribution.Support"/>; with them (reading one variation) its drawn value is used and checked.</remarks>
public sealed class SectionReader(string file, List<ScenarioDiagnostic> diagnostics, IReadOnlyDictionary<string, ScenarioValue>? resolved = null)
{
    /// <summary>The drawn values of one variation by path, or null when validating the spec.</summary>
    public IReadOnlyDictionary<string, ScenarioValue>? Resolved { get; } = resolved;

    /// <summary>The diagnostics collected so far.</summary>
    public List<ScenarioDiagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>Reports an error at a node.</summary>
    public void Error(YamlNode node, string message) => Diagnostics.Add(new(file, node.Line, node.Column, node.Path, message));

    /// <summary>Reports every key of <paramref name="map"/> that is not in <paramref name="allowed"/>, suggesting the closest one.</summary>
    public void CheckKeys(YamlMapping map, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach ((YamlScalar key, _) in map.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                string? near = Spelling.Closest(key.Value, allowed);
                ErrorAtKey(key, near is null ? $"unknown key {MessageText.Quote(key.Value)}; expected one of: {string.Join(", ", allowed)}" : $"unknown key {MessageText.Quote(key.Value)}; did you mean '{near}'?");
            }
        }
    }

    /// <summary>Reports an error at a mapping's key itself (where an unknown key is written), its path being the key's
    /// own (<c>parent.key</c>).</summary>
    public void ErrorAtKey(YamlScalar key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        Diagnostics.Add(new(file, key.Line, key.Column, key.Path.Length == 0 ? key.Value : $"{key.Path}.{key.Value}", message));
    }

    /// <summary>The mapping under <paramref name="key"/>; reports it when missing (if required) or not a mapping.</summary>
    /// <param name="parent">The mapping that holds it.</param>
    /// <param name="key">Its key.</param>
    /// <param name="required">Whether a missing key is an error.</param>
    /// <param name="contents">What the mapping holds, for the message when it is empty (e.g. "name and duration").</param>
    public YamlMapping? Mapping(YamlMapping parent, string key, bool required, string? contents = null)
    {
        YamlNode? node = Required(parent, key, required);
        if (node is null or YamlMapping)
        {
            return node as YamlMapping;
        }

        Error(node, node is YamlScalar { IsNull: true }
            ? $"expected a mapping, found nothing ({key} is empty){(contents is null ? string.Empty : $"; {key} needs {contents}")}"
            : $"expected a mapping, found {node.Kind}");
        return null;
    }

    /// <summary>A text scalar; reports it when missing (if required), not a scalar, or a distribution.</summary>
    public string? Text(YamlMapping parent, string key, bool required)
    {
        YamlNode? node = Required(parent, key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Error(node, $"expected text, found {node.Kind}");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>One of <paramref name="options"/> (a "did you mean" when misspelt), <paramref name="fallback"/> when
    /// absent, null when wrong (reported). It may be a <c>choice([…])</c> of such words: checking a file then takes the
    /// first option that can be drawn as representative, a variation its drawn word.</summary>
    public string? OneOf(YamlMapping parent, string key, IReadOnlyList<string> options, string? fallback)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(options);
        string? value = Text(parent, key, required: fallback is null);
        if (value is null)
        {
            return parent[key] is null ? fallback : null;
        }

        YamlNode node = parent[key]!;
        if (node is YamlScalar { Quoted: false } && DistributionParser.TryParse(value, out Distribution? distribution, out _) && distribution is ChoiceDistribution choice)
        {
            // A choice of words: every option must be one of the options; a variation uses its draw.
            string[] bad = [.. choice.Options.Where(o => o.IsNumber || !options.Contains(o.Text!, StringComparer.Ordinal)).Select(o => o.ToString())];
            if (bad.Length > 0)
            {
                Error(node, $"{choice} offers {string.Join(", ", bad.Select(MessageText.Quote))}; each {key} must be one of: {string.Join(", ", options)}");
                return null;
            }

            return Resolved is not null && Resolved.TryGetValue(node.Path, out ScenarioValue drawn) ? drawn.Text : choice.Representative.Text;
        }

        if (!options.Contains(value, StringComparer.Ordinal))
        {
            string? close = Spelling.Closest(value, options);
            Error(node, $"unknown {key} {MessageText.Quote(value)}; {(close is null ? "expected one of: " + string.Join(", ", options) : $"did you mean '{close}'?")}");
            return null;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c>; <paramref name="fallback"/> when absent, null when wrong (reported).</summary>
    public bool? Flag(YamlMapping parent, string key, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(parent);
        YamlNode? node = parent[key];
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalar { Quoted: false, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(node, $"expected true or false, found {Found(node)}");
        return null;
    }

    /// <summary>A fixed whole number in [<paramref name="min"/>, <paramref name="max"/>], or null (reported when wrong);
    /// <paramref name="unit"/> (e.g. <c>px</c>) is named in messages.</summary>
    public int? Whole(YamlMapping parent, string key, int min, int max, bool required, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(parent);
        double? value = Number(parent, key, min, max, unit, required);
        if (value is { } v && v != Math.Floor(v))
        {
            Error(parent[key]!, FormattableString.Invariant($"expected a whole number, found {v}"));
            return null;
        }

        return value is null ? null : (int)value.Value;
    }

    /// <summary>A list of text scalars (an absent key is an empty list).</summary>
    public IReadOnlyList<string> TextList(YamlMapping parent, string key)
    {
        YamlNode? node = parent[key];
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequence list)
        {
            Error(node, $"expected a list, found {node.Kind}");
            return [];
        }

        var values = new List<string>();
        foreach (YamlNode item in list.Items)
        {
            if (item is YamlScalar s)
            {
                values.Add(s.Value);
            }
            else
            {
                Error(item, $"expected text, found {item.Kind}");
            }
        }

        return values;
    }

    /// <summary>
    /// A fixed number in [<paramref name="min"/>, <paramref name="max"/>] (unit named in messages); reports missing,
    /// non-numeric, out-of-range, and distributions where a fixed value is required.
    /// </summary>
    public double? Number(YamlMapping parent, string key, double min, double max, string unit, bool required, bool mayVary = false)
    {
        YamlNode? node = Required(parent, key, required);
        return node is null ? null : Number(node, min, max, unit, mayVary);
    }

    /// <summary>
    /// <paramref name="node"/> as a number in [<paramref name="min"/>, <paramref name="max"/>] (an item of a list, where
    /// there is no key to look up); reports non-numeric, out-of-range, and distributions where a fixed value is required.
    /// </summary>
    public double? Number(YamlNode node, double min, double max, string unit, bool mayVary = false)
    {
        ArgumentNullException.ThrowIfNull(node);
        string expected = MessageText.NumberIn(unit);
        if (node is not YamlScalar scalar || scalar.Quoted)
        {
            Error(node, $"expected {expected}, found {(node is YamlScalar ? "quoted text" : node.Kind)}");
            return null;
        }

        string range = MessageText.Range(min, max, unit);
        bool wellFormed = DistributionParser.TryParse(scalar.Value, out Distribution? distribution, out _);
        if (wellFormed && distribution is not null)
        {
            if (!mayVary)
            {
                Error(node, $"{MessageText.Quote(scalar.Value)} is a distribution; {node.Path} must be a fixed number");
                return null;
            }

            if (Resolved is not null && Resolved.TryGetValue(node.Path, out ScenarioValue drawn))
            {
                if (!drawn.IsNumber || drawn.Number < min || drawn.Number > max)
                {
                    Error(node, $"this variation draws {drawn} from {distribution}, outside {range}");
                    return null;
                }

                return drawn.Number;
            }

            if (distribution.Support is not { } support)
            {
                Error(node, $"{distribution} can draw words; {node.Path} needs {expected}");
                return null;
            }

            if (support.Min < min || support.Max > max)
            {
                Error(node, FormattableString.Invariant($"{distribution} can draw values outside {range} (it spans {support.Min:G4}–{support.Max:G4})"));
                return null;
            }

            return (support.Min + support.Max) / 2; // a representative value while validating
        }

        bool parsed = double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        if (parsed && double.IsInfinity(value) && IsNumeral(scalar.Value))
        {
            Error(node, $"{MessageText.Quote(scalar.Value)} is out of range (too large for a number); expected {range}");
            return null;
        }

        if (!parsed || !double.IsFinite(value))
        {
            if (!wellFormed && Diagnostics.Exists(d => d.Path == node.Path && d.Line == node.Line))
            {
                return null; // a malformed distribution, already reported where it goes wrong (ScenarioDistributions)
            }

            Error(node, $"expected {expected}, found {Found(node)}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, $"{MessageText.Amount(value, unit)} is out of range; expected {range}");
            return null;
        }

        return value;
    }

    /// <summary>Whether <paramref name="text"/> is written as a number (digits, a point, an exponent), not as a word
    /// such as <c>Infinity</c>.</summary>
    private static bool IsNumeral(string text)
    {
        string t = text.Trim();
        return t.Length > 0 && t.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-') && t.Any(char.IsAsciiDigit);
    }

    /// <summary>What a message says it found: the scalar (shortened when long), "nothing" for an empty value, or the
    /// kind of node.</summary>
    internal static string Found(YamlNode node) => node switch
    {
        YamlScalar { IsNull: true, Value: "" } => "nothing",
        YamlScalar s => MessageText.Quote(s.Value),
        _ => node.Kind,
    };

    private YamlNode? Required(YamlMapping parent, string key, bool required)
    {
        YamlNode? node = parent[key];
        if (node is null && required)
        {
            Diagnostics.Add(new(file, parent.Line, parent.Column, parent.Path.Length == 0 ? key : $"{parent.Path}.{key}", $"missing required key '{key}'"));
        }

        return node;
    }
}
