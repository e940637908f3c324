using System.Globalization;
using Sim.Export.Files;
using Sim.Sensors.Lidar;

namespace Sim.Export.PointClouds;

/// <summary>
/// Writes a LiDAR sweep as a PCD v0.7 file (the Point Cloud Library's format, read unchanged by PCL, Open3D and
/// CloudCompare), DATA binary: an unorganised cloud (HEIGHT 1), identity viewpoint, and one packed little-endian
/// 34-byte record per point with the fields
/// <c>x y z</c> (F 4: m in the sensor frame, ISO 8855: x forward, y left, z up),
/// <c>intensity</c> (F 4: 0–1),
/// <c>ring</c> (U 2: the channel that fired),
/// <c>t</c> (F 4: s since the sweep began),
/// <c>label</c> (U 4: <see cref="Sim.Sensors.SemanticClass"/>) and
/// <c>instance</c> (U 8: the stable id of what was hit, the track id of the labels; 0 for stuff).
/// </summary>
/// <remarks>
/// The instance is a full 64-bit field because Sim's stable ids are 64-bit hashes of actor names; PCL reads and
/// writes <c>U 8</c> fields (checked with PCL 1.13's <c>pcl_convert_pcd_ascii_binary</c>, which round-trips them
/// exactly). The label is <c>U 4</c> because that is PCL's label type (<c>pcl::PointXYZL</c>, <c>pcl::Label</c>): PCL
/// matches fields by name, size and type, so a one-byte label loaded into those point types is dropped with "Failed to
/// find match for field 'label'" (PCL 1.13); the three bytes per point it costs buy a label every PCL tool reads. The
/// file is written to a temporary name and renamed into place (<see cref="AtomicFile"/>).
/// </remarks>
public static class PcdWriter
{
    /// <summary>The field names, in file order.</summary>
    public const string Fields = "x y z intensity ring t label instance";

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
        # .PCD v0.7 - Point Cloud Data file format
        VERSION 0.7
        FIELDS {Fields}
        SIZE 4 4 4 4 2 4 4 8
        TYPE F F F F U F U U
        COUNT 1 1 1 1 1 1 1 1
        WIDTH {count}
        HEIGHT 1
        VIEWPOINT 0 0 0 1 0 0 0
        POINTS {count}
        DATA binary

        """).ReplaceLineEndings("\n");
}
