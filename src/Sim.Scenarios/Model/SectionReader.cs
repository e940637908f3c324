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
                Diagnostics.Add(new(file, key.Line, key.Column, key.Path.Length == 0 ? key.Value : $"{key.Path}.{key.Value}",
                    near is null ? $"unknown key '{key.Value}'; expected one of: {string.Join(", ", allowed)}" : $"unknown key '{key.Value}'; did you mean '{near}'?"));
            }
        }
    }

    /// <summary>The mapping under <paramref name="key"/>; reports it when missing (if required) or not a mapping.</summary>
    public YamlMapping? Mapping(YamlMapping parent, string key, bool required)
    {
        YamlNode? node = Required(parent, key, required);
        if (node is null or YamlMapping)
        {
            return node as YamlMapping;
        }

        Error(node, $"expected a mapping, found {node.Kind}");
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
    /// absent, null when wrong (reported).</summary>
    public string? OneOf(YamlMapping parent, string key, IReadOnlyList<string> options, string? fallback)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(options);
        string? value = Text(parent, key, required: fallback is null);
        if (value is null)
        {
            return parent[key] is null ? fallback : null;
        }

        if (!options.Contains(value, StringComparer.Ordinal))
        {
            string? close = Spelling.Closest(value, options);
            Error(parent[key]!, $"unknown {key} '{value}'; {(close is null ? "expected one of: " + string.Join(", ", options) : $"did you mean '{close}'?")}");
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

        Error(node, $"expected true or false, found {(node is YamlScalar s ? $"'{s.Value}'" : node.Kind)}");
        return null;
    }

    /// <summary>A fixed whole number in [<paramref name="min"/>, <paramref name="max"/>], or null (reported when wrong).</summary>
    public int? Whole(YamlMapping parent, string key, int min, int max, bool required)
    {
        ArgumentNullException.ThrowIfNull(parent);
        double? value = Number(parent, key, min, max, string.Empty, required);
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
        if (node is null)
        {
            return null;
        }

        string expected = unit.Length == 0 ? "a number" : $"a number in {unit}";
        if (node is not YamlScalar scalar || scalar.Quoted)
        {
            Error(node, $"expected {expected}, found {(node is YamlScalar ? "quoted text" : node.Kind)}");
            return null;
        }

        bool wellFormed = DistributionParser.TryParse(scalar.Value, out Distribution? distribution, out _);
        if (wellFormed && distribution is not null)
        {
            if (!mayVary)
            {
                Error(node, $"'{scalar.Value}' is a distribution; {node.Path} must be a fixed number");
                return null;
            }

            if (Resolved is not null && Resolved.TryGetValue(node.Path, out ScenarioValue drawn))
            {
                if (!drawn.IsNumber || drawn.Number < min || drawn.Number > max)
                {
                    Error(node, FormattableString.Invariant($"this variation draws {drawn} from {distribution}, outside {min}–{max} {unit}"));
                    return null;
                }

                return drawn.Number;
            }

            if (distribution.Support is not { } support)
            {
                Error(node, $"{distribution} can draw words; {node.Path} needs a number in {unit}");
                return null;
            }

            if (support.Min < min || support.Max > max)
            {
                Error(node, FormattableString.Invariant($"{distribution} can draw values outside {min}–{max} {unit} (it spans {support.Min:G4}–{support.Max:G4})"));
                return null;
            }

            return (support.Min + support.Max) / 2; // a representative value while validating
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            if (!wellFormed && Diagnostics.Exists(d => d.Path == node.Path && d.Line == node.Line))
            {
                return null; // a malformed distribution, already reported where it goes wrong (ScenarioDistributions)
            }

            Error(node, $"expected {expected}, found '{scalar.Value}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, FormattableString.Invariant($"{value} {unit} is out of range; expected {min}–{max} {unit}").Replace("  ", " ", StringComparison.Ordinal).Replace(" ;", ";", StringComparison.Ordinal).TrimEnd());
            return null;
        }

        return value;
    }

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
