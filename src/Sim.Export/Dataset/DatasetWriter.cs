using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MessagePack;
using Microsoft.Win32.SafeHandles;
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
/// Writes one dataset (one scenario variation, one sequence) frame by frame, in frame order, resumably. Each file is
/// encoded in memory (pooled buffers), hashed as it is written and written through <see cref="AtomicFile"/>; each
/// frame ends with its marker in the hidden work folder <c>.sim/frames/</c>, written last: the frame's summary (its
/// frame-stream object without the point columns) followed by its files' sizes and SHA-256 and the length of the
/// frame stream so far. The frame stream itself (msgpack format) is appended frame by frame to
/// <c>.sim/frames.msgpack</c> behind its header, and hashed as it grows. The work folder also keeps the run's key
/// (everything that determines the bytes: scenario hash, seed, variation, frames, formats, rig), and per frame the COCO
/// fragment and the KITTI tracking lines. A killed run resumes after the last frame whose marker, files and stream
/// bytes are all intact: the stream is cut back to that frame's end and every later frame is made again, so nothing is
/// duplicated. <see cref="Complete"/> moves the stream into place, assembles the other per-sequence files
/// (coco/instances.json, label_02/0000.txt) in frame order — a resumed dataset is byte-identical to an uninterrupted
/// one —, syncs every file, writes <c>manifest.json</c> last (with the hashes taken while writing) and removes the work
/// folder.
/// </summary>
public sealed class DatasetWriter : IDisposable
{
    /// <summary>The hidden work folder of an unfinished run.</summary>
    public const string WorkFolder = ".sim";

    private readonly string _root;
    private readonly string _name;
    private readonly IReadOnlyList<string> _formats;
    private readonly SensorRig _rig;
    private readonly int _frames;
    private readonly Stopwatch _writing = new();
    private readonly Lazy<string> _calibText;

    /// <summary>Frames 0 … <c>_done</c> − 1 are complete or being written; the next frame written must be
    /// <c>_done</c>.</summary>
    private int _done;

    /// <summary>The last frame's write (its files, stream bytes and marker; it waits for the frame before it) and the
    /// one before: at most two frames are written while the caller makes the next.</summary>
    private Task _lastWrite = Task.CompletedTask;
    private Task _earlierWrite = Task.CompletedTask;

    /// <summary>The frame stream's bytes so far (header and whole frames) and their running hash (msgpack format).</summary>
    private long _streamLength;
    private IncrementalHash? _streamHash;

    private DatasetWriter(string root, string name, int frames, IReadOnlyList<string> formats, SensorRig rig)
    {
        _root = root;
        _name = name;
        _frames = frames;
        _formats = formats;
        _rig = rig;
        _calibText = new Lazy<string>(() => KittiCalib.ForRig(rig).ToText());
    }

    /// <summary>The dataset folder (full path).</summary>
    public string Folder => _root;

