using System.Globalization;
using System.Security.Cryptography;
using Sim.Export.Frames;
using Sim.Export.Imaging;
using Sim.Export.Kitti;
using Sim.Export.Manifest;
using Sim.Export.PointClouds;

namespace Sim.Export.Dataset;

/// <summary>What <see cref="DatasetInspector"/> found in one dataset.</summary>
/// <param name="Folder">The dataset folder.</param>
/// <param name="Manifest">Its manifest, when it could be read.</param>
/// <param name="Frames">Frames found.</param>
/// <param name="Boxes">2D labels over all frames (KITTI lines other than DontCare, or frame-stream objects).</param>
/// <param name="Points">LiDAR points over all frames.</param>
/// <param name="Bytes">Size of the listed files.</param>
/// <param name="Problems">Every inconsistency, each naming its file; empty when the dataset is consistent.</param>
public sealed record DatasetReport(string Folder, DatasetManifest? Manifest, int Frames, long Boxes, long Points, long Bytes, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing is wrong.</summary>
    public bool IsConsistent => Problems.Count == 0;
}

/// <summary>
/// Checks a dataset against its manifest and the formats' rules: every listed file exists with its size and SHA-256
/// and nothing unlisted lies beside them; each frame's image decodes at the camera's size and has its label, calib and
/// scan; label lines parse, and their boxes lie inside the image; point clouds hold finite points; the frame stream
/// reads through with the manifest's frame count. Reads one frame's files at a time.
/// </summary>
public static class DatasetInspector
{
    /// <summary>How far a box may reach past the image edge before it counts as outside, px (rounding of written values).</summary>
    public const double EdgeTolerance = 0.5;

    /// <summary>Inspects the dataset in <paramref name="folder"/>.</summary>
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

        CheckFiles(root, manifest, problems);
        (int frames, long boxes, long points) = (0, 0, 0);
        if (manifest.Formats.Contains(DatasetFormats.Kitti))
        {
            (frames, boxes, points) = CheckKitti(root, manifest, problems);
        }

