using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sim.Export.Coco;
using Sim.Export.Files;
using Sim.Export.Frames;
using Sim.Export.Kitti;
using Sim.Export.Manifest;
using Sim.Export.PointClouds;
using Sim.Sensors.Imaging;
using Sim.Sensors.Rig;

namespace Sim.Export.Dataset;

/// <summary>What a dataset folder holds with respect to a run (see <see cref="DatasetWriter.Check"/>).</summary>
public enum DatasetState
{
    /// <summary>Nothing there yet: the run starts fresh.</summary>
    New,

    /// <summary>An unfinished run of the same settings: it resumes.</summary>
    Resumable,

    /// <summary>A complete dataset of the same settings: nothing to do.</summary>
    Complete,

    /// <summary>A Sim dataset or run that --overwrite replaces.</summary>
    Replace,

    /// <summary>Cannot be used as asked.</summary>
    Conflict,
}

/// <summary>A dataset folder that cannot be written as asked: already complete, holding something else, or holding an
/// unfinished run with other settings. The message says which and what to do.</summary>
public sealed class DatasetConflictException(string message) : IOException(message);

/// <summary>
/// Writes one dataset (one scenario variation, one sequence) frame by frame, resumably. Every file goes through
/// <see cref="AtomicFile"/>; each frame ends with its summary (its frame-stream object without the point columns) in
/// the hidden work folder <c>.sim/frames/</c>, written last, so a frame whose summary exists is complete and a resumed
/// run skips it. The work folder also keeps the run's key (everything that determines the bytes: scenario hash, seed,
/// variation, frames, formats, rig), and per frame the COCO fragment, the KITTI tracking lines and, for the msgpack
/// format, the whole frame object (<c>.sim/stream/</c>). <see cref="Complete"/> assembles the per-sequence files
/// (frames.msgpack, coco/instances.json, label_02/0000.txt) in frame order, so a resumed dataset is byte-identical to
/// an uninterrupted one, then writes <c>manifest.json</c> last and removes the work folder.
/// </summary>
public sealed class DatasetWriter
{
    /// <summary>The hidden work folder of an unfinished run.</summary>
    public const string WorkFolder = ".sim";

    private readonly string _root;
    private readonly string _name;
    private readonly IReadOnlyList<string> _formats;
    private readonly SensorRig _rig;
    private readonly Stopwatch _writing = new();

    private DatasetWriter(string root, string name, IReadOnlyList<string> formats, SensorRig rig)
    {
        _root = root;
        _name = name;
        _formats = formats;
        _rig = rig;
    }

    /// <summary>The dataset folder (full path).</summary>
    public string Folder => _root;

    /// <summary>Seconds spent writing files so far (this process).</summary>
    public double WriteSeconds => _writing.Elapsed.TotalSeconds;

    /// <summary>The folders and files a dataset's formats write; <see cref="Clear"/> removes these and nothing else.</summary>
    private static readonly string[] OwnEntries =
    [
        KittiLayout.Images, KittiLayout.Labels, KittiLayout.Calib, KittiLayout.Velodyne, KittiLayout.Depth, KittiLayout.TrackingLabels,
        "coco", "pcd", "ply", "frames.msgpack", WorkFolder, DatasetManifest.FileName,
    ];

    /// <summary>
    /// What <see cref="Open"/> would do with <paramref name="folder"/> for the run <paramref name="runKey"/>, without
    /// changing anything: so a run with many variations can check every folder before it starts. A new or empty folder
    /// is <see cref="DatasetState.New"/>; a complete dataset made by the same key is <see cref="DatasetState.Complete"/>
    /// (nothing to do); an unfinished run of the same key is <see cref="DatasetState.Resumable"/>; with
    /// <paramref name="overwrite"/>, any Sim dataset or run there is <see cref="DatasetState.Replace"/> (started afresh);
    /// everything else is a <see cref="DatasetState.Conflict"/> whose message says why and what to do. A folder that holds
    /// no Sim dataset or run is never a candidate for replacing.
    /// </summary>
    public static (DatasetState State, string Message) Check(string folder, string runKey, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(runKey);
        string root = Path.GetFullPath(folder);
        if (File.Exists(root))
        {
            return (DatasetState.Conflict, $"{folder} is a file, not a folder; choose another --out");
        }

        string manifestPath = Path.Combine(root, DatasetManifest.FileName);
        string keyPath = Path.Combine(root, WorkFolder, "run.json");
        if (File.Exists(manifestPath))
        {
            DatasetManifest manifest;
            try
            {
                manifest = DatasetManifest.Read(manifestPath);
            }
            catch (InvalidDataException e)
            {
                return (DatasetState.Conflict, $"{folder} holds a {DatasetManifest.FileName} that is not a Sim dataset's ({e.Message}); nothing there was changed, choose another --out");
            }

            if (manifest.RunKeySha256 == KeyHash(runKey))
            {
                return overwrite ? (DatasetState.Replace, "") : (DatasetState.Complete, $"{folder}: complete, made by these same settings; skipped (--overwrite remakes it)");
            }

            return overwrite
                ? (DatasetState.Replace, "")
                : (DatasetState.Conflict, $"{folder} already holds a complete dataset made with other settings ({Differences(manifest, runKey)}); pass --overwrite to replace it, or choose another --out");
        }

        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any())
        {
            return (DatasetState.New, "");
        }

