using System.Text;
using Sim.Export.Files;

namespace Sim.Export.Kitti;

/// <summary>
/// KITTI tracking label files (<c>label_02/SSSS.txt</c>, one per sequence), as the tracking devkit defines them: 17
/// space-separated fields a line (18 with a score) — frame, track id, type, truncation level, occluded, alpha, the box,
/// dimensions, location, rotation_y — sorted by frame, LF line ends. Numbers as the dataset's tracking files print
/// them: <c>%d</c> for frame, track id, truncation and occlusion; <c>%f</c> (six decimals) for the rest, invalid values
/// included (<c>-10.000000</c>).
/// </summary>
/// <remarks>
/// DontCare lines follow the readme's field order (dimensions −1, location −1000, rotation_y −10). The dataset's own
/// tracking files write their DontCare lines with those values shifted by one field (<c>… -1000.000000 -1000.000000
/// -1000.000000 -10.000000 -1.000000 -1.000000 -1.000000</c>); no tool reads a DontCare region's 3D fields, so the
/// documented order is kept rather than the quirk.
/// </remarks>
public static class KittiTrackingFile
{
    /// <summary>What a line holds, for error messages.</summary>
    public const string LineDescription = "frame track_id type truncated occluded alpha left top right bottom height width length x y z rotation_y [score]";

    /// <summary>The file name of sequence <paramref name="sequence"/>: four digits, <c>0003.txt</c>.</summary>
    public static string FileName(int sequence) => $"{sequence:D4}.txt";

    /// <summary>Writes a sequence's lines to <paramref name="path"/> atomically, sorted by frame (lines of one frame keep
    /// their order).</summary>
    /// <exception cref="ArgumentException">A line has a field KITTI cannot hold (named in the message).</exception>
    public static void Write(string path, IEnumerable<KittiTrackingObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var text = new StringBuilder();
        foreach (KittiTrackingObject o in objects.OrderBy(o => o.Frame))
        {
            text.Append(FormatLine(o)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a sequence's lines, checking each field's form and range and that frames never decrease.</summary>
    /// <exception cref="KittiFormatException">A line breaks the format: <c>FILE:LINE: FIELD: expected …, found …</c>.</exception>
    public static IReadOnlyList<KittiTrackingObject> Read(string path)
    {
        List<string> lines = KittiText.Lines(path);
        var objects = new List<KittiTrackingObject>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            KittiTrackingObject o = ParseLine(lines[i], path, i + 1);
            if (objects.Count > 0 && o.Frame < objects[^1].Frame)
            {
                throw new KittiFormatException(path, i + 1, "frame", $"expected frames in order, found {o.Frame} after {objects[^1].Frame}");
            }

            objects.Add(o);
        }

        return objects;
    }

    /// <summary>One line (no line feed).</summary>
    /// <exception cref="ArgumentException">A field KITTI cannot hold (named in the message).</exception>
    public static string FormatLine(KittiTrackingObject t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (Check(t) is { } error)
        {
            throw new ArgumentException($"Cannot write frame {t.Frame} track {t.TrackId} as a KITTI tracking label: {error.Field}: {error.Message}.", nameof(t));
        }

        KittiObject o = t.Object;
        var line = new StringBuilder(160);
        line.Append(KittiText.Integer(t.Frame)).Append(' ').Append(KittiText.Integer(t.TrackId)).Append(' ')
            .Append(o.Type).Append(' ').Append(KittiText.Integer(t.TruncationLevel)).Append(' ').Append(KittiText.Integer(o.Occluded));
        double[] rest = [o.Alpha, o.Left, o.Top, o.Right, o.Bottom, o.Height, o.Width, o.Length, o.X, o.Y, o.Z, o.RotationY];
        foreach (double v in rest)
        {
            line.Append(' ').Append(KittiText.Fixed(v, 6));
        }

        if (o.Score is { } score)
        {
            line.Append(' ').Append(KittiText.Fixed(score, 6));
        }

        return line.ToString();
    }

    /// <summary>Parses one line; <paramref name="path"/> and <paramref name="line"/> locate it in errors. The file holds a
    /// truncation level, not a share, so the object's <see cref="KittiObject.Truncated"/> reads −1, KITTI's "not
    /// given".</summary>
    /// <exception cref="KittiFormatException">The line breaks the format.</exception>
    public static KittiTrackingObject ParseLine(string text, string path = "<text>", int line = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] f = KittiText.Fields(text, path, line, LineDescription, 17, 18);
        double N(int i, string field) => KittiText.Number(f[i], path, line, field);
        int frame = KittiText.Integer(f[0], path, line, "frame", 0, int.MaxValue);
        int trackId = KittiText.Integer(f[1], path, line, "track_id", -1, int.MaxValue);
        int level = KittiText.Integer(f[3], path, line, "truncated", -1, 2);
        var o = new KittiObject(
            f[2], -1, KittiText.Integer(f[4], path, line, "occluded", -1, 3), N(5, "alpha"),
            N(6, "left"), N(7, "top"), N(8, "right"), N(9, "bottom"), N(10, "height"), N(11, "width"), N(12, "length"),
            N(13, "x"), N(14, "y"), N(15, "z"), N(16, "rotation_y"), f.Length == 18 ? N(17, "score") : null);
        var t = new KittiTrackingObject(frame, trackId, level, o);
        return Check(t) is { } error ? throw new KittiFormatException(path, line, error.Field, error.Message) : t;
    }

    private static (string Field, string Message)? Check(KittiTrackingObject t)
    {
        if (t.Frame < 0)
        {
            return ("frame", $"expected a frame index ≥ 0, found {t.Frame}");
        }

        if (t.TrackId < -1)
        {
            return ("track_id", $"expected an id ≥ 0 (or −1 for DontCare), found {t.TrackId}");
        }

        if (t.TruncationLevel is < -1 or > 2)
        {
            return ("truncated", $"expected a level 0–2 (or −1 for DontCare), found {t.TruncationLevel}");
        }

        KittiObject o = t.Object;
        if (!KittiClasses.IsKnown(o.Type))
        {
            return ("type", $"expected one of {string.Join(", ", KittiClasses.All)}, found '{o.Type}'");
        }

        return o.Occluded is < -1 or > 3 ? ("occluded", $"expected 0–3 (or −1 for DontCare), found {o.Occluded}") : KittiLabelFile.CheckGeometry(o);
    }
}
