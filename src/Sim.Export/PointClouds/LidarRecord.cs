using System.Buffers.Binary;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// The packed little-endian record of one LiDAR point that both PCD and PLY files carry, 31 bytes with no padding:
/// x, y, z, intensity (float32), ring (uint16), t (float32), label (uint8), instance (uint64 — in PLY, which has no
/// 64-bit integer type, the same eight bytes are read as two uint32 properties, the low word first).
/// </summary>
internal static class LidarRecord
{
    /// <summary>Bytes per point.</summary>
    public const int Size = 31;

    private static readonly bool[] KnownClass = BuildKnownClasses();

    /// <summary>Writes every point, one record after the other, into <paramref name="destination"/>.</summary>
    public static void WriteAll(ReadOnlySpan<LidarPoint> points, Span<byte> destination)
    {
        for (int i = 0; i < points.Length; i++)
        {
            Write(points[i], destination.Slice(i * Size, Size));
        }
    }

    /// <summary>Reads <paramref name="count"/> records from <paramref name="source"/>.</summary>
    /// <exception cref="PointCloudFormatException">A label is not a <see cref="SemanticClass"/>.</exception>
    public static LidarPoint[] ReadAll(ReadOnlySpan<byte> source, int count, string path)
    {
        var points = new LidarPoint[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> r = source.Slice(i * Size, Size);
            byte label = r[22];
            CheckClass(label, path, 0, i);
            points[i] = new LidarPoint(
                BinaryPrimitives.ReadSingleLittleEndian(r),
                BinaryPrimitives.ReadSingleLittleEndian(r[4..]),
                BinaryPrimitives.ReadSingleLittleEndian(r[8..]),
                BinaryPrimitives.ReadSingleLittleEndian(r[12..]),
                BinaryPrimitives.ReadUInt16LittleEndian(r[16..]),
                (SemanticClass)label,
                0,
                BinaryPrimitives.ReadSingleLittleEndian(r[18..]),
                BinaryPrimitives.ReadUInt64LittleEndian(r[23..]));
        }

        return points;
    }

    /// <summary>Throws unless <paramref name="label"/> is a defined semantic class.</summary>
    public static void CheckClass(byte label, string path, int line, int point)
    {
        if (!KnownClass[label])
        {
            throw new PointCloudFormatException(path, line, $"point {point}: label {label} is not a Sim semantic class.");
        }
    }

    private static void Write(in LidarPoint p, Span<byte> r)
    {
        BinaryPrimitives.WriteSingleLittleEndian(r, p.X);
        BinaryPrimitives.WriteSingleLittleEndian(r[4..], p.Y);
        BinaryPrimitives.WriteSingleLittleEndian(r[8..], p.Z);
        BinaryPrimitives.WriteSingleLittleEndian(r[12..], p.Intensity);
        BinaryPrimitives.WriteUInt16LittleEndian(r[16..], p.Ring);
        BinaryPrimitives.WriteSingleLittleEndian(r[18..], p.Time);
        r[22] = (byte)p.Class;
        BinaryPrimitives.WriteUInt64LittleEndian(r[23..], p.Instance);
    }

    private static bool[] BuildKnownClasses()
    {
        var known = new bool[256];
        foreach (SemanticClass c in Enum.GetValues<SemanticClass>())
        {
            known[(byte)c] = true;
        }

        return known;
    }
}
