using System.Globalization;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>Finds every distribution expression in a scenario (unquoted scalars only: a quoted scalar is always text)
/// and reports malformed ones at the exact column inside the scalar, and the range that makes the file's sweep grid
/// larger than <see cref="VariationPlan.MaxSweepCount"/> at that range.</summary>
public static class ScenarioDistributions
{
    /// <summary>The (path, distribution) pairs in file order, ready for a <see cref="VariationPlan"/>; errors go to
    /// <paramref name="reader"/>, and a distribution reported there is left out.</summary>
    public static List<(string Path, Distribution Distribution)> Collect(YamlNode root, SectionReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = new List<(string, Distribution)>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var sweeps = new List<int>();
        long product = 1;
        bool tooMany = false;
        Visit(root);
        return found;

        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlScalar { Quoted: false } scalar:
                    if (!DistributionParser.TryParse(scalar.Value, out Distribution? distribution, out DistributionError? error))
                    {
                        string hint = scalar.InFlow && scalar.Value.Contains('(', StringComparison.Ordinal) && !scalar.Value.Contains(')', StringComparison.Ordinal)
                            ? " (inside [ ] or { } a comma ends the value: write a distribution in block style, one key per line)"
                            : string.Empty;
                        reader.Diagnostics.Add(new(file, scalar.Line, scalar.Column + error!.Column - 1, scalar.Path, error.Message + hint));
                    }
                    else if (distribution is not null)
                    {
                        Add(scalar, distribution);
                    }

                    break;
                case YamlSequence list:
                    foreach (YamlNode item in list.Items)
                    {
                        Visit(item);
                    }

                    break;
                case YamlMapping map:
                    foreach ((_, YamlNode value) in map.Entries)
                    {
                        Visit(value);
                    }

                    break;
            }
        }

        void Add(YamlScalar scalar, Distribution distribution)
        {
            if (lines.TryGetValue(scalar.Path, out int first))
            {
                // Only a key with a '.' or '[' in it can give two values one path; it is reported by the section too.
                reader.Error(scalar, $"{MessageText.Quote(scalar.Path)} names the same value as the distribution at line {first}");
                return;
            }

            if (distribution is RangeSweep sweep)
            {
                if (tooMany)
                {
                    return; // the grid is already too large, and reported
                }

                if (product * sweep.Count > VariationPlan.MaxSweepCount)
                {
                    tooMany = true;
                    string factors = string.Join(" × ", sweeps.Append(sweep.Count).Where(c => c > 1).Select(c => c.ToString("N0", CultureInfo.InvariantCulture)));
                    reader.Error(scalar, string.Create(CultureInfo.InvariantCulture,
                        $"with {distribution} ({sweep.Count:N0} values) the file's ranges sweep more than {VariationPlan.MaxSweepCount:N0} combinations ({factors} = {product * sweep.Count:N0}); use fewer values or a larger step"));
                    return;
                }

                product *= sweep.Count;
                sweeps.Add(sweep.Count);
            }

            lines.Add(scalar.Path, scalar.Line);
            found.Add((scalar.Path, distribution));
        }
    }
}
