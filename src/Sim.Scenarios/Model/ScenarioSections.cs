using Sim.Scenarios.Yaml;

namespace Sim.Scenarios.Model;

/// <summary>The top-level sections of a scenario file. Each owning issue validates its own section; unknown sections
/// are reported with a "did you mean".</summary>
public static class ScenarioSections
{
    /// <summary>The sections a scenario file may have.</summary>
    public static readonly IReadOnlyList<string> Names = ["meta", "world", "actors", "weather", "events", "sensors", "finance", "output", "variations"];

    /// <summary>Reports unknown top-level keys.</summary>
    public static void CheckTopLevel(YamlMapping root, SectionReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.CheckKeys(root, [.. Names]);
    }
}
