using System.Globalization;
using Sim.Export.Files;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// Writes a LiDAR sweep as a PLY file (format binary_little_endian 1.0; read by PCL, Open3D, CloudCompare, MeshLab):
/// one <c>vertex</c> element per point with the properties
/// <c>float x, y, z</c> (m in the sensor frame, ISO 8855: x forward, y left, z up),
/// <c>float intensity</c> (0–1),
/// <c>ushort ring</c>,
/// <c>float t</c> (s since the sweep began),
/// <c>uint label</c> (<see cref="Sim.Sensors.SemanticClass"/>) and
/// <c>uint instance_lo, instance_hi</c>: the low and high 32 bits of the hit's stable id (0 for stuff).
/// </summary>
/// <remarks>
/// PLY's types stop at 32-bit integers (the extensions some readers accept for 64 bits are not read by the others), and
/// Sim's stable ids are 64-bit hashes, so the id travels as two standard <c>uint</c> properties: stable id =
/// instance_lo + 2³² × instance_hi. Laid out little-endian, the two words are the same bytes as the PCD file's
/// <c>U 8</c> instance field. The label is a <c>uint</c>, like the PCD file's <c>U 4</c>, so both files carry the same
/// 34-byte record, and PCL, which turns PLY properties into PCD fields of the same type, reads it as its own label type
/// (a <c>uchar</c> label would not match <c>pcl::PointXYZL</c>'s). The file is written to a temporary name and renamed
/// into place (<see cref="AtomicFile"/>).
/// </remarks>
public static class PlyWriter
{
    /// <summary>The comment line the header carries after the format line.</summary>
    public const string Comment = "Sim LiDAR sweep: x y z m in the sensor frame (x forward, y left, z up), t s since the sweep began, label Sim semantic class, stable id = instance_lo + 2^32 instance_hi";

    /// <summary>Appends the file's bytes for <paramref name="points"/> to <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<LidarPoint> points, System.Buffers.IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        LidarRecord.Encode(Header(points.Length), points, destination);
    }

    /// <summary>Writes <paramref name="points"/> to <paramref name="path"/> atomically, creating its folder.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="OverflowException">The cloud is larger than 2 GiB.</exception>
    public static void Write(string path, ReadOnlySpan<LidarPoint> points)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LidarRecord.WriteFile(path, Header(points.Length), points);
    }

    /// <summary>The header text, every line ending in LF, for a cloud of <paramref name="count"/> points.</summary>
    internal static string Header(int count) => string.Create(CultureInfo.InvariantCulture, $"""
        ply
        format binary_little_endian 1.0
        comment {Comment}
        element vertex {count}
        property float x
        property float y
        property float z
        property float intensity
        property ushort ring
        property float t
        property uint label
        property uint instance_lo
        property uint instance_hi
        end_header

        """).ReplaceLineEndings("\n");
}