        if (!File.Exists(keyPath))
        {
            return (DatasetState.Conflict, $"{folder} is not empty and holds no Sim dataset or run; nothing there was changed, choose an empty or new --out");
        }

        string existing = File.ReadAllText(keyPath);
        if (overwrite)
        {
            return (DatasetState.Replace, "");
        }

        return existing == runKey
            ? (DatasetState.Resumable, "")
            : (DatasetState.Conflict, $"{folder} holds an unfinished run with other settings ({Differences(existing, runKey)}); pass --overwrite to discard it, or choose another --out");
    }

    /// <summary>
    /// Opens <paramref name="folder"/> for the run <paramref name="runKey"/> as <see cref="Check"/> decides: a new folder
    /// starts fresh, a resumable run resumes (temporary files a killed writer left are removed), and a replaced one is
    /// cleared of every file a Sim dataset writes (files of the user's own beside them stay).
    /// </summary>
    /// <exception cref="DatasetConflictException">The folder is a conflict, or already complete (nothing to open).</exception>
    public static DatasetWriter Open(string folder, string name, string runKey, IReadOnlyList<string> formats, SensorRig rig, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(rig);
        (DatasetState state, string message) = Check(folder, runKey, overwrite);
        if (state is DatasetState.Conflict or DatasetState.Complete)
        {
            throw new DatasetConflictException(message);
        }

        string root = Path.GetFullPath(folder);
        if (state == DatasetState.Replace)
        {
            Clear(root);
        }

        try
        {
            Directory.CreateDirectory(root);
            AtomicFile.DeleteLeftovers(root);
            AtomicFile.WriteAllText(Path.Combine(root, WorkFolder, "run.json"), runKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetConflictException($"{folder} cannot be written: {e.Message}");
        }

        return new DatasetWriter(root, name, formats, rig);
    }

    /// <summary>Removes a finished run's leftover work folder (a kill between the manifest and its removal).</summary>
    public static void Tidy(string folder)
    {
        string work = Path.Combine(Path.GetFullPath(folder), WorkFolder);
        if (Directory.Exists(work) && File.Exists(Path.Combine(Path.GetFullPath(folder), DatasetManifest.FileName)))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The SHA-256 of a run key, as the manifest records it.</summary>
    public static string KeyHash(string runKey) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runKey)));

    private static void Clear(string root)
    {
        foreach (string entry in OwnEntries)
        {
            string path = Path.Combine(root, entry);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Which top-level settings of two run keys (JSON objects) differ, by name.</summary>
    private static string Differences(string existing, string wanted)
    {
        try
        {
            using JsonDocument a = JsonDocument.Parse(existing), b = JsonDocument.Parse(wanted);
            string[] differ = [.. b.RootElement.EnumerateObject()
                .Where(p => !a.RootElement.TryGetProperty(p.Name, out JsonElement old) || old.GetRawText() != p.Value.GetRawText())
                .Select(p => p.Name.Replace('_', ' '))];
            return differ.Length == 0 ? "their keys differ" : "differs in " + string.Join(", ", differ);
        }
        catch (JsonException)
        {
            return "their keys differ";
        }
    }

    /// <summary>Which of the settings a manifest records differ from a run key's.</summary>
    private static string Differences(DatasetManifest manifest, string wanted)
    {
        try
        {
            using JsonDocument b = JsonDocument.Parse(wanted);
            JsonElement key = b.RootElement;
            var differ = new List<string>();
            void Compare(string name, string have, string want)
            {
                if (have != want)
                {
                    differ.Add($"{name} {have} → {want}");
                }
            }

            Compare("tool version", manifest.ToolVersion, key.GetProperty("tool_version").GetString()!);
            Compare("scenario file", manifest.Scenario.Sha256[..12], key.GetProperty("scenario_sha256").GetString()![..12]);
            Compare("seed", manifest.Scenario.Seed.ToString(CultureInfo.InvariantCulture), key.GetProperty("seed").GetUInt64().ToString(CultureInfo.InvariantCulture));
            Compare("frames", manifest.Frames.ToString(CultureInfo.InvariantCulture), key.GetProperty("ticks").GetArrayLength().ToString(CultureInfo.InvariantCulture));
            Compare("formats", string.Join(",", manifest.Formats), key.GetProperty("formats").GetString()!);
            Compare("renderer", manifest.Renderer, key.GetProperty("renderer").GetString()!);
            return differ.Count == 0 ? "frame times or sensors differ" : "differs in " + string.Join("; ", differ);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "their settings differ";
        }
    }

    /// <summary>Whether frame <paramref name="index"/> was completed by this or an earlier (killed) run: its frame object
    /// exists and so does every file it lists, non-empty, with its work fragments (a machine crash can leave renamed
    /// but empty files; such a frame is made again).</summary>
    public bool HasFrame(int index)
    {
        string part = FramePart(index);
        if (!File.Exists(part))
        {
            return false;
        }

        FrameRecord record;
        try
        {
            record = FrameStreamReader.DecodeFrame(File.ReadAllBytes(part), part, withPoints: false);
        }
        catch (InvalidDataException)
        {
            return false;
        }

        bool NonEmpty(string path) => new FileInfo(path) is { Exists: true, Length: > 0 };
        return record.Frame == index
            && record.Files.Values.All(f => NonEmpty(DatasetPath.Resolve(_root, f)))
            && (!Has(DatasetFormats.Kitti) || File.Exists(WorkPath("tracking", $"{index:D6}.txt")))
            && (!Has(DatasetFormats.Coco) || CocoFragment.Exists(WorkPath("coco", ""), index))
            && (!Has(DatasetFormats.MessagePack) || NonEmpty(StreamPart(index)));
    }

    /// <summary>Writes every file of one frame, its frame-stream object last.</summary>
    public void WriteFrame(DatasetFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _writing.Start();
        try
        {
            int i = frame.Index;
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var writes = new List<Action>();
            void Add(string kind, string relative, Action<string> write)
            {
                files[kind] = relative;
                writes.Add(() => Write(relative, write));
            }

            bool kitti = Has(DatasetFormats.Kitti), coco = Has(DatasetFormats.Coco);
            string image = $"{KittiLayout.Images}/{i:D6}.png";
            if (kitti || coco)
            {
                Add("image", image, p => Png.WriteRgb(p, frame.Image.Width, frame.Image.Height, frame.Image.Rgb));
            }

            if (kitti)
            {
                Add("label", $"{KittiLayout.Labels}/{KittiLabelFile.FileName(i)}", p => KittiLabelFile.Write(p, KittiObject.FromLabels(frame.Labels, frame.Camera)));
                Add("calib", $"{KittiLayout.Calib}/{i:D6}.txt", p => KittiCalib.ForRig(_rig).Write(p));
                Add("velodyne", $"{KittiLayout.Velodyne}/{KittiVelodyne.FileName(i)}", p => KittiVelodyne.Write(p, frame.Points));
                writes.Add(() => AtomicFile.WriteAllText(WorkPath("tracking", $"{i:D6}.txt"), TrackingFragment(frame)));
            }

            if (Has(DatasetFormats.Depth))
            {
                Add("depth", $"{KittiLayout.Depth}/{KittiDepth.FileName(i)}", p => KittiDepth.Write(p, frame.Image.Width, frame.Image.Height, frame.Image.Depth));
            }

            if (Has(DatasetFormats.Pcd))
            {
                Add("pcd", $"pcd/{i:D6}.pcd", p => PcdWriter.Write(p, frame.Points));
            }

            if (Has(DatasetFormats.Ply))
            {
                Add("ply", $"ply/{i:D6}.ply", p => PlyWriter.Write(p, frame.Points));
            }

            if (coco)
            {
                writes.Add(() => CocoFragment.Write(WorkPath("coco", ""), i, frame.Time, Path.GetFileName(image), frame.Image, frame.Labels));
            }

            // The files are independent: encode and write them on all cores, the frame's object encoded alongside. The
            // object is written after all of them, so its presence still means the frame is complete.
            if (Has(DatasetFormats.MessagePack))
            {
                writes.Add(() => AtomicFile.WriteAllBytes(StreamPart(i), FrameStream.EncodeFrame(frame, files)));
            }

            OnAllCores.Invoke(writes);
            AtomicFile.WriteAllBytes(FramePart(i), FrameStream.EncodeFrame(frame, files, withPoints: false));
        }
        finally
        {
            _writing.Stop();
        }
    }

    /// <summary>
    /// Assembles the sequence files from frames 0 to <paramref name="frames"/> − 1, writes the manifest last and removes
    /// the work folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">A frame is missing (names it).</exception>
    public DatasetManifest Complete(int frames, ScenarioProvenance scenario, string toolVersion, string renderer, string lidarCaster, IReadOnlyDictionary<string, double> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        for (int i = 0; i < frames; i++)
        {
            if (!HasFrame(i))
            {
                throw new InvalidOperationException($"{_root}: frame {i} of {frames} was never written; run again to resume");
            }
        }

        _writing.Start();
        var labels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long points = 0;
        for (int i = 0; i < frames; i++)
        {
            points += FrameStream.Tally(File.ReadAllBytes(FramePart(i)), labels, FramePart(i));
        }

        // The sequence files are independent of each other: assembled side by side.
        var assemblies = new List<Action>();
        if (Has(DatasetFormats.MessagePack))
        {
            assemblies.Add(() => AtomicFile.Write(Path.Combine(_root, "frames.msgpack"), stream =>
            {
                stream.Write(FrameStream.EncodeHeader(_name, frames, _rig));
                for (int i = 0; i < frames; i++)
                {
                    using FileStream part = File.OpenRead(StreamPart(i));
                    part.CopyTo(stream);
                }
            }));
        }

        if (Has(DatasetFormats.Kitti))
        {
            assemblies.Add(() => AssembleTracking(frames));
        }

        if (Has(DatasetFormats.Coco))
        {
            assemblies.Add(() => AssembleCoco(frames));
        }

        OnAllCores.Invoke(assemblies);

        _writing.Stop();
        var allTimings = new Dictionary<string, double>(timings, StringComparer.Ordinal) { ["write_s"] = WriteSeconds };
        string runKey = File.ReadAllText(Path.Combine(_root, WorkFolder, "run.json"));
        var manifest = new DatasetManifest(toolVersion, scenario, SensorsJson(_rig), renderer, lidarCaster, _formats, frames, labels, points, DatasetManifest.ListFiles(_root, sync: true), allTimings, KeyHash(runKey));
        manifest.Write(_root);
        Directory.Delete(Path.Combine(_root, WorkFolder), recursive: true);
        return manifest;
    }

    /// <summary>The rig as the manifest records it: rate, camera intrinsics and mount, LiDAR pattern and mount, and the
    /// calibration matrices between them (3 × 4 row-major [R|t]).</summary>
    public static JsonElement SensorsJson(SensorRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("camera");
            w.WriteNumber("rate_hz", rig.CameraHz);
            w.WriteNumber("width", rig.Camera.Width);
            w.WriteNumber("height", rig.Camera.Height);
            w.WriteNumber("fx", rig.Camera.Fx);
            w.WriteNumber("fy", rig.Camera.Fy);
            w.WriteNumber("cx", rig.Camera.Cx);
            w.WriteNumber("cy", rig.Camera.Cy);
            w.WriteNumber("near", rig.Camera.Near);
            w.WriteNumber("far", rig.Camera.Far);
            Matrix(w, "camera_to_vehicle", rig.CameraMount);
            w.WriteEndObject();
            w.WriteStartObject("lidar");
            w.WriteNumber("rate_hz", rig.LidarHz);
            w.WriteNumber("channels", rig.Lidar.Elevations.Count);
            w.WriteNumber("columns", rig.Lidar.Columns);
            w.WriteStartArray("elevations_deg");
            foreach (double e in rig.Lidar.Elevations)
            {
                w.WriteNumberValue(e);
            }

            w.WriteEndArray();
            w.WriteNumber("min_range", rig.Lidar.MinRange);
            w.WriteNumber("max_range", rig.Lidar.MaxRange);
            w.WriteNumber("range_noise", rig.Lidar.RangeNoise);
            w.WriteNumber("dropout", rig.Lidar.Dropout);
            Matrix(w, "lidar_to_vehicle", rig.LidarMount);
            w.WriteEndObject();
            Matrix(w, "lidar_to_camera", rig.LidarToCamera);
            w.WriteEndObject();
        }

        using JsonDocument doc = JsonDocument.Parse(buffer.ToArray());
        return doc.RootElement.Clone();
    }

    private static void Matrix(Utf8JsonWriter w, string name, RigidTransform t)
    {
        w.WriteStartArray(name);
        foreach (double v in t.ToMatrix3x4())
        {
            w.WriteNumberValue(Math.Round(v, 12));
        }

        w.WriteEndArray();
    }

    private bool Has(string format) => _formats.Contains(format, StringComparer.Ordinal);

    private string Write(string relative, Action<string> write)
    {
        string path = DatasetPath.Resolve(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        write(path);
        return relative;
    }

    private string FramePart(int index) => WorkPath("frames", string.Create(CultureInfo.InvariantCulture, $"{index:D6}.msgpack"));

    private string StreamPart(int index) => WorkPath("stream", string.Create(CultureInfo.InvariantCulture, $"{index:D6}.msgpack"));

    private string WorkPath(string kind, string file) => Path.Combine(_root, WorkFolder, kind, file);

    /// <summary>
    /// A frame's KITTI tracking lines as the work folder keeps them: each prefixed with the object's stable id and a tab,
    /// its track id left 0 (DontCare: stable id 0, track −1), labelled objects first as in label_2. Stable ids are 64-bit;
    /// KITTI track ids are small integers, given at assembly in order of first appearance.
    /// </summary>
    private static string TrackingFragment(DatasetFrame frame)
    {
        var lines = new System.Text.StringBuilder();
        foreach ((Sim.Sensors.Labels.ObjectLabel label, KittiObject o) in KittiObject.InFileOrder(frame.Labels, frame.Camera))
        {
            ulong id = o.IsDontCare ? 0 : label.Id;
            lines.Append(CultureInfo.InvariantCulture, $"{id}\t{KittiTrackingFile.FormatLine(KittiTrackingObject.From(frame.Index, 0, o))}\n");
        }

        return lines.ToString();
    }

    /// <summary>The table from KITTI track ids to Sim's stable ids, beside the tracking file.</summary>
    public const string TrackTable = "0000_tracks.csv";

    /// <summary>label_02/0000.txt: the frames' tracking lines in frame order, each object's track id its rank of first
    /// appearance in the sequence (0, 1, 2, …), so the same objects get the same ids however the run was interrupted;
    /// and label_02/<see cref="TrackTable"/> (<c>kitti_track_id,stable_id,type</c>), which links them to the stable
    /// ids COCO, the point clouds and the frame stream carry.</summary>
    private void AssembleTracking(int frames)
    {
        var trackIds = new Dictionary<ulong, int>();
        var table = new System.Text.StringBuilder("kitti_track_id,stable_id,type\n");
        AtomicFile.Write(Path.Combine(_root, KittiLayout.TrackingLabels, KittiTrackingFile.FileName(0)), stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            for (int i = 0; i < frames; i++)
            {
                string fragment = WorkPath("tracking", $"{i:D6}.txt");
                int lineNumber = 0;
                foreach (string entry in File.ReadLines(fragment))
                {
                    lineNumber++;
                    int tab = entry.IndexOf('\t', StringComparison.Ordinal);
                    if (tab < 0 || !ulong.TryParse(entry.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{fragment}:{lineNumber}: expected a stable id, a tab and a KITTI tracking line; the work file is damaged (rerun with --overwrite)"));
                    }

                    string line = entry[(tab + 1)..];
                    if (id != 0)
                    {
                        string[] parts = line.Split(' ', 3);
                        if (!trackIds.TryGetValue(id, out int track))
                        {
                            trackIds[id] = track = trackIds.Count;
                            table.Append(CultureInfo.InvariantCulture, $"{track},{id},{parts[2].Split(' ')[0]}\n");
                        }

                        line = string.Create(CultureInfo.InvariantCulture, $"{parts[0]} {track} {parts[2]}");
                    }

                    writer.WriteLine(line);
                }
            }
        });
        AtomicFile.WriteAllText(Path.Combine(_root, KittiLayout.TrackingLabels, TrackTable), table.ToString());
    }

    /// <summary>coco/instances.json from the frames' fragments. Its file names are relative to image_2/ (COCO tools take
    /// the image folder separately); the info block holds no date, so reruns are byte-identical.</summary>
    private void AssembleCoco(int frames)
    {
        var info = new CocoInfo($"{_name}: {frames} frames simulated by Sim; images in ../{KittiLayout.Images}/", "1.0", 0, "Sim", "", "");
        CocoAssembler.Assemble(WorkPath("coco", ""), Path.Combine(_root, "coco", "instances.json"), info);
    }
}
