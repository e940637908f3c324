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

    /// <summary>A variation's dataset folder under <paramref name="outRoot"/>: <c>vNNNNNN</c> (six digits).</summary>
    public static string Folder(string outRoot, int variation) => Path.Combine(outRoot, FolderName(variation));

    /// <summary>A variation's folder name, <c>vNNNNNN</c>.</summary>
    public static string FolderName(int variation) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"v{variation:D6}");

    /// <summary>Loads <paramref name="file"/>, logging its located errors; null when it does not load.</summary>
    public static ScenarioSpec? Load(string file, RunLog log) => Logged(ScenarioSpec.Load, file, log);

    /// <summary>Draws variation <paramref name="index"/> of <paramref name="spec"/>, logging its located errors; null
    /// when a draw fails.</summary>
    public static ScenarioInstance? Instantiate(ScenarioSpec spec, ulong? seed, int index, RunLog log) =>
        Logged((_, d) => spec.Instantiate(seed, index, d), spec.File, log);

    private static T? Logged<T>(Func<string, List<Sim.Scenarios.Yaml.ScenarioDiagnostic>, T?> make, string file, RunLog log)
        where T : class
    {
        var diagnostics = new List<Sim.Scenarios.Yaml.ScenarioDiagnostic>();
        T? made = make(file, diagnostics);
        foreach (Sim.Scenarios.Yaml.ScenarioDiagnostic d in made is null ? diagnostics : [])
        {
            log.Diagnostic(d.ToString());
        }

        return made;
    }

    /// <summary>The scenario's provenance for a manifest: name, file, hash, seed, variation and every drawn value.</summary>
    public static ScenarioProvenance Provenance(ScenarioInstance instance, string file, string scenarioHash) => new(
        instance.Meta.Name, file, scenarioHash, instance.Seed, instance.Index,
        [.. instance.Draws.Select(d => new SampledParameter(d.Path, d.Value.IsNumber ? d.Value.Number : null, d.Value.IsNumber ? null : d.Value.Text))]);
}
