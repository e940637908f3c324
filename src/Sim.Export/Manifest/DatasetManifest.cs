using System.Globalization;
using System.Text.Json;
using Sim.Export.Files;

namespace Sim.Export.Manifest;

/// <summary>A parameter a variation drew: its path in the scenario file and its value (a number or a word).</summary>
/// <param name="Path">Where in the file, e.g. <c>actors.lead.speed</c>.</param>
/// <param name="Number">The number drawn, when it is one.</param>
/// <param name="Text">The word drawn, when it is one.</param>
public readonly record struct SampledParameter(string Path, double? Number, string? Text);

/// <summary>A file of the dataset: path relative to the dataset (forward slashes), size and SHA-256 (lower-case hex).</summary>
/// <param name="Path">Relative path.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">Content hash.</param>
public readonly record struct ManifestFile(string Path, long Bytes, string Sha256);

/// <summary>Where the scenario came from: its name, the file and its SHA-256, the run seed, the variation and every
/// parameter it drew. Plain data: the CLI fills it from the scenario, Sim.Export never reads a scenario file.</summary>
/// <param name="Name">The scenario's name (meta.name).</param>
/// <param name="File">The file as given on the command line.</param>
/// <param name="Sha256">SHA-256 of the file's bytes.</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Variation">Variation index.</param>
/// <param name="Parameters">Every drawn value, in file order.</param>
public sealed record ScenarioProvenance(string Name, string File, string Sha256, ulong Seed, int Variation, IReadOnlyList<SampledParameter> Parameters);

