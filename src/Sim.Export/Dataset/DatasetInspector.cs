using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Sim.Export.Files;
using Sim.Export.Manifest;

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
public static partial class DatasetInspector
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

        foreach (string f in DatasetManifest.ListPaths(root))
        {
            if (!listed.Contains(f))
            {
                problems.Add($"{Path.Combine(root, f)}: not listed in the manifest");
            }
        }
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
