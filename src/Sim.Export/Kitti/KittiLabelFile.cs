using System.Text;
using Sim.Export.Files;

namespace Sim.Export.Kitti;

/// <summary>
/// KITTI object label files (<c>label_2/NNNNNN.txt</c>, one per frame): one <see cref="KittiObject"/> a line, 15
/// space-separated fields (16 with a score), LF line ends, no blank lines. Numbers as the dataset's files print them:
/// <c>%.2f</c> for truncated, alpha, the box, dimensions, location, rotation_y and score; <c>%d</c> for occluded; a
/// DontCare line writes its invalid values as integers (<c>DontCare -1 -1 -10 l t r b -1 -1 -1 -1000 -1000 -1000
/// -10</c>), as the dataset does.
/// </summary>
public static class KittiLabelFile
{
    /// <summary>What a line holds, for error messages.</summary>
    public const string LineDescription = "type truncated occluded alpha left top right bottom height width length x y z rotation_y [score]";

    /// <summary>The file name of frame <paramref name="frame"/>: six digits, <c>000042.txt</c>.</summary>
    public static string FileName(int frame) => $"{frame:D6}.txt";

    /// <summary>Writes <paramref name="objects"/> to <paramref name="path"/> atomically (temporary name, then rename).</summary>
    /// <exception cref="ArgumentException">An object has a field KITTI cannot hold (named in the message).</exception>
    public static void Write(string path, IEnumerable<KittiObject> objects) => AtomicFile.WriteAllText(path, ToText(objects));

