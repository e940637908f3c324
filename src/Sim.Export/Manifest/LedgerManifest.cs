using System.Globalization;
using System.Text.Json;
using Sim.Core.Finance;
using Sim.Export.Files;

namespace Sim.Export.Manifest;

/// <summary>
/// The manifest of a ledger dataset (<c>manifest.json</c>, format <see cref="Format"/>), written last: what made it
/// (tool version, scenario file and its hash, seed, variation and every drawn parameter, the run key's hash), the
/// population and period, the prevalence targets against what was posted, counts per typology, the formats and every
/// file with its size and SHA-256, and timings.
/// </summary>
/// <param name="ToolVersion">Sim's version.</param>
/// <param name="Scenario">Scenario provenance.</param>
/// <param name="Spec">The variation's financial scenario.</param>
/// <param name="Summary">What was posted.</param>
/// <param name="Accounts">Accounts in the dataset.</param>
/// <param name="Formats">Formats written.</param>
/// <param name="Files">Every file but the manifest, in ordinal path order.</param>
/// <param name="Timings">Wall-clock seconds per stage.</param>
/// <param name="RunKeySha256">SHA-256 of the run's key: a rerun with the same key finds the dataset made.</param>
public sealed record LedgerManifest(
    string ToolVersion,
    ScenarioProvenance Scenario,
    FinanceSpec Spec,
    FinanceSummary Summary,
    int Accounts,
    IReadOnlyList<string> Formats,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyDictionary<string, double> Timings,
    string RunKeySha256)
{
    /// <summary>The manifest's format name.</summary>
    public const string Format = "sim.ledger";

    /// <summary>The layout version.</summary>
    public const int Version = 1;

    /// <summary>Writes the manifest into <paramref name="folder"/> atomically and durably.</summary>
    public void Write(string folder)
    {
        AtomicFile.Write(Path.Combine(folder, DatasetManifest.FileName), stream =>
        {
            using var w = new Utf8JsonWriter(stream, ManifestJson.Options);
            w.WriteStartObject();
            ManifestJson.WriteHeader(w, Format, Version, ToolVersion, RunKeySha256);
            ManifestJson.WriteScenario(w, Scenario);
            w.WriteStartObject("finance");
            w.WriteNumber("customers", Spec.Customers);
            w.WriteNumber("merchants", Spec.Merchants);
            w.WriteNumber("accounts", Accounts);
            w.WriteNumber("days", Spec.Days);
            w.WriteString("start", Spec.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("currency", Spec.Currency);
            w.WriteEndObject();
            w.WriteStartObject("counts");
            w.WriteNumber("transactions", Summary.Posted);
            w.WriteNumber("declined", Summary.Declined);
            w.WriteNumber("fraud", Summary.Fraud);
            w.WriteNumber("laundering", Summary.Laundering);
            w.WriteNumber("patterns", Summary.Patterns);
            w.WriteStartObject("by_typology");
            foreach (KeyValuePair<string, long> t in Summary.ByTypology)
            {
                w.WriteNumber(t.Key, t.Value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("prevalence");
            Rate(w, "fraud", Spec.FraudRate, Summary.Fraud);
            Rate(w, "laundering", Spec.LaunderingRate, Summary.Laundering);
            w.WriteEndObject();
            w.WriteStartArray("formats");
            foreach (string f in Formats)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            ManifestJson.WriteFiles(w, Files);
            ManifestJson.WriteTimings(w, Timings);
            w.WriteEndObject();
        }, durable: true);
    }

    private void Rate(Utf8JsonWriter w, string name, double? target, long labelled)
    {
        w.WriteStartObject(name);
        if (target is double t)
        {
            w.WriteNumber("target", t);
        }
        else
        {
            w.WriteNull("target");
        }

        w.WriteNumber("actual", Summary.Posted == 0 ? 0 : Math.Round(labelled / (double)Summary.Posted, 9));
        w.WriteEndObject();
    }

    /// <summary>The run-key hash of the ledger manifest at <paramref name="path"/>, or null when the file is not one.</summary>
    public static string? RunKeyOf(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String && f.GetString() == Format
                && root.TryGetProperty("run_key_sha256", out JsonElement k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
