using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sim.Cli.Batch;

/// <summary>One scenario of a batch: its name (its folder in the batch), the SHA-256 of its file and its kind.</summary>
/// <param name="Name">The scenario's <c>meta.name</c>.</param>
/// <param name="Sha256">The file's SHA-256, lower-case hex.</param>
/// <param name="Kind"><c>driving</c> (sensor datasets) or <c>ledger</c>.</param>
internal sealed record BatchScenario(string Name, string Sha256, string Kind);

/// <summary>
/// <c>DIR/batch.json</c>: what a batch is — its scenarios, the variations of each and the settings every shard runs
/// with — so that <c>sim batch status</c> knows every variation there should be, and a shard started with other settings
/// into the same folder is refused before it writes anything. Every shard writes the same bytes; the first to start
/// writes the file (atomically), the others check it.
/// </summary>
/// <param name="ToolVersion">The sim version (shards of one batch run the same one: it enters every dataset's key).</param>
/// <param name="Variations">Variations per scenario.</param>
/// <param name="Seed">The seed given, or null for each scenario's <c>meta.seed</c>.</param>
/// <param name="Settings">The other settings that shape the datasets, by option name, as given.</param>
/// <param name="Scenarios">The scenarios, in the order given.</param>
internal sealed record BatchManifest(string ToolVersion, int Variations, ulong? Seed, IReadOnlyList<KeyValuePair<string, string>> Settings, IReadOnlyList<BatchScenario> Scenarios)
{
    /// <summary>The file's name in the batch folder.</summary>
    public const string FileName = "batch.json";

    /// <summary>The value of its <c>format</c> field.</summary>
    public const string Format = "sim.batch";

    /// <summary>The folder of variation <paramref name="variation"/> of <paramref name="scenario"/> under <paramref name="root"/>.</summary>
    public static string Folder(string root, BatchScenario scenario, int variation) =>
        Sim.Cli.Run.RunIdentity.Folder(Path.Combine(root, scenario.Name), variation);

    /// <summary>The file's bytes: indented JSON, fields in a fixed order.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", 1);
            w.WriteString("tool_version", ToolVersion);
            w.WriteNumber("variations", Variations);
            if (Seed is ulong seed)
            {
                w.WriteNumber("seed", seed);
            }
            else
            {
                w.WriteNull("seed");
            }

            w.WriteStartObject("settings");
            foreach ((string key, string value) in Settings)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteStartArray("scenarios");
            foreach (BatchScenario s in Scenarios)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("sha256", s.Sha256);
                w.WriteString("kind", s.Kind);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a batch file; the message names the file and the field.</exception>
    public static BatchManifest Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message})", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            string Text(JsonElement e, string field) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new InvalidDataException($"{path}: field '{field}' missing or not a string");
            if (Text(root, "format") != Format)
            {
                throw new InvalidDataException($"{path}: format is not '{Format}'");
            }

            if (!root.TryGetProperty("variations", out JsonElement variations) || variations.ValueKind != JsonValueKind.Number || !variations.TryGetInt32(out int count) || count < 1)
            {
                throw new InvalidDataException($"{path}: field 'variations' missing or not a whole number from 1");
            }

            ulong? seed = root.TryGetProperty("seed", out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetUInt64(out ulong n) ? n : null;
            var settings = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("settings", out JsonElement o) && o.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in o.EnumerateObject())
                {
                    settings.Add(new(p.Name, p.Value.ToString()));
                }
            }

            if (!root.TryGetProperty("scenarios", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new InvalidDataException($"{path}: field 'scenarios' missing or empty");
            }

            var scenarios = new List<BatchScenario>();
            foreach (JsonElement e in list.EnumerateArray())
            {
                string name = Text(e, "name");
                if (!Sim.Scenarios.Model.ScenarioMeta.IsValidName(name))
                {
                    throw new InvalidDataException($"{path}: scenario name '{name}' is not a scenario name (letters, digits, '-', '_')");
                }

                scenarios.Add(new BatchScenario(name, Text(e, "sha256"), Text(e, "kind")));
            }

            return new BatchManifest(Text(root, "tool_version"), count, seed, settings, scenarios);
        }
    }

    /// <summary>
    /// Writes this batch's file into <paramref name="root"/>, or checks the one there: null when the folder holds this
    /// batch (or <paramref name="overwrite"/> replaced another), else what differs. The temporary name is unique to the
    /// process on any node (containers often share one PID), so shards starting together on a shared volume never
    /// write into each other's file.
    /// </summary>
    public string? WriteOrCheck(string root, bool overwrite)
    {
        string path = Path.Combine(root, FileName);
        byte[] bytes = ToJson();
        if (File.Exists(path) && !overwrite)
        {
            byte[] there = File.ReadAllBytes(path);
            if (there.AsSpan().SequenceEqual(bytes))
            {
                return null;
            }

            BatchManifest other;
            try
            {
                other = Read(path);
            }
            catch (InvalidDataException e)
            {
                return $"{e.Message}; it is not a Sim batch file, so nothing was written: choose another --out";
            }

            return $"{path} describes another batch ({Difference(other)}); pass --overwrite to remake this folder's datasets with these settings, or choose another --out";
        }

        Directory.CreateDirectory(root);
        foreach (string leftover in Directory.EnumerateFiles(root, $".{FileName}.*.tmp"))
        {
            File.Delete(leftover); // a shard killed while writing batch.json
        }

        string temp = Path.Combine(root, $".{FileName}.{Environment.MachineName}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (overwrite)
            {
                File.Move(temp, path, overwrite: true);
                return null;
            }

            try
            {
                File.Move(temp, path, overwrite: false); // the first shard to start writes it…
                return null;
            }
            catch (IOException) when (File.Exists(path))
            {
                return WriteOrCheck(root, overwrite: false); // …and a shard that lost the race checks it
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The first field in which <paramref name="other"/> differs from this batch, in words.</summary>
    private string Difference(BatchManifest other)
    {
        if (other.ToolVersion != ToolVersion)
        {
            return $"made by sim {other.ToolVersion}, this is {ToolVersion}";
        }

        if (other.Variations != Variations)
        {
            return $"{other.Variations} variations, not {Variations}";
        }

        if (other.Seed != Seed)
        {
            return $"seed {Show(other.Seed)}, not {Show(Seed)}";
        }

        string Scenarios(BatchManifest m) => string.Join(", ", m.Scenarios.Select(s => $"{s.Name} ({s.Sha256[..Math.Min(12, s.Sha256.Length)]})"));
        if (Scenarios(other) != Scenarios(this))
        {
            return $"scenarios {Scenarios(other)}, not {Scenarios(this)}";
        }

        string Settings(BatchManifest m) => string.Join(", ", m.Settings.Select(p => $"{p.Key} {p.Value}"));
        return $"settings {Settings(other)}, not {Settings(this)}";
    }

    private static string Show(ulong? seed) => seed is ulong s ? s.ToString(CultureInfo.InvariantCulture) : "from the scenario";
}
