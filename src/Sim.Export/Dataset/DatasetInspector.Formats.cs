using System.Globalization;
using System.Numerics;
using Sim.Export.Coco;
using Sim.Export.Files;
using Sim.Export.Frames;
using Sim.Export.Imaging;
using Sim.Export.Kitti;
using Sim.Export.Manifest;
using Sim.Export.PointClouds;
using Sim.Sensors.Lidar;

namespace Sim.Export.Dataset;

/// <summary>The per-format half of <see cref="DatasetInspector"/>.</summary>
public static partial class DatasetInspector
{
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
}
