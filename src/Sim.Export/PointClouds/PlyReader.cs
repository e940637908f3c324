using System.Globalization;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// Reads PLY files of the layout <see cref="PlyWriter"/> writes, strictly: <c>ply</c>, <c>format binary_little_endian
/// 1.0</c>, one <c>element vertex N</c> with exactly Sim's properties in order (each type by its PLY name or its sized
/// alias: float/float32, ushort/uint16, uint/uint32), <c>end_header</c>, and exactly N records after it. The label
/// may also be <c>uchar</c>/<c>uint8</c>, as Sim wrote it before it took PCL's four-byte label type.
/// <c>comment</c> and <c>obj_info</c> lines are skipped.
/// </summary>
public static class PlyReader
{
    private static readonly (string Name, string Type, string Alias)[] Properties =
    [
        ("x", "float", "float32"), ("y", "float", "float32"), ("z", "float", "float32"), ("intensity", "float", "float32"),
        ("ring", "ushort", "uint16"), ("t", "float", "float32"), ("label", "uint", "uint32"),
        ("instance_lo", "uint", "uint32"), ("instance_hi", "uint", "uint32"),
    ];

    /// <summary>The points of the file at <paramref name="path"/> (<see cref="LidarPoint.Reserved"/> is 0).</summary>
    /// <exception cref="PointCloudFormatException">The file breaks the layout; the message names the file and the header
    /// line, or the point and byte counts for the payload.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LidarPoint[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new HeaderLines(bytes, path);
        if (lines.Next("ply") != "ply")
        {
            throw lines.Error("expected 'ply' (the magic first line of a PLY file).");
        }

        string[] format = Next(ref lines, "format binary_little_endian 1.0");
        if (format is not ["format", "binary_little_endian", "1.0"])
        {
            throw lines.Error($"expected 'format binary_little_endian 1.0', found '{string.Join(' ', format)}'.");
        }

        string[] element = Next(ref lines, "element vertex N");
        if (element is not ["element", "vertex", string n] || !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw lines.Error($"expected 'element vertex N' with N ≥ 0, found '{string.Join(' ', element)}'.");
        }

        int labelBytes = LidarRecord.LabelBytes;
        foreach ((string name, string type, string alias) in Properties)
        {
            string[] property = Next(ref lines, $"property {type} {name}");
            if (property is ["property", "uchar" or "uint8", "label"] && name == "label")
            {
                labelBytes = 1;
            }
            else if (property is not ["property", string t, string p] || p != name || (t != type && t != alias))
            {
                throw lines.Error($"expected 'property {type} {name}', found '{string.Join(' ', property)}' (Sim's properties, in order).");
            }
        }

        string[] end = Next(ref lines, "end_header");
        if (end is not ["end_header"])
        {
            throw lines.Error($"expected 'end_header' after the last property, found '{string.Join(' ', end)}'.");
        }

        ReadOnlySpan<byte> payload = bytes.AsSpan(lines.Position);
        int size = LidarRecord.SizeWithLabel(labelBytes);
        long needed = (long)count * size;
        if (payload.Length != needed)
        {
            throw new PointCloudFormatException(path, 0, $"the binary payload is {payload.Length} bytes; {count} vertices × {size} bytes needs exactly {needed}{(payload.Length < needed ? " (truncated file?)" : "")}.");
        }

        return LidarRecord.ReadAll(payload, count, labelBytes, path);
    }

    private static string[] Next(ref HeaderLines lines, string expected)
    {
        while (true)
        {
            string[] tokens = lines.Next(expected).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens is not [] and not ["comment", ..] and not ["obj_info", ..])
            {
                return tokens;
            }
        }
    }
}
