using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>The <c>variations</c> section: how many variations a run makes by default and the seed of their draws.</summary>
/// <param name="Count">Variations a run makes unless told otherwise (1–1,000,000; default 1, or the number of sweep
/// points when the file sweeps).</param>
/// <param name="Seed">Seed of the distributions' draws, or null to use the run seed (<c>meta.seed</c>): with its own
/// seed a file keeps the same sampled values while the run seed changes the traffic's randomness, and vice versa.</param>
public sealed record ScenarioVariations(int Count, ulong? Seed)
{
    /// <summary>The most variations one file may ask for.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The keys of the section.</summary>
    public static readonly IReadOnlyList<string> Keys = ["count", "seed"];

    /// <summary>Reads the section (defaults when absent); null when wrong (reported).</summary>
    public static ScenarioVariations? Read(YamlMapping root, SectionReader reader, int sweepPoints)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        int fallback = Math.Clamp(sweepPoints, 1, MaxCount);
        YamlMapping? section = reader.Mapping(root, "variations", required: false);
        if (section is null)
        {
            return root["variations"] is null ? new ScenarioVariations(fallback, null) : null;
        }

        int errors = reader.Diagnostics.Count;
        reader.CheckKeys(section, [.. Keys]);
        int count = reader.Whole(section, "count", 1, MaxCount, required: false) ?? fallback;
        double? seed = reader.Number(section, "seed", 0, 9_007_199_254_740_992, "", required: false);
        if (seed is { } v && v != Math.Floor(v))
        {
            reader.Error(section["seed"]!, $"the seed must be a whole number, found {v}");
        }

        return reader.Diagnostics.Count > errors ? null : new ScenarioVariations(count, seed is { } x ? (ulong)x : null);
    }
}