        foreach ((string format, string dir, string ext) in new[] { (DatasetFormats.Pcd, "pcd", ".pcd"), (DatasetFormats.Ply, "ply", ".ply") })
        {
            if (manifest.Formats.Contains(format))
            {
                for (int i = 0; i < manifest.Frames; i++)
                {
                    string path = Path.Combine(root, dir, string.Create(CultureInfo.InvariantCulture, $"{i:D6}{ext}"));
                    try
                    {
                        Sim.Sensors.Lidar.LidarPoint[] cloud = format == DatasetFormats.Pcd ? PcdReader.Read(path) : PlyReader.Read(path);
                        if (cloud.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z)))
                        {
                            problems.Add($"{path}: holds a non-finite point");
                        }
                    }
                    catch (Exception e) when (e is IOException or FormatException)
                    {
                        problems.Add(e.Message);
                    }
                }
            }
        }

        if (manifest.Formats.Contains(DatasetFormats.MessagePack))
        {
            (int streamFrames, long streamBoxes, long streamPoints) = CheckFrameStream(Path.Combine(root, "frames.msgpack"), manifest, problems);
            frames = Math.Max(frames, streamFrames);
            boxes = Math.Max(boxes, streamBoxes);
            points = Math.Max(points, streamPoints);
        }

        if (frames != manifest.Frames)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{manifestPath}: says {manifest.Frames} frames; found {frames}"));
        }

        return new DatasetReport(root, manifest, frames, boxes, points, manifest.Files.Sum(f => f.Bytes), problems);
    }

    private static void CheckFiles(string root, DatasetManifest manifest, List<string> problems)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestFile f in manifest.Files)
        {
            listed.Add(f.Path);
            string path;
            try
            {
                path = Files.DatasetPath.Resolve(root, f.Path);
            }
            catch (ArgumentException e)
            {
                problems.Add($"{DatasetManifest.FileName}: {e.Message}");
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

    private static (int Frames, long Boxes, long Points) CheckKitti(string root, DatasetManifest manifest, List<string> problems)
    {
        int width = manifest.Sensors.GetProperty("camera").GetProperty("width").GetInt32();
        int height = manifest.Sensors.GetProperty("camera").GetProperty("height").GetInt32();
        string images = Path.Combine(root, KittiLayout.Images);
        int[] frames = Directory.Exists(images)
            ? [.. Directory.EnumerateFiles(images, "*.png").Select(p => int.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1).Order()]
            : [];
        long boxes = 0, points = 0;
        foreach (int i in frames)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{i:D6}");
            string image = Path.Combine(images, name + ".png");
            if (i < 0)
            {
                problems.Add($"{images}: an image whose name is not a frame number");
                continue;
            }

            try
            {
                PngImage png = PngReader.Read(image);
                if (png.Width != width || png.Height != height)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{image}: {png.Width} × {png.Height} px; the camera is {width} × {height}"));
                }
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException)
            {
                problems.Add(e.Message);
            }

            string label = Path.Combine(root, KittiLayout.Labels, name + ".txt");
            if (!File.Exists(label))
            {
                problems.Add($"{image}: has no label file {label}");
            }
            else
            {
                try
                {
                    int line = 0;
                    foreach (KittiObject o in KittiLabelFile.Read(label))
                    {
                        line++;
                        boxes += o.Type == KittiClasses.DontCare ? 0 : 1;
                        if (o.Left < -EdgeTolerance || o.Top < -EdgeTolerance || o.Right > width - 1 + EdgeTolerance || o.Bottom > height - 1 + EdgeTolerance || o.Right < o.Left || o.Bottom < o.Top)
                        {
                            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{label}:{line}: box ({o.Left}, {o.Top}, {o.Right}, {o.Bottom}) is not inside the {width} × {height} image"));
                        }
                    }
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    problems.Add(e.Message);
                }
            }

            string calib = Path.Combine(root, KittiLayout.Calib, name + ".txt");
            try
            {
                _ = KittiCalib.Read(calib);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                problems.Add(File.Exists(calib) ? e.Message : $"{image}: has no calib file {calib}");
            }

            string scan = Path.Combine(root, KittiLayout.Velodyne, name + ".bin");
            try
            {
                KittiVelodynePoint[] cloud = KittiVelodyne.Read(scan);
                points += cloud.Length;
                if (cloud.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z) || !float.IsFinite(p.Reflectance)))
                {
                    problems.Add($"{scan}: holds a non-finite point");
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                problems.Add(File.Exists(scan) ? e.Message : $"{image}: has no scan {scan}");
            }
        }

        for (int i = 0; i < frames.Length; i++)
        {
            if (frames[i] != i)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{images}: frame numbers are not 0 to {frames.Length - 1} in a row (frame {i} is missing)"));
                break;
            }
        }

        return (frames.Length, boxes, points);
    }

    private static (int Frames, long Boxes, long Points) CheckFrameStream(string path, DatasetManifest manifest, List<string> problems)
    {
        int frames = 0;
        long boxes = 0, points = 0;
        try
        {
            using var reader = new FrameStreamReader(path);
            if (reader.FrameCount != manifest.Frames)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: header says {reader.FrameCount} frames; the manifest says {manifest.Frames}"));
            }

            foreach (FrameRecord frame in reader.Frames())
            {
                if (frame.Frame != frames)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: object {frames + 1} is frame {frame.Frame}; expected {frames}"));
                }

                frames++;
                boxes += frame.Objects.Count(o => o.Bbox is not null);
                points += frame.Points.Length;
                if (frame.Points.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z)))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: frame {frame.Frame} holds a non-finite point"));
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            problems.Add(e.Message);
        }

        if (frames != manifest.Frames)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: holds {frames} frames; the manifest says {manifest.Frames}"));
        }

        return (frames, boxes, points);
    }
}
