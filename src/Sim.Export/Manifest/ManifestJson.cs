using System.Text.Json;

namespace Sim.Export.Manifest;

/// <summary>The parts every Sim manifest (datasets and ledgers) writes the same way.</summary>
internal static class ManifestJson
{
    /// <summary>Indented, non-ASCII characters as they are.</summary>
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The opening every manifest has: <c>format</c>, <c>version</c>, <c>tool_version</c>, <c>run_key_sha256</c>.</summary>
    public static void WriteHeader(Utf8JsonWriter w, string format, int version, string toolVersion, string runKeySha256)
    {
        w.WriteString("format", format);
        w.WriteNumber("version", version);
        w.WriteString("tool_version", toolVersion);
        w.WriteString("run_key_sha256", runKeySha256);
    }

    /// <summary><c>"scenario": {name, file, sha256, seed, variation, parameters: [{path, value}]}</c>.</summary>
    public static void WriteScenario(Utf8JsonWriter w, ScenarioProvenance scenario)
    {
        w.WriteStartObject("scenario");
        w.WriteString("name", scenario.Name);
        w.WriteString("file", scenario.File);
        w.WriteString("sha256", scenario.Sha256);
        w.WriteNumber("seed", scenario.Seed);
        w.WriteNumber("variation", scenario.Variation);
        w.WriteStartArray("parameters");
        foreach (SampledParameter p in scenario.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("path", p.Path);
            if (p.Number is double number)
            {
                w.WriteNumber("value", number);
            }
            else
            {
                w.WriteString("value", p.Text);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>"files": [{path, bytes, sha256}]</c>.</summary>
    public static void WriteFiles(Utf8JsonWriter w, IReadOnlyList<ManifestFile> files)
    {
        w.WriteStartArray("files");
        foreach (ManifestFile f in files)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteNumber("bytes", f.Bytes);
            w.WriteString("sha256", f.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>"timings": {stage: seconds}</c>, in key order, to the millisecond.</summary>
    public static void WriteTimings(Utf8JsonWriter w, IReadOnlyDictionary<string, double> timings)
    {
        w.WriteStartObject("timings");
        foreach (KeyValuePair<string, double> t in timings.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(t.Key, Math.Round(t.Value, 3));
        }

        w.WriteEndObject();
    }
}
