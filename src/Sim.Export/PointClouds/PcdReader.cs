using System.Globalization;
using System.Numerics;
using System.Text;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// Reads PCD v0.7 files of the layout <see cref="PcdWriter"/> writes, strictly: the header entries in the order the
/// format prescribes, with exactly Sim's fields, sizes, types and counts; WIDTH × HEIGHT = POINTS; an identity
/// VIEWPOINT (or none); DATA binary or ascii; and a payload of exactly POINTS records. The label may also be
/// <c>SIZE 1</c>, as Sim wrote it before it took PCL's four-byte label type. Comment lines (<c>#</c>) are
/// skipped, an absent COUNT means 1 per field (as the format says), and zero bytes after a binary payload are taken as
/// the page padding PCL's own writer adds.
/// </summary>
public static class PcdReader
{
    private static readonly string[] Sizes = ["4", "4", "4", "4", "2", "4", "4", "8"];
    private static readonly string[] OneByteLabelSizes = ["4", "4", "4", "4", "2", "4", "1", "8"];
    private static readonly string[] Types = ["F", "F", "F", "F", "U", "F", "U", "U"];
    private static readonly string[] FieldNames = PcdWriter.Fields.Split(' ');

    /// <summary>The points of the file at <paramref name="path"/> (<see cref="LidarPoint.Reserved"/> is 0).</summary>
    /// <exception cref="PointCloudFormatException">The file breaks the layout; the message names the file and the header
    /// line, or the point and byte counts for the payload.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LidarPoint[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new HeaderLines(bytes, path);

        string[] version = Entry(ref lines, "VERSION", "VERSION 0.7");
        if (version is not ["0.7"] and not [".7"])
        {
            throw lines.Error($"expected VERSION 0.7, found VERSION {string.Join(' ', version)}.");
        }

        Expect(ref lines, "FIELDS", FieldNames);
        string[] sizes = Entry(ref lines, "SIZE", $"SIZE {string.Join(' ', Sizes)}");
        if (!sizes.AsSpan().SequenceEqual(Sizes) && !sizes.AsSpan().SequenceEqual(OneByteLabelSizes))
        {
            throw lines.Error($"expected SIZE {string.Join(' ', Sizes)}, found SIZE {string.Join(' ', sizes)}.");
        }

        int labelBytes = sizes[6] == "1" ? 1 : LidarRecord.LabelBytes;
        Expect(ref lines, "TYPE", Types);
        string[] count = Optional(ref lines, "COUNT", out bool hasCount);
        if (hasCount && (count.Length != FieldNames.Length || count.Any(c => c != "1")))
        {
            throw lines.Error($"expected COUNT 1 1 1 1 1 1 1 1 (one value per field), found COUNT {string.Join(' ', count)}.");
        }

        int width = Count(ref lines, "WIDTH");
        int height = Count(ref lines, "HEIGHT");
        string[] viewpoint = Optional(ref lines, "VIEWPOINT", out bool hasViewpoint);
        if (hasViewpoint && !IsIdentityViewpoint(viewpoint))
        {
            throw lines.Error($"expected VIEWPOINT 0 0 0 1 0 0 0 (points in the sensor frame), found VIEWPOINT {string.Join(' ', viewpoint)}.");
        }

        int points = Count(ref lines, "POINTS");
        if ((long)width * height != points)
        {
            throw lines.Error($"POINTS {points} is not WIDTH × HEIGHT = {width} × {height}.");
        }

