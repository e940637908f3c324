using Sim.Scenarios.Distributions;
using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>Finds every distribution expression in a scenario (unquoted scalars only: a quoted scalar is always text)
/// and reports malformed ones at the exact column inside the scalar.</summary>
public static class ScenarioDistributions
{
    /// <summary>The (path, distribution) pairs in file order; errors go to <paramref name="reader"/>.</summary>
    public static List<(string Path, Distribution Distribution)> Collect(YamlNode root, SectionReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = new List<(string, Distribution)>();
        Visit(root);
        return found;

        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlScalar { Quoted: false } scalar:
                    if (!DistributionParser.TryParse(scalar.Value, out Distribution? distribution, out DistributionError? error))
                    {
                        string hint = scalar.Value.Contains('(', StringComparison.Ordinal) && !scalar.Value.Contains(')', StringComparison.Ordinal)
                            ? " (inside [ ] or { } a comma ends the value: write a distribution in block style, one key per line)"
                            : string.Empty;
                        reader.Diagnostics.Add(new(file, scalar.Line, scalar.Column + error!.Column - 1, scalar.Path, error.Message + hint));
                    }
                    else if (distribution is not null)
                    {
                        found.Add((scalar.Path, distribution));
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
    }
}
