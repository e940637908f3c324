using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Sim.Export.Coco;
using Sim.Export.Files;
using Sim.Export.Frames;
using Sim.Export.Imaging;
using Sim.Export.Kitti;
using Sim.Export.Manifest;
using Sim.Export.PointClouds;
using Sim.Sensors.Lidar;

namespace Sim.Export.Dataset;

/// <summary>What <see cref="DatasetInspector"/> found in one dataset.</summary>
/// <param name="Folder">The dataset folder.</param>
/// <param name="Manifest">Its manifest, when it could be read.</param>
/// <param name="Frames">Frames found: the most that any per-frame format written holds (each format's count is checked
/// against the manifest's).</param>
/// <param name="Boxes">2D boxes of visible objects (every labelled object with at least one visible pixel in the camera,
/// scenery included) over all frames: the objects with visible pixels in the frame stream, or without one the
/// annotations of COCO's instances file; without either, the sum of the manifest's <c>labels_per_class</c>, which
/// counts the same objects (and which the counted figures are checked against). KITTI's label files are not counted:
/// they hold only KITTI's classes and mark small objects DontCare.</param>
/// <param name="Points">LiDAR points over all frames: counted in the frame stream, else the velodyne scans, else the PCD
/// or PLY files; without any LiDAR format, the manifest's <c>lidar_points</c> (which each counted figure is checked
/// against).</param>
/// <param name="Bytes">Size of the listed files.</param>
/// <param name="Problems">Every inconsistency, each naming its file; empty when the dataset is consistent.</param>
public sealed record DatasetReport(string Folder, DatasetManifest? Manifest, int Frames, long Boxes, long Points, long Bytes, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing is wrong.</summary>
    public bool IsConsistent => Problems.Count == 0;
}

/// <summary>
/// Checks a dataset against its manifest and the formats' rules: every listed file exists with its size and SHA-256
/// and nothing unlisted lies beside them; every per-frame format written holds the manifest's frames, numbered 0, 1, …
/// in a row; images decode as 8-bit RGB and depth maps as 16-bit grey at the camera's size; each KITTI image has its
/// label, calib and scan, label lines parse and their boxes lie inside the image, and the tracking file reads with its
/// frames in range; COCO's instances file reads, has one image per frame, each image's file exists and every
/// annotation's box lies inside its image; point clouds read and hold finite points; the frame stream reads through;
/// box and point counts agree with the manifest's. Reads one frame's files at a time.
/// </summary>
public static class DatasetInspector
{
    /// <summary>How far a KITTI box may reach past the image edge before it counts as outside, px (rounding of written
    /// values).</summary>
    public const double EdgeTolerance = 0.5;

    /// <summary>Inspects the dataset in <paramref name="folder"/>. Never throws for what it finds in the folder: every
    /// problem, a malformed manifest included, is in the report.</summary>
    public static DatasetReport Inspect(string folder)
    {
        string root = Path.GetFullPath(folder);
        var problems = new List<string>();
        string manifestPath = Path.Combine(root, DatasetManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            problems.Add(Directory.Exists(Path.Combine(root, DatasetWriter.WorkFolder))
                ? $"{root}: incomplete: no {DatasetManifest.FileName} (an unfinished run; run the same command again to resume it)"
                : $"{root}: not a dataset: no {DatasetManifest.FileName}");
            return new DatasetReport(root, null, 0, 0, 0, 0, problems);
        }

        DatasetManifest manifest;
        try
        {
            manifest = DatasetManifest.Read(manifestPath);
        }
        catch (InvalidDataException e)
        {
            problems.Add(e.Message);
            return new DatasetReport(root, null, 0, 0, 0, 0, problems);
        }

        CheckFiles(root, manifestPath, manifest, problems);
        var inspection = new Inspection(root, manifestPath, manifest, problems);
        inspection.Run();
        return new DatasetReport(root, manifest, inspection.Frames, inspection.Boxes, inspection.Points, manifest.Files.Sum(f => f.Bytes), problems);
    }