        string[] data = Entry(ref lines, "DATA", "DATA binary");
        return data switch
        {
            ["binary"] => Binary(bytes.AsSpan(lines.Position), points, labelBytes, path),
            ["ascii"] => Ascii(bytes.AsSpan(lines.Position), points, labelBytes, path, lines.Line),
            ["binary_compressed"] => throw lines.Error("DATA binary_compressed is not supported; convert the file with PCL (pcl_convert_pcd_ascii_binary IN OUT 1)."),
            _ => throw lines.Error($"expected DATA binary or DATA ascii, found DATA {string.Join(' ', data)}."),
        };
    }

    private static LidarPoint[] Binary(ReadOnlySpan<byte> payload, int points, int labelBytes, string path)
    {
        int size = LidarRecord.SizeWithLabel(labelBytes);
        long needed = (long)points * size;
        if (payload.Length < needed)
        {
            throw new PointCloudFormatException(path, 0, $"the binary payload is {payload.Length} bytes; POINTS {points} × {size} bytes needs {needed} (truncated file?).");
        }

        ReadOnlySpan<byte> rest = payload[(int)needed..];
        if (rest.IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new PointCloudFormatException(path, 0, $"{rest.Length} bytes follow the last of the {points} points and are not zero padding (POINTS too small?).");
        }

        return LidarRecord.ReadAll(payload, points, labelBytes, path);
    }

    private static LidarPoint[] Ascii(ReadOnlySpan<byte> payload, int points, int labelBytes, string path, int headerLines)
    {
        // Each point takes at least 16 bytes ("0 0 0 0 0 0 0 0\n"): a header that promises more than the payload can hold
        // is refused before anything is allocated for it.
        if ((long)points * 16 > payload.Length)
        {
            throw new PointCloudFormatException(path, 0, $"the ascii payload is {payload.Length} bytes, too short for POINTS {points} (truncated file?).");
        }

        string text = Encoding.ASCII.GetString(payload);
        var result = new LidarPoint[points];
        int n = 0;
        int line = headerLines;
        foreach (string raw in text.Split('\n'))
        {
            line++;
            string[] v = raw.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (v.Length == 0)
            {
                continue;
            }

            if (n == points)
            {
                throw new PointCloudFormatException(path, line, $"more than POINTS {points} points.");
            }

            if (v.Length != FieldNames.Length)
            {
                throw new PointCloudFormatException(path, line, $"expected {FieldNames.Length} values ({PcdWriter.Fields}), found {v.Length}.");
            }

            uint label = labelBytes == 1 ? Unsigned<byte>(v[6], "label", path, line) : Unsigned<uint>(v[6], "label", path, line);
            LidarRecord.CheckClass(label, path, line, n);
            result[n] = new LidarPoint(
                Float(v[0], "x", path, line),
                Float(v[1], "y", path, line),
                Float(v[2], "z", path, line),
                Float(v[3], "intensity", path, line),
                Unsigned<ushort>(v[4], "ring", path, line),
                (SemanticClass)label,
                0,
                Float(v[5], "t", path, line),
                Unsigned<ulong>(v[7], "instance", path, line));
            n++;
        }

        if (n != points)
        {
            throw new PointCloudFormatException(path, 0, $"the ascii payload has {n} points; POINTS says {points} (truncated file?).");
        }

        return result;
    }

    private static float Float(string s, string field, string path, int line)
    {
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase) || s.Equals("-nan", StringComparison.OrdinalIgnoreCase))
        {
            return float.NaN;
        }

        return float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? value
            : throw new PointCloudFormatException(path, line, $"{field}: expected a number, found '{s}'.");
    }

    private static T Unsigned<T>(string s, string field, string path, int line)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
        => T.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out T value)
            ? value
            : throw new PointCloudFormatException(path, line, $"{field}: expected an integer 0–{T.MaxValue}, found '{s}'.");

    private static bool IsIdentityViewpoint(string[] v)
    {
        double[] identity = [0, 0, 0, 1, 0, 0, 0];
        if (v.Length != identity.Length)
        {
            return false;
        }

        for (int i = 0; i < v.Length; i++)
        {
            if (!double.TryParse(v[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || x != identity[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int Count(ref HeaderLines lines, string key)
    {
        string[] value = Entry(ref lines, key, key + " N");
        return value is [string s] && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw lines.Error($"expected {key} and one integer ≥ 0, found {key} {string.Join(' ', value)}.");
    }

    private static void Expect(ref HeaderLines lines, string key, string[] values)
    {
        string[] found = Entry(ref lines, key, $"{key} {string.Join(' ', values)}");
        if (!found.AsSpan().SequenceEqual(values))
        {
            throw lines.Error($"expected {key} {string.Join(' ', values)}, found {key} {string.Join(' ', found)}.");
        }
    }

    /// <summary>The values of the next entry, which must be <paramref name="key"/>.</summary>
    private static string[] Entry(ref HeaderLines lines, string key, string expected)
    {
        string[] tokens = NextEntry(ref lines, expected);
        return tokens[0] == key
            ? tokens[1..]
            : throw lines.Error($"expected {expected}, found '{string.Join(' ', tokens)}' (the PCD header entries come in a fixed order).");
    }

    /// <summary>The values of the next entry when it is <paramref name="key"/>; otherwise nothing is consumed.</summary>
    private static string[] Optional(ref HeaderLines lines, string key, out bool present)
    {
        HeaderLines peek = lines;
        string[] tokens = NextEntry(ref peek, key);
        present = tokens[0] == key;
        if (!present)
        {
            return [];
        }

        lines = peek;
        return tokens[1..];
    }

    private static string[] NextEntry(ref HeaderLines lines, string expected)
    {
        while (true)
        {
            string line = lines.Next(expected);
            string[] tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0 && !tokens[0].StartsWith('#'))
            {
                return tokens;
            }
        }
    }
}