    /// <summary>The file's text for <paramref name="objects"/>: one line each, LF-terminated.</summary>
    /// <exception cref="ArgumentException">An object has a field KITTI cannot hold (named in the message).</exception>
    public static string ToText(IEnumerable<KittiObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var text = new StringBuilder();
        foreach (KittiObject o in objects)
        {
            text.Append(FormatLine(o)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads every line of a label file, checking each field's form and range.</summary>
    /// <exception cref="KittiFormatException">A line breaks the format: <c>FILE:LINE: FIELD: expected …, found …</c>.</exception>
    public static IReadOnlyList<KittiObject> Read(string path)
    {
        List<string> lines = KittiText.Lines(path);
        var objects = new List<KittiObject>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            objects.Add(ParseLine(lines[i], path, i + 1));
        }

        return objects;
    }

    /// <summary>One object as its line (no line feed).</summary>
    /// <exception cref="ArgumentException">A field KITTI cannot hold (named in the message).</exception>
    public static string FormatLine(KittiObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (Check(o) is { } error)
        {
            throw new ArgumentException($"Cannot write {o.Type} as a KITTI label: {error.Field}: {error.Message}.", nameof(o));
        }

        string F(double v) => KittiText.Fixed(v, 2);

        // DontCare lines carry KITTI's invalid values as integers, as the dataset's files print them.
        string Default(double v, double invalid) => v == invalid ? KittiText.Integer((long)invalid) : F(v);
        var line = new StringBuilder(96);
        line.Append(o.Type).Append(' ')
            .Append(o.Truncated == -1 ? "-1" : F(o.Truncated)).Append(' ')
            .Append(KittiText.Integer(o.Occluded)).Append(' ')
            .Append(Default(o.Alpha, KittiObject.InvalidAngle)).Append(' ')
            .Append(F(o.Left)).Append(' ').Append(F(o.Top)).Append(' ').Append(F(o.Right)).Append(' ').Append(F(o.Bottom)).Append(' ')
            .Append(Default(o.Height, KittiObject.InvalidDimension)).Append(' ')
            .Append(Default(o.Width, KittiObject.InvalidDimension)).Append(' ')
            .Append(Default(o.Length, KittiObject.InvalidDimension)).Append(' ')
            .Append(Default(o.X, KittiObject.InvalidLocation)).Append(' ')
            .Append(Default(o.Y, KittiObject.InvalidLocation)).Append(' ')
            .Append(Default(o.Z, KittiObject.InvalidLocation)).Append(' ')
            .Append(Default(o.RotationY, KittiObject.InvalidAngle));
        if (o.Score is { } score)
        {
            line.Append(' ').Append(F(score));
        }

        return line.ToString();
    }

    /// <summary>Parses one line; <paramref name="path"/> and <paramref name="line"/> locate it in errors.</summary>
    /// <exception cref="KittiFormatException">The line breaks the format.</exception>
    public static KittiObject ParseLine(string text, string path = "<text>", int line = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] f = KittiText.Fields(text, path, line, LineDescription, 15, 16);
        double N(int i, string field) => KittiText.Number(f[i], path, line, field);
        var o = new KittiObject(
            f[0], N(1, "truncated"), KittiText.Integer(f[2], path, line, "occluded", -1, 3), N(3, "alpha"),
            N(4, "left"), N(5, "top"), N(6, "right"), N(7, "bottom"), N(8, "height"), N(9, "width"), N(10, "length"),
            N(11, "x"), N(12, "y"), N(13, "z"), N(14, "rotation_y"), f.Length == 16 ? N(15, "score") : null);
        return Check(o) is { } error ? throw new KittiFormatException(path, line, error.Field, error.Message) : o;
    }

    /// <summary>The first field out of KITTI's range, or null: what the devkit allows, or its invalid value.</summary>
    internal static (string Field, string Message)? Check(KittiObject o)
    {
        if (!KittiClasses.IsKnown(o.Type))
        {
            return ("type", $"expected one of {string.Join(", ", KittiClasses.All)}, found '{o.Type}'");
        }

        if (!(o.Truncated is >= 0 and <= 1 || o.Truncated == -1))
        {
            return ("truncated", $"expected a share in [0, 1] (or −1 for DontCare), found {o.Truncated}");
        }

        if (o.Occluded is < -1 or > 3)
        {
            return ("occluded", $"expected 0–3 (or −1 for DontCare), found {o.Occluded}");
        }

        return CheckGeometry(o);
    }

    /// <summary>The checks of every field after type, truncation and occlusion, shared with tracking files. A DontCare
    /// region's 3D fields only need to be numbers: the dataset's tracking files shift them by one field.</summary>
    internal static (string Field, string Message)? CheckGeometry(KittiObject o)
    {
        (string Field, double Value)[] numbers =
        [
            ("alpha", o.Alpha), ("left", o.Left), ("top", o.Top), ("right", o.Right), ("bottom", o.Bottom), ("height", o.Height),
            ("width", o.Width), ("length", o.Length), ("x", o.X), ("y", o.Y), ("z", o.Z), ("rotation_y", o.RotationY), ("score", o.Score ?? 0),
        ];
        foreach ((string field, double value) in numbers)
        {
            if (!double.IsFinite(value))
            {
                return (field, $"expected a finite number, found {value}");
            }
        }

        if (!(o.Right >= o.Left && o.Bottom >= o.Top))
        {
            return ("bbox", $"expected left ≤ right and top ≤ bottom, found {o.Left} {o.Top} {o.Right} {o.Bottom}");
        }

        if (o.IsDontCare)
        {
            return null;
        }

        const double Limit = Math.PI + KittiText.AngleSlack;
        foreach ((string field, double angle) in new[] { ("alpha", o.Alpha), ("rotation_y", o.RotationY) })
        {
            if (!(Math.Abs(angle) <= Limit || angle == KittiObject.InvalidAngle))
            {
                return (field, $"expected an angle in [−π, π] rad (or −10 when unknown), found {angle}");
            }
        }

        foreach ((string field, double value) in new[] { ("height", o.Height), ("width", o.Width), ("length", o.Length) })
        {
            if (!(value >= 0 || value == KittiObject.InvalidDimension))
            {
                return (field, $"expected a size ≥ 0 m (or −1 when unknown), found {value}");
            }
        }

        return null;
    }
}