    private static void CheckFiles(string root, string manifestPath, DatasetManifest manifest, List<string> problems)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestFile f in manifest.Files)
        {
            listed.Add(f.Path);
            string path;
            try
            {
                path = DatasetPath.Resolve(root, f.Path);
            }
            catch (ArgumentException e)
            {
                problems.Add($"{manifestPath}: files: {e.Message}");
                continue;
            }

            if (!File.Exists(path))
            {
                problems.Add($"{path}: listed in the manifest but missing");
                continue;
            }

            using FileStream file = File.OpenRead(path);
            if (file.Length != f.Bytes)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {file.Length} bytes; the manifest says {f.Bytes}"));
            }
            else if (Convert.ToHexStringLower(SHA256.HashData(file)) != f.Sha256)
            {
                problems.Add($"{path}: content differs from the manifest's SHA-256");
            }
        }

        foreach (ManifestFile f in DatasetManifest.ListFiles(root))
        {
            if (!listed.Contains(f.Path))
            {
                problems.Add($"{Path.Combine(root, f.Path)}: not listed in the manifest");
            }
        }
    }

    /// <summary>The per-format checks of one dataset, and the frame, box and point counts they find.</summary>
    private sealed class Inspection
    {
        private readonly string _root;
        private readonly string _manifestPath;
        private readonly DatasetManifest _manifest;
        private readonly List<string> _problems;
        private readonly (int Width, int Height)? _camera;
        private long? _boxes, _points;

        public Inspection(string root, string manifestPath, DatasetManifest manifest, List<string> problems)
        {
            _root = root;
            _manifestPath = manifestPath;
            _manifest = manifest;
            _problems = problems;
            _camera = CameraSize(manifestPath, manifest, problems);
        }

        public int Frames { get; private set; }

        public long Boxes => _boxes ?? _manifest.LabelsPerClass.Values.Sum(n => (long)n);

        public long Points => _points ?? _manifest.LidarPoints;

        public void Run()
        {
            foreach (string format in _manifest.Formats.Where(f => !DatasetFormats.All.Contains(f, StringComparer.Ordinal)))
            {
                _problems.Add($"{_manifestPath}: formats: unknown format '{format}'");
            }

            if (!_manifest.Formats.Any(f => DatasetFormats.All.Contains(f, StringComparer.Ordinal)))
            {
                _problems.Add($"{_manifestPath}: formats: lists none of {string.Join(", ", DatasetFormats.All)}");
            }

            // The frame stream first: its counts of boxes and points are the ones reported when it is there.
            if (Has(DatasetFormats.MessagePack))
            {
                CheckFrameStream(Path.Combine(_root, "frames.msgpack"));
            }

            bool kitti = Has(DatasetFormats.Kitti), coco = Has(DatasetFormats.Coco);
            int[] images = kitti || coco ? CheckImages() : [];
            if (kitti)
            {
                CheckKitti(images);
            }

            if (coco)
            {
                CheckCoco();
            }

            if (Has(DatasetFormats.Depth))
            {
                CheckDepth();
            }

            if (Has(DatasetFormats.Pcd))
            {
                CheckPointClouds("pcd", ".pcd", PcdReader.Read);
            }

            if (Has(DatasetFormats.Ply))
            {
                CheckPointClouds("ply", ".ply", PlyReader.Read);
            }
        }

        private bool Has(string format) => _manifest.Formats.Contains(format, StringComparer.Ordinal);

        /// <summary>Records that <paramref name="where"/> holds <paramref name="frames"/> frames, a problem unless the
        /// manifest says as many.</summary>
        private void FoundFrames(string where, int frames)
        {
            Frames = Math.Max(Frames, frames);
            if (frames != _manifest.Frames)
            {
                _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: holds {frames} frames; the manifest says {_manifest.Frames}"));
            }
        }

        /// <summary>Records a count of visible objects' boxes made from <paramref name="where"/>, read through without a
        /// problem when <paramref name="complete"/>; a complete count must match the manifest's labels.</summary>
        private void FoundBoxes(string where, long boxes, bool complete)
        {
            _boxes ??= boxes;
            long expected = _manifest.LabelsPerClass.Values.Sum(n => (long)n);
            if (complete && boxes != expected)
            {
                _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: holds {boxes} boxes of visible objects; the manifest's labels_per_class add up to {expected}"));
            }
        }

        /// <summary>Records a point count made from <paramref name="where"/>; a complete count must match the manifest's.</summary>
        private void FoundPoints(string where, long points, bool complete)
        {
            _points ??= points;
            if (complete && points != _manifest.LidarPoints)
            {
                _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: holds {points} LiDAR points; the manifest says {_manifest.LidarPoints}"));
            }
        }

        /// <summary>image_2: every image decodes as 8-bit RGB at the camera's size. Returns the frame numbers found.</summary>
        private int[] CheckImages()
        {
            string dir = Path.Combine(_root, KittiLayout.Images);
            int[] frames = FrameFiles(dir, ".png", _problems);
            foreach (int i in frames)
            {
                CheckPng(Path.Combine(dir, FrameName(i) + ".png"), channels: 3, bitDepth: 8, "8-bit RGB");
            }

            FoundFrames(dir, frames.Length);
            return frames;
        }

        /// <summary>depth: every map decodes as 16-bit grey at the camera's size.</summary>
        private void CheckDepth()
        {
            string dir = Path.Combine(_root, KittiLayout.Depth);
            int[] frames = FrameFiles(dir, ".png", _problems);
            foreach (int i in frames)
            {
                CheckPng(Path.Combine(dir, KittiDepth.FileName(i)), channels: 1, bitDepth: 16, "16-bit grey");
            }

            FoundFrames(dir, frames.Length);
        }

        private void CheckPng(string path, int channels, int bitDepth, string kind)
        {
            try
            {
                PngImage png = PngReader.Read(path);
                if (png.Channels != channels || png.BitDepth != bitDepth)
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {png.BitDepth}-bit with {png.Channels} channels; expected {kind}"));
                }

                if (_camera is (int width, int height) && (png.Width != width || png.Height != height))
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {png.Width} × {png.Height} px; the camera is {width} × {height}"));
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                _problems.Add(e.Message);
            }
        }

        /// <summary>KITTI: each image's label (boxes inside the image), calib and scan (finite points), and the
        /// sequence's tracking labels.</summary>
        private void CheckKitti(int[] frames)
        {
            int before = _problems.Count;
            long points = 0;
            foreach (int i in frames)
            {
                string name = FrameName(i);
                string image = Path.Combine(_root, KittiLayout.Images, name + ".png");
                string label = Path.Combine(_root, KittiLayout.Labels, KittiLabelFile.FileName(i));
                if (!File.Exists(label))
                {
                    _problems.Add($"{image}: has no label file {label}");
                }
                else
                {
                    try
                    {
                        int line = 0;
                        foreach (KittiObject o in KittiLabelFile.Read(label))
                        {
                            line++;
                            CheckKittiBox(o, $"{label}:{line}");
                        }
                    }
                    catch (Exception e) when (e is IOException or FormatException)
                    {
                        _problems.Add(e.Message);
                    }
                }

                string calib = Path.Combine(_root, KittiLayout.Calib, name + ".txt");
                try
                {
                    _ = KittiCalib.Read(calib);
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    _problems.Add(File.Exists(calib) ? e.Message : $"{image}: has no calib file {calib}");
                }

                string scan = Path.Combine(_root, KittiLayout.Velodyne, KittiVelodyne.FileName(i));
                try
                {
                    KittiVelodynePoint[] cloud = KittiVelodyne.Read(scan);
                    points += cloud.Length;
                    CheckFinite<KittiVelodynePoint>(cloud, p => new Vector4(p.X, p.Y, p.Z, p.Reflectance), scan, _problems);
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    _problems.Add(File.Exists(scan) ? e.Message : $"{image}: has no scan {scan}");
                }
            }

            FoundPoints(Path.Combine(_root, KittiLayout.Velodyne), points, _problems.Count == before);
            CheckTracking(frames.Length);
        }

        /// <summary>label_02/0000.txt reads, and every line's frame is one of the sequence's.</summary>
        private void CheckTracking(int frames)
        {
            string path = Path.Combine(_root, KittiLayout.TrackingLabels, KittiTrackingFile.FileName(0));
            try
            {
                int line = 0;
                foreach (KittiTrackingObject t in KittiTrackingFile.Read(path))
                {
                    line++;
                    if ((uint)t.Frame >= (uint)frames)
                    {
                        _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{line}: frame {t.Frame} is not one of the sequence's 0 to {frames - 1}"));
                    }

                    CheckKittiBox(t.Object, string.Create(CultureInfo.InvariantCulture, $"{path}:{line}"));
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                _problems.Add(File.Exists(path) ? e.Message : $"{path}: missing (the KITTI tracking labels of the sequence)");
            }
        }

        private void CheckKittiBox(KittiObject o, string where)
        {
            if (_camera is not (int width, int height))
            {
                return;
            }

            if (o.Left < -EdgeTolerance || o.Top < -EdgeTolerance || o.Right > width - 1 + EdgeTolerance || o.Bottom > height - 1 + EdgeTolerance || o.Right < o.Left || o.Bottom < o.Top)
            {
                _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: box ({o.Left}, {o.Top}, {o.Right}, {o.Bottom}) is not inside the {width} × {height} image"));
            }
        }

        /// <summary>coco/instances.json: reads; one image per frame, each image's file present at the camera's size; every
        /// annotation's box inside its image.</summary>
        private void CheckCoco()
        {
            string path = Path.Combine(_root, "coco", "instances.json");
            CocoDataset coco;
            try
            {
                coco = CocoReader.Read(path);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                _problems.Add(File.Exists(path) ? e.Message : $"{path}: missing (the COCO instances file)");
                return;
            }

            int before = _problems.Count;
            FoundFrames(path, coco.Images.Count);
            var images = new Dictionary<long, CocoImage>();
            foreach (CocoImage image in coco.Images)
            {
                images[image.Id] = image;
                string file;
                try
                {
                    file = DatasetPath.Resolve(Path.Combine(_root, KittiLayout.Images), image.FileName);
                }
                catch (ArgumentException e)
                {
                    _problems.Add($"{path}: image {image.Id}: {e.Message}");
                    continue;
                }

                if (!File.Exists(file))
                {
                    _problems.Add($"{path}: image {image.Id}: its file {file} is missing");
                }

                if (_camera is (int width, int height) && (image.Width != width || image.Height != height))
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: image {image.Id} is {image.Width} × {image.Height} px; the camera is {width} × {height}"));
                }
            }

            foreach (CocoAnnotation a in coco.Annotations)
            {
                CocoImage image = images[a.ImageId]; // CocoReader refuses an annotation of an absent image
                CocoBox b = a.Bbox;
                if (!(b.X >= 0 && b.Y >= 0 && b.Width > 0 && b.Height > 0 && b.X + b.Width <= image.Width && b.Y + b.Height <= image.Height))
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: annotation {a.Id}: bbox [{b.X}, {b.Y}, {b.Width}, {b.Height}] is not inside image {image.Id} ({image.Width} × {image.Height})"));
                }
            }

            FoundBoxes(path, coco.Annotations.Count, _problems.Count == before);
        }

        /// <summary>Each frame's PCD or PLY file reads and holds finite points.</summary>
        private void CheckPointClouds(string folder, string extension, Func<string, LidarPoint[]> read)
        {
            string dir = Path.Combine(_root, folder);
            int[] frames = FrameFiles(dir, extension, _problems);
            int before = _problems.Count;
            long points = 0;
            foreach (int i in frames)
            {
                string path = Path.Combine(dir, FrameName(i) + extension);
                try
                {
                    LidarPoint[] cloud = read(path);
                    points += cloud.Length;
                    CheckFinite<LidarPoint>(cloud, Xyzi, path, _problems);
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    _problems.Add(e.Message);
                }
            }

            FoundFrames(dir, frames.Length);
            FoundPoints(dir, points, _problems.Count == before);
        }

        /// <summary>frames.msgpack reads through, its header's frame count and its frames numbered as the manifest says.</summary>
        private void CheckFrameStream(string path)
        {
            int before = _problems.Count;
            int frames = 0;
            long boxes = 0, points = 0;
            try
            {
                using var reader = new FrameStreamReader(path);
                if (reader.FrameCount != _manifest.Frames)
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: header says {reader.FrameCount} frames; the manifest says {_manifest.Frames}"));
                }

                foreach (FrameRecord frame in reader.Frames())
                {
                    if (frame.Frame != frames)
                    {
                        _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: object {frames + 1} is frame {frame.Frame}; expected {frames}"));
                    }

                    frames++;
                    boxes += frame.Objects.Count(o => o.VisiblePixels > 0);
                    points += frame.Points.Length;
                    CheckFinite<LidarPoint>(frame.Points, Xyzi, string.Create(CultureInfo.InvariantCulture, $"{path}: frame {frame.Frame}"), _problems);
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                _problems.Add(File.Exists(path) ? e.Message : $"{path}: missing (the frame stream)");
            }

            bool complete = _problems.Count == before;
            FoundFrames(path, frames);
            FoundBoxes(path, boxes, complete);
            FoundPoints(path, points, complete);
        }

        private static Vector4 Xyzi(LidarPoint p) => new(p.X, p.Y, p.Z, p.Intensity);
    }

    /// <summary>The camera's image size from the manifest's <c>sensors.camera</c>, or null (and a problem naming the
    /// field) when it is missing or not a positive integer.</summary>
    private static (int Width, int Height)? CameraSize(string manifestPath, DatasetManifest manifest, List<string> problems)
    {
        if (!manifest.Sensors.TryGetProperty("camera", out JsonElement camera) || camera.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{manifestPath}: sensors.camera: missing or not an object; the image sizes cannot be checked");
            return null;
        }

        int? Dimension(string name)
        {
            if (camera.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n > 0)
            {
                return n;
            }

            problems.Add($"{manifestPath}: sensors.camera.{name}: missing or not a positive integer; the image sizes cannot be checked");
            return null;
        }

        int? width = Dimension("width"), height = Dimension("height");
        return width is int w && height is int h ? (w, h) : null;
    }

    /// <summary>The frame numbers of the files in <paramref name="dir"/> ending in <paramref name="extension"/>, in
    /// order; a file not named by a six-digit frame number, or numbers that are not 0, 1, … in a row, are problems.</summary>
    private static int[] FrameFiles(string dir, string extension, List<string> problems)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var frames = new List<int>();
        foreach (string file in Directory.EnumerateFiles(dir, "*" + extension))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.Length == 6 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                frames.Add(n);
            }
            else if (!name.StartsWith('.'))
            {
                problems.Add($"{file}: not named by a frame number (NNNNNN{extension})");
            }
        }

        frames.Sort();
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i] != i)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{dir}: frame numbers are not 0 to {frames.Count - 1} in a row (frame {i} is missing)"));
                break;
            }
        }

        return [.. frames];
    }

    private static string FrameName(int frame) => frame.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Adds a problem naming the first point of <paramref name="points"/> whose coordinates or intensity
    /// (<paramref name="values"/>: x, y, z, intensity) are not all finite.</summary>
    private static void CheckFinite<T>(ReadOnlySpan<T> points, Func<T, Vector4> values, string where, List<string> problems)
    {
        for (int i = 0; i < points.Length; i++)
        {
            Vector4 v = values(points[i]);
            if (!(float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z) && float.IsFinite(v.W)))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: holds a non-finite point (point {i}: {v.X}, {v.Y}, {v.Z}, intensity {v.W})"));
                return;
            }
        }
    }
}
