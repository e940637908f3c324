using System.Text;
using System.Text.Json;
using Sim.Export.Manifest;
using Sim.Scenarios.Model;

namespace Sim.Cli.Run;

/// <summary>What identifies a run of one variation, the same for sensor datasets and ledgers: its key (everything that
/// determines the bytes, which a rerun must match) and its provenance for the manifest.</summary>
internal static class RunIdentity
{
    /// <summary>The run key as indented JSON: tool version, scenario hash, seed and variation, then what
    /// <paramref name="rest"/> writes (ticks, formats, rig …).</summary>
    public static string Key(string scenarioHash, ulong seed, int variation, Action<Utf8JsonWriter> rest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool_version", SimVersion.Informational);
            w.WriteString("scenario_sha256", scenarioHash);
            w.WriteNumber("seed", seed);
            w.WriteNumber("variation", variation);
            rest(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The scenario's provenance for a manifest: name, file, hash, seed, variation and every drawn value.</summary>
    public static ScenarioProvenance Provenance(ScenarioInstance instance, string file, string scenarioHash) => new(
        instance.Meta.Name, file, scenarioHash, instance.Seed, instance.Index,
        [.. instance.Draws.Select(d => new SampledParameter(d.Path, d.Value.IsNumber ? d.Value.Number : null, d.Value.IsNumber ? null : d.Value.Text))]);
}