    /// <summary>Seconds the caller has waited on this writer so far (this process): frames are written in the background
    /// while the next is made, so this is what writing adds to a run's time.</summary>
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
    /// Opens <paramref name="folder"/> for the run <paramref name="runKey"/> of <paramref name="frames"/> frames as
    /// <see cref="Check"/> decides: a new folder starts fresh, a resumable run resumes after its last intact frame
    /// (temporary files a killed writer left are removed, the frame stream is cut back to that frame), and a replaced one
    /// is cleared of every file a Sim dataset writes (files of the user's own beside them stay).
    /// </summary>
    /// <exception cref="DatasetConflictException">The folder is a conflict, or already complete (nothing to open).</exception>
    public static DatasetWriter Open(string folder, string name, string runKey, int frames, IReadOnlyList<string> formats, SensorRig rig, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
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

        var writer = new DatasetWriter(root, name, frames, formats, rig);
        try
        {
            Directory.CreateDirectory(root);
            AtomicFile.DeleteLeftovers(root);
            AtomicFile.WriteAllText(Path.Combine(root, WorkFolder, "run.json"), runKey);
            writer.Resume();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetConflictException($"{folder} cannot be written: {e.Message}");
        }

        return writer;
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
            if (key.TryGetProperty("backends", out JsonElement backends))
            {
                string camera = manifest.Renderer.Split(':')[0], lidar = manifest.LidarCaster.Split(':')[0];
                Compare("backends", $"camera {camera}, lidar {lidar}", backends.GetString()!);
            }
            return differ.Count == 0 ? "frame times or sensors differ" : "differs in " + string.Join("; ", differ);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "their settings differ";
        }
    }

    /// <summary>Whether frame <paramref name="index"/> was completed by this or an earlier (killed) run and is kept:
    /// true for the frames before the first one that a resumed run has to make again.</summary>
    public bool HasFrame(int index) => index >= 0 && index < _done;

    /// <summary>
    /// Finds where a resumed run picks up: the first frame whose marker is missing or damaged, or one of whose files is
    /// missing or not the size written (a machine crash can leave renamed but empty files), or whose stream bytes are
    /// missing. Earlier frames are kept; the stream is cut back to their end and rehashed, and the markers of later
    /// frames are removed, so they are made again in order.
    /// </summary>
    private void Resume()
    {
        bool stream = Has(DatasetFormats.MessagePack);
        byte[] header = stream ? FrameStream.EncodeHeader(_name, _frames, _rig) : [];
        string streamPath = StreamPath;
        long available = stream && File.Exists(streamPath) ? new FileInfo(streamPath).Length : 0;
        long end = header.Length;
        int done = 0;
        if (!stream || (available >= header.Length && StartsWith(streamPath, header)))
        {
            for (; done < _frames; done++)
            {
                if (ReadMarker(done) is not { } marker || !IsIntact(done, marker) || (stream && (marker.StreamEnd <= end || marker.StreamEnd > available)))
                {
                    break;
                }

                end = marker.StreamEnd;
            }
        }

        string markers = WorkPath("frames", "");
        if (Directory.Exists(markers))
        {
            foreach (string file in Directory.EnumerateFiles(markers, "*.msgpack"))
            {
                if (!int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= done)
                {
                    File.Delete(file);
                }
            }
        }

        _done = done;
        if (!stream)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(streamPath)!);
        _streamHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (done == 0)
        {
            File.WriteAllBytes(streamPath, header);
            _streamHash.AppendData(header);
            _streamLength = header.Length;
            return;
        }

        using (FileStream file = new(streamPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            file.SetLength(end);
            byte[] block = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                for (int n; (n = file.Read(block, 0, block.Length)) > 0;)
                {
                    _streamHash.AppendData(block, 0, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }

        _streamLength = end;
    }

    /// <summary>Whether <paramref name="path"/> begins with <paramref name="prefix"/>.</summary>
    private static bool StartsWith(string path, byte[] prefix)
    {
        using FileStream file = File.OpenRead(path);
        var head = new byte[prefix.Length];
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.AsSpan().SequenceEqual(prefix);
    }

    /// <summary>Whether frame <paramref name="index"/>'s files are all there at the sizes its marker records, with its
    /// work fragments.</summary>
    private bool IsIntact(int index, FrameMarker marker) =>
        marker.Files.All(f => new FileInfo(DatasetPath.Resolve(_root, f.Path)) is { Exists: true } info && info.Length == f.Bytes)
        && (!Has(DatasetFormats.Kitti) || File.Exists(WorkPath("tracking", $"{index:D6}.txt")))
        && (!Has(DatasetFormats.Coco) || CocoFragment.Exists(WorkPath("coco", ""), index));

    /// <summary>What a frame's marker says: its summary object (bytes), the files written with sizes and hashes, and the
    /// frame stream's length after the frame.</summary>
    private sealed record FrameMarker(ReadOnlyMemory<byte> Summary, IReadOnlyList<ManifestFile> Files, long StreamEnd);

    /// <summary>Frame <paramref name="index"/>'s marker, or null when it is missing or damaged.</summary>
    private FrameMarker? ReadMarker(int index)
    {
        string path = FramePart(index);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            var r = new MessagePackReader(bytes);
            if (FrameIndex(r) != index)
            {
                return null;
            }

            r.Skip();
            var summary = new ReadOnlyMemory<byte>(bytes, 0, (int)r.Consumed);

            long streamEnd = 0;
            var files = new List<ManifestFile>();
            for (int n = r.ReadMapHeader(), i = 0; i < n; i++)
            {
                switch (r.ReadString())
                {
                    case "stream_end":
                        streamEnd = r.ReadInt64();
                        break;
                    case "files":
                        for (int m = r.ReadMapHeader(), j = 0; j < m; j++)
                        {
                            string file = r.ReadString() ?? throw new InvalidDataException("a file path is nil");
                            if (r.ReadArrayHeader() != 2)
                            {
                                throw new InvalidDataException("a file entry is not [bytes, sha256]");
                            }

                            files.Add(new ManifestFile(file, r.ReadInt64(), r.ReadString() ?? throw new InvalidDataException("a file hash is nil")));
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            return new FrameMarker(summary, files, streamEnd);
        }
        catch (Exception e) when (e is InvalidDataException or MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            return null; // a damaged marker: the frame is made again
        }
    }

    /// <summary>The <c>frame</c> of a frame object (−1 when it has none), read in place.</summary>
    private static long FrameIndex(MessagePackReader r)
    {
        for (int n = r.ReadMapHeader(), i = 0; i < n; i++)
        {
            if (r.ReadString() == "frame")
            {
                return r.ReadInt64();
            }

            r.Skip();
        }

        return -1;
    }

    private byte[] EncodeMarker(DatasetFrame frame, IReadOnlyDictionary<string, string> files, ManifestFile[] written, long streamEnd)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        FrameStream.EncodeFrame(frame, files, buffer, withPoints: false);
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(2);
        w.Write("stream_end");
        w.Write(streamEnd);
        w.Write("files");
        w.WriteMapHeader(written.Length);
        foreach (ManifestFile f in written)
        {
            w.Write(f.Path);
            w.WriteArrayHeader(2);
            w.Write(f.Bytes);
            w.Write(f.Sha256);
        }

        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes every file of one frame, its marker last, in the background: the call returns once the frame is handed
    /// over (waiting first while two earlier frames are still being written), so the caller makes the next frame while
    /// this one is written. A failed write is thrown by the next call (<see cref="WriteFrame"/> or
    /// <see cref="Complete"/>). Frames are written in order, each once: the next is frame 0 of a new run, or the first
    /// frame a resumed run has to make again (the first without <see cref="HasFrame"/>). The frame's arrays must not
    /// change after the call. With <see cref="ExportThreads.Max"/> at 1 (<c>--threads 1</c>: one core per process, as a
    /// farm running one shard per core asks) the frame is written before the call returns, on the caller's thread.
    /// </summary>
    /// <exception cref="InvalidOperationException">The frame is not the next one.</exception>
    public void WriteFrame(DatasetFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Index != _done || frame.Index >= _frames)
        {
            throw new InvalidOperationException(frame.Index >= _frames
                ? $"{_root}: frame {frame.Index} is past the {_frames} frames this dataset was opened for"
                : $"{_root}: frames are written in order; the next is frame {_done}, not {frame.Index}");
        }

        _writing.Start();
        try
        {
            _earlierWrite.GetAwaiter().GetResult(); // rethrows a failed write as itself
            if (ExportThreads.Max == 1)
            {
                _lastWrite.GetAwaiter().GetResult();
                Write(frame, Task.CompletedTask);
                _done++;
                return;
            }

            Task previous = _lastWrite;
            _earlierWrite = previous;
            _lastWrite = Task.Run(() => Write(frame, previous));
            _done++;
        }
        finally
        {
            _writing.Stop();
        }
    }

    /// <summary>Waits until every frame handed to <see cref="WriteFrame"/> is written (files, stream bytes and marker);
    /// a failed write is thrown as itself.</summary>
    public void Flush()
    {
        _earlierWrite.GetAwaiter().GetResult();
        _lastWrite.GetAwaiter().GetResult();
    }

    /// <summary>Waits for the frames still being written, discarding a failure (the caller is leaving; a resumed run
    /// makes those frames again). Call <see cref="Complete"/> to finish a dataset.</summary>
    public void Dispose()
    {
        try
        {
            Task.WaitAll(_earlierWrite, _lastWrite);
        }
        catch (AggregateException)
        {
            // Reported, if at all, by the call that failed; an unfinished frame has no marker and is made again.
        }
    }

    /// <summary>One frame's files on all cores, then — after the frame before it is written — its stream bytes and its
    /// marker, in frame order.</summary>
    private void Write(DatasetFrame frame, Task previous)
    {
        int i = frame.Index;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var encoders = new List<(string Relative, int Size, Action<PooledBuffer> Encode)>();
        void Add(string kind, string relative, Action<PooledBuffer> encode, int size = 1 << 16)
        {
            files[kind] = relative;
            encoders.Add((relative, size, encode));
        }

        bool kitti = Has(DatasetFormats.Kitti), coco = Has(DatasetFormats.Coco);
        string image = $"{KittiLayout.Images}/{i:D6}.png";
        if (kitti || coco)
        {
            Add("image", image, b => Png.EncodeRgb(b, frame.Image.Width, frame.Image.Height, frame.Image.Rgb));
        }

        IReadOnlyList<(Sim.Sensors.Labels.ObjectLabel Label, KittiObject Object)> kittiObjects = kitti ? KittiObject.InFileOrder(frame.Labels, frame.Camera) : [];
        if (kitti)
        {
            Add("label", $"{KittiLayout.Labels}/{KittiLabelFile.FileName(i)}", b => Utf8(b, KittiLabelFile.ToText(kittiObjects.Select(o => o.Object))));
            Add("calib", $"{KittiLayout.Calib}/{i:D6}.txt", b => Utf8(b, _calibText.Value));
            Add("velodyne", $"{KittiLayout.Velodyne}/{KittiVelodyne.FileName(i)}", b => KittiVelodyne.Encode(frame.Points, b), frame.Points.Length * KittiVelodyne.PointSize);
        }

        if (Has(DatasetFormats.Depth))
        {
            Add("depth", $"{KittiLayout.Depth}/{KittiDepth.FileName(i)}", b => KittiDepth.Encode(b, frame.Image.Width, frame.Image.Height, frame.Image.Depth));
        }

        if (Has(DatasetFormats.Pcd))
        {
            Add("pcd", $"pcd/{i:D6}.pcd", b => PcdWriter.Encode(frame.Points, b), (frame.Points.Length * 34) + 1024);
        }

        if (Has(DatasetFormats.Ply))
        {
            Add("ply", $"ply/{i:D6}.ply", b => PlyWriter.Encode(frame.Points, b), (frame.Points.Length * 34) + 1024);
        }

        // The files are independent: encoded, hashed and written on all cores, with the work fragments and the frame
        // stream object's encoding. The marker is written after all of them, so its presence means the frame is complete.
        var written = new ManifestFile[encoders.Count];
        var writes = new List<Action>();
        for (int k = 0; k < encoders.Count; k++)
        {
            int slot = k;
            writes.Add(() => written[slot] = Put(encoders[slot].Relative, encoders[slot].Size, encoders[slot].Encode));
        }

        if (kitti)
        {
            writes.Add(() => AtomicFile.WriteAllText(WorkPath("tracking", $"{i:D6}.txt"), TrackingFragment(i, kittiObjects)));
        }

        if (coco)
        {
            writes.Add(() => CocoFragment.Write(WorkPath("coco", ""), i, frame.Time, Path.GetFileName(image), frame.Image, frame.Labels));
        }

        PooledBuffer? streamObject = _streamHash is null ? null : new PooledBuffer((frame.Points.Length * 32) + (1 << 16));
        try
        {
            if (streamObject is not null)
            {
                writes.Add(() => FrameStream.EncodeFrame(frame, files, streamObject));
            }

            OnAllCores.Invoke(writes);
            previous.GetAwaiter().GetResult(); // the frame before: its stream bytes and marker come first
            if (streamObject is not null)
            {
                AppendToStream(streamObject.Written);
            }

            AtomicFile.WriteAllBytes(FramePart(i), EncodeMarker(frame, files, written, _streamLength));
        }
        finally
        {
            streamObject?.Dispose();
        }
    }

    /// <summary>Encodes a file into a pooled buffer (<paramref name="size"/> its expected bytes), hashes it and writes
    /// it atomically; returns its size and hash.</summary>
    private ManifestFile Put(string relative, int size, Action<PooledBuffer> encode)
    {
        using var buffer = new PooledBuffer(size);
        encode(buffer);
        AtomicFile.WriteAllBytes(DatasetPath.Resolve(_root, relative), buffer.Written, durable: false, startWriteback: true);
        return new ManifestFile(relative, buffer.Written.Length, Convert.ToHexStringLower(SHA256.HashData(buffer.Written)));
    }

    private static void Utf8(PooledBuffer buffer, string text)
    {
        var utf8 = new System.Text.UTF8Encoding(false);
        Span<byte> span = buffer.GetSpan(utf8.GetMaxByteCount(text.Length));
        buffer.Advance(utf8.GetBytes(text, span));
    }

    /// <summary>Appends a frame's object to the work copy of the frame stream and to its running hash.</summary>
    private void AppendToStream(ReadOnlySpan<byte> frameObject)
    {
        using (SafeFileHandle file = File.OpenHandle(StreamPath, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file, frameObject, _streamLength);
            AtomicFile.StartWriteback(file, _streamLength, frameObject.Length);
        }

        _streamHash!.AppendData(frameObject);
        _streamLength += frameObject.Length;
    }

    /// <summary>
    /// Assembles the sequence files from frames 0 to <paramref name="frames"/> − 1, writes the manifest last and removes
    /// the work folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">A frame is missing (names it).</exception>
    public DatasetManifest Complete(int frames, ScenarioProvenance scenario, string toolVersion, string renderer, string lidarCaster, IReadOnlyDictionary<string, double> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        _writing.Start();
        try
        {
            Flush();
        }
        finally
        {
            _writing.Stop();
        }

        if (frames != _frames)
        {
            throw new InvalidOperationException($"{_root}: opened for {_frames} frames, completed as {frames}");
        }

        if (_done < frames)
        {
            throw new InvalidOperationException($"{_root}: frame {_done} of {frames} was never written; run again to resume");
        }

        _writing.Start();
        var labels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var known = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
        long points = 0;
        for (int i = 0; i < frames; i++)
        {
            FrameMarker marker = ReadMarker(i) ?? throw new InvalidDataException($"{FramePart(i)}: the frame's marker is missing or damaged; the work folder was changed while the run was open (rerun with --overwrite)");
            points += FrameStream.Tally(marker.Summary, labels, FramePart(i));
            foreach (ManifestFile f in marker.Files)
            {
                known[f.Path] = f;
            }
        }

        if (_streamHash is not null)
        {
            string final = Path.Combine(_root, "frames.msgpack");
            File.Move(StreamPath, final, overwrite: true);
            known["frames.msgpack"] = new ManifestFile("frames.msgpack", _streamLength, Convert.ToHexStringLower(_streamHash.GetHashAndReset()));
        }

        // The other sequence files are independent of each other: assembled side by side.
        var assemblies = new List<Action>();
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
        var manifest = new DatasetManifest(toolVersion, scenario, SensorsJson(_rig), renderer, lidarCaster, _formats, frames, labels, points, DatasetManifest.ListFiles(_root, sync: true, known), allTimings, KeyHash(runKey));
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

    private string FramePart(int index) => WorkPath("frames", string.Create(CultureInfo.InvariantCulture, $"{index:D6}.msgpack"));

    /// <summary>The frame stream while the run is open.</summary>
    private string StreamPath => Path.Combine(_root, WorkFolder, "frames.msgpack");

    private string WorkPath(string kind, string file) => Path.Combine(_root, WorkFolder, kind, file);

    /// <summary>
    /// A frame's KITTI tracking lines as the work folder keeps them: each prefixed with the object's stable id and a tab,
    /// its track id left 0 (DontCare: stable id 0, track −1), labelled objects first as in label_2. Stable ids are 64-bit;
    /// KITTI track ids are small integers, given at assembly in order of first appearance.
    /// </summary>
    private static string TrackingFragment(int frame, IReadOnlyList<(Sim.Sensors.Labels.ObjectLabel Label, KittiObject Object)> objects)
    {
        var lines = new System.Text.StringBuilder();
        foreach ((Sim.Sensors.Labels.ObjectLabel label, KittiObject o) in objects)
        {
            ulong id = o.IsDontCare ? 0 : label.Id;
            lines.Append(CultureInfo.InvariantCulture, $"{id}\t{KittiTrackingFile.FormatLine(KittiTrackingObject.From(frame, 0, o))}\n");
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