/// <summary>
/// <c>manifest.json</c>: how a dataset was made and what it holds, written last (its presence marks the dataset
/// complete). Everything but <see cref="Timings"/> is a function of the scenario, seed, variation, options and tool
/// version, so a rerun writes the same bytes apart from the timings object.
/// </summary>
/// <param name="ToolVersion">Sim's version (with its commit).</param>
/// <param name="Scenario">Scenario provenance.</param>
/// <param name="Sensors">The sensor rig and calibrations, as a JSON object written by the caller (<see cref="JsonElement"/>).</param>
/// <param name="Renderer">The camera renderer (backend and GL_RENDERER string).</param>
/// <param name="LidarCaster">The LiDAR ray caster (backend and renderer).</param>
/// <param name="Formats">Formats written.</param>
/// <param name="Frames">Frames captured.</param>
/// <param name="LabelsPerClass">Camera labels per class over all frames.</param>
/// <param name="LidarPoints">LiDAR points over all frames.</param>
/// <param name="Files">Every file of the dataset but the manifest, in ordinal path order.</param>
/// <param name="Timings">Wall-clock seconds per stage (not reproducible by nature).</param>
/// <param name="RunKeySha256">SHA-256 of the run's key (everything that determines the bytes, see
/// <see cref="Dataset.DatasetWriter"/>): a rerun with the same key finds the dataset already made.</param>
public sealed record DatasetManifest(
    string ToolVersion,
    ScenarioProvenance Scenario,
    JsonElement Sensors,
    string Renderer,
    string LidarCaster,
    IReadOnlyList<string> Formats,
    int Frames,
    IReadOnlyDictionary<string, int> LabelsPerClass,
    long LidarPoints,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyDictionary<string, double> Timings,
    string RunKeySha256 = "")
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The manifest's format name.</summary>
    public const string Format = "sim.dataset";

    /// <summary>The manifest layout version.</summary>
    public const int Version = 1;

    /// <summary>Writes the manifest into <paramref name="folder"/> atomically and durably (synced to the disk).</summary>
    public void Write(string folder)
    {
        AtomicFile.Write(Path.Combine(folder, FileName), stream =>
        {
            using var w = new Utf8JsonWriter(stream, ManifestJson.Options);
            w.WriteStartObject();
            ManifestJson.WriteHeader(w, Format, Version, ToolVersion, RunKeySha256);
            ManifestJson.WriteScenario(w, Scenario);
            w.WritePropertyName("sensors");
            Sensors.WriteTo(w);
            w.WriteString("renderer", Renderer);
            w.WriteString("lidar_caster", LidarCaster);
            w.WriteStartArray("formats");
            foreach (string f in Formats)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteNumber("frames", Frames);
            w.WriteStartObject("labels_per_class");
            foreach (KeyValuePair<string, int> c in LabelsPerClass.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(c.Key, c.Value);
            }

            w.WriteEndObject();
            w.WriteNumber("lidar_points", LidarPoints);
            ManifestJson.WriteFiles(w, Files);
            ManifestJson.WriteTimings(w, Timings);
            w.WriteEndObject();
        }, durable: true);
    }

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="InvalidDataException">Not JSON, another format or version, or a field missing or of the wrong
    /// type (named with its JSON path).</exception>
    public static DatasetManifest Read(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            // Every field goes through the helpers below, so a missing or mistyped one is an InvalidDataException naming
            // its JSON path (e.g. 'scenario.seed', 'files[3].bytes'), never a KeyNotFoundException naming nothing.
            JsonElement root = doc.RootElement;
            const string Top = "";
            string format = Str(path, root, Top, "format");
            int version = Int(path, root, Top, "version");
            if (format != Format || version != Version)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: format '{format}' version {version}; expected '{Format}' version {Version}"));
            }

            string toolVersion = Str(path, root, Top, "tool_version");
            JsonElement s = Obj(path, root, Top, "scenario");
            var parameters = Items(path, s, "scenario", "parameters", (p, at) =>
            {
                JsonElement v = Member(path, p, at, "value", JsonValueKind.Undefined);
                return v.ValueKind switch
                {
                    JsonValueKind.Number => new SampledParameter(Str(path, p, at, "path"), v.GetDouble(), null),
                    JsonValueKind.String => new SampledParameter(Str(path, p, at, "path"), null, v.GetString()),
                    JsonValueKind.Null => new SampledParameter(Str(path, p, at, "path"), null, null),
                    _ => throw Mistyped(path, $"{at}.value", v, "Number or String"),
                };
            });
            var scenario = new ScenarioProvenance(Str(path, s, "scenario", "name"), Str(path, s, "scenario", "file"), Str(path, s, "scenario", "sha256"), UInt64(path, s, "scenario", "seed"), Int(path, s, "scenario", "variation"), parameters);
            var files = Items(path, root, Top, "files", (f, at) => new ManifestFile(Str(path, f, at, "path"), Int64(path, f, at, "bytes"), Str(path, f, at, "sha256")));
            return new DatasetManifest(
                toolVersion,
                scenario,
                Obj(path, root, Top, "sensors").Clone(),
                Str(path, root, Top, "renderer"),
                Str(path, root, Top, "lidar_caster"),
                Items(path, root, Top, "formats", (f, at) => f.ValueKind == JsonValueKind.String ? f.GetString()! : throw Mistyped(path, at, f, "String")),
                Int(path, root, Top, "frames"),
                Entries(path, root, "labels_per_class", (e, at, name) => Int(path, e, at, name)),
                Int64(path, root, Top, "lidar_points"),
                files,
                Entries(path, root, "timings", (e, at, name) => Double(path, e, at, name)),
                root.TryGetProperty("run_key_sha256", out JsonElement key) && key.ValueKind == JsonValueKind.String ? key.GetString()! : "");
        }
    }

    /// <summary>The paths (relative, forward slashes, ordinal order) of the files <see cref="ListFiles"/> lists, without
    /// reading them.</summary>
    public static IReadOnlyList<string> ListPaths(string folder)
    {
        string root = Path.GetFullPath(folder);
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => DatasetPath.Relative(root, f))
            .Where(r => r != FileName && !r.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Lists every file under <paramref name="folder"/> except the manifest, hidden files and folders (names
    /// starting with '.': work files of an unfinished run), with sizes and SHA-256, in ordinal path order; with
    /// <paramref name="sync"/>, each file is also forced to the disk (fsync), so a manifest written afterwards vouches
    /// for files that survive a machine crash. Files in <paramref name="known"/> (by path) whose size is as recorded
    /// there are not read again: their hash is the one taken as they were written.</summary>
    public static IReadOnlyList<ManifestFile> ListFiles(string folder, bool sync = false, IReadOnlyDictionary<string, ManifestFile>? known = null)
    {
        string root = Path.GetFullPath(folder);
        IReadOnlyList<string> paths = ListPaths(folder);
        var files = new ManifestFile[paths.Count];

        // Files are hashed (and synced) on all cores: each one's read and fsync wait overlaps the others'.
        OnAllCores.For(paths.Count, i =>
        {
            using var file = new FileStream(Path.Combine(root, paths[i]), FileMode.Open, sync ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read, 1 << 16);
            string hash = known is not null && known.TryGetValue(paths[i], out ManifestFile k) && k.Bytes == file.Length
                ? k.Sha256
                : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
            if (sync)
            {
                file.Flush(flushToDisk: true);
            }

            files[i] = new ManifestFile(paths[i], file.Length, hash);
        });
        return files;
    }

    /// <summary>The JSON path of member <paramref name="name"/> of the element at <paramref name="at"/> ("" for the
    /// top level).</summary>
    private static string PathOf(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    /// <summary>Member <paramref name="name"/> of the object at JSON path <paramref name="at"/>, of kind
    /// <paramref name="kind"/> (True takes False too; Undefined takes any kind).</summary>
    /// <exception cref="InvalidDataException">The member is missing or of another kind; the message names its JSON path.</exception>
    private static JsonElement Member(string path, JsonElement e, string at, string name, JsonValueKind kind)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Mistyped(path, at.Length == 0 ? "the top level" : at, e, "Object");
        }

        if (!e.TryGetProperty(name, out JsonElement v))
        {
            throw new InvalidDataException($"{path}: missing '{PathOf(at, name)}'");
        }

        return kind == JsonValueKind.Undefined || v.ValueKind == kind || (kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False)
            ? v
            : throw Mistyped(path, PathOf(at, name), v, kind.ToString());
    }

    private static InvalidDataException Mistyped(string path, string at, JsonElement v, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: '{at}' is {v.ValueKind}, expected {expected}"));

    private static InvalidDataException NotInteger(string path, string at, JsonElement v, string range) =>
        new($"{path}: '{at}' is {v.GetRawText()}, expected {range}");

    private static string Str(string path, JsonElement e, string at, string name) => Member(path, e, at, name, JsonValueKind.String).GetString()!;

    private static int Int(string path, JsonElement e, string at, string name)
    {
        JsonElement v = Member(path, e, at, name, JsonValueKind.Number);
        return v.TryGetInt32(out int n) ? n : throw NotInteger(path, PathOf(at, name), v, "a 32-bit integer");
    }

    private static long Int64(string path, JsonElement e, string at, string name)
    {
        JsonElement v = Member(path, e, at, name, JsonValueKind.Number);
        return v.TryGetInt64(out long n) ? n : throw NotInteger(path, PathOf(at, name), v, "a 64-bit integer");
    }

    private static ulong UInt64(string path, JsonElement e, string at, string name)
    {
        JsonElement v = Member(path, e, at, name, JsonValueKind.Number);
        return v.TryGetUInt64(out ulong n) ? n : throw NotInteger(path, PathOf(at, name), v, "an integer 0 to 2^64 - 1");
    }

    private static double Double(string path, JsonElement e, string at, string name) => Member(path, e, at, name, JsonValueKind.Number).GetDouble();

    private static JsonElement Obj(string path, JsonElement e, string at, string name) => Member(path, e, at, name, JsonValueKind.Object);

    /// <summary>The items of the array member <paramref name="name"/>, each read by <paramref name="read"/> with its JSON
    /// path (e.g. <c>files[3]</c>).</summary>
    private static List<T> Items<T>(string path, JsonElement e, string at, string name, Func<JsonElement, string, T> read)
    {
        string array = PathOf(at, name);
        return [.. Member(path, e, at, name, JsonValueKind.Array).EnumerateArray().Select((item, i) => read(item, string.Create(CultureInfo.InvariantCulture, $"{array}[{i}]")))];
    }

    /// <summary>The members of the top-level object <paramref name="name"/>, each value read by <paramref name="read"/>
    /// (given the object, its JSON path and the member's name).</summary>
    private static Dictionary<string, T> Entries<T>(string path, JsonElement root, string name, Func<JsonElement, string, string, T> read)
    {
        JsonElement o = Obj(path, root, "", name);
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (JsonProperty p in o.EnumerateObject())
        {
            if (!entries.TryAdd(p.Name, read(o, name, p.Name)))
            {
                throw new InvalidDataException($"{path}: '{PathOf(name, p.Name)}' appears twice");
            }
        }

        return entries;
    }
}
