using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Sim.Export.Files;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// The packed little-endian record of one LiDAR point that both PCD and PLY files carry, 34 bytes with no padding:
/// x, y, z, intensity (float32), ring (uint16), t (float32), label (uint32), instance (uint64 — in PLY, which has no
/// 64-bit integer type, the same eight bytes are read as two uint32 properties, the low word first). Files written
/// before the label was widened to 32 bits (PCL's label type) carry it as one byte, a 31-byte record; the readers
/// still take those.
/// </summary>
internal static class LidarRecord
{
    /// <summary>Bytes per point as written.</summary>
    public const int Size = 34;

    /// <summary>Bytes of the label as written (PCL's <c>pcl::PointXYZL::label</c> is a uint32).</summary>
    public const int LabelBytes = 4;

    /// <summary>Where the label starts in a record (after x, y, z, intensity, ring and t).</summary>
    private const int LabelOffset = 22;

    private static readonly bool[] KnownClass = BuildKnownClasses();

    static LidarRecord() => System.Diagnostics.Debug.Assert(Marshal.SizeOf<Packed>() == Size, "the packed record is 34 bytes");

    /// <summary>The record size of a file whose label takes <paramref name="labelBytes"/> (4, or 1 in older files).</summary>
    public static int SizeWithLabel(int labelBytes) => LabelOffset + labelBytes + 8;

    /// <summary>
    /// Writes a point-cloud file: <paramref name="header"/> (ASCII) followed by one record per point, assembled in one
    /// pooled buffer and written atomically (<see cref="AtomicFile"/>), creating the folder.
    /// </summary>
    /// <exception cref="OverflowException">The file would be larger than 2 GiB.</exception>
    public static void WriteFile(string path, string header, ReadOnlySpan<LidarPoint> points)
    {
        using var buffer = new PooledBuffer(checked(Encoding.ASCII.GetByteCount(header) + (points.Length * Size)));
        Encode(header, points, buffer);
        AtomicFile.WriteAllBytes(path, buffer.Written);
    }

    /// <summary>Appends a point-cloud file's bytes — <paramref name="header"/> (ASCII), then one record per point — to
    /// <paramref name="destination"/>.</summary>
    public static void Encode(string header, ReadOnlySpan<LidarPoint> points, IBufferWriter<byte> destination)
    {
        int headerBytes = Encoding.ASCII.GetByteCount(header);
        Encoding.ASCII.GetBytes(header, destination.GetSpan(headerBytes));
        destination.Advance(headerBytes);
        const int Batch = 4096;
        for (int start = 0; start < points.Length; start += Batch)
        {
            ReadOnlySpan<LidarPoint> batch = points.Slice(start, Math.Min(Batch, points.Length - start));
            WriteAll(batch, destination.GetSpan(batch.Length * Size));
            destination.Advance(batch.Length * Size);
        }
    }

    /// <summary>Writes every point, one record after the other, into <paramref name="destination"/>.</summary>
    public static void WriteAll(ReadOnlySpan<LidarPoint> points, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            // The record is the packed struct's memory: one store per point instead of eight.
            Span<Packed> records = MemoryMarshal.Cast<byte, Packed>(destination[..(points.Length * Size)]);
            for (int i = 0; i < points.Length; i++)
            {
                ref readonly LidarPoint p = ref points[i];
                records[i] = new Packed(p.X, p.Y, p.Z, p.Intensity, p.Ring, p.Time, (byte)p.Class, p.Instance);
            }

            return;
        }

        for (int i = 0; i < points.Length; i++)
        {
            Write(points[i], destination.Slice(i * Size, Size));
        }
    }

    /// <summary>The record's layout in memory on a little-endian machine (34 bytes, no padding).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private readonly record struct Packed(float X, float Y, float Z, float Intensity, ushort Ring, float Time, uint Label, ulong Instance);

    /// <summary>Reads <paramref name="count"/> records whose label takes <paramref name="labelBytes"/> (4, or 1) from
    /// <paramref name="source"/>.</summary>
    /// <exception cref="PointCloudFormatException">A label is not a <see cref="SemanticClass"/>.</exception>
    public static LidarPoint[] ReadAll(ReadOnlySpan<byte> source, int count, int labelBytes, string path)
    {
        int size = SizeWithLabel(labelBytes);
        var points = new LidarPoint[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> r = source.Slice(i * size, size);
            uint label = labelBytes == 1 ? r[LabelOffset] : BinaryPrimitives.ReadUInt32LittleEndian(r[LabelOffset..]);
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
                BinaryPrimitives.ReadUInt64LittleEndian(r[(LabelOffset + labelBytes)..]));
        }

        return points;
    }

    /// <summary>Throws unless <paramref name="label"/> is a defined semantic class.</summary>
    public static void CheckClass(uint label, string path, int line, int point)
    {
        if (label >= (uint)KnownClass.Length || !KnownClass[label])
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
        BinaryPrimitives.WriteUInt32LittleEndian(r[LabelOffset..], (byte)p.Class);
        BinaryPrimitives.WriteUInt64LittleEndian(r[(LabelOffset + LabelBytes)..], p.Instance);
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
