using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sim.Export.Files;
using Sim.Sensors.Lidar;

namespace Sim.Export.Kitti;

/// <summary>One point of a KITTI Velodyne scan: x forward, y left, z up in the LiDAR frame (m), and the reflectance
/// (0–1).</summary>
/// <param name="X">Forward, m.</param>
/// <param name="Y">Left, m.</param>
/// <param name="Z">Up, m.</param>
/// <param name="Reflectance">Return strength, 0–1 (Sim's <see cref="LidarPoint.Intensity"/>).</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct KittiVelodynePoint(float X, float Y, float Z, float Reflectance);

/// <summary>
/// KITTI Velodyne scans (<c>velodyne/NNNNNN.bin</c>): no header, one point after another as four little-endian IEEE-754
/// float32 values — x, y, z (m, LiDAR frame: x forward, y left, z up) and reflectance — 16 bytes a point, so that
/// <c>np.fromfile(path, np.float32).reshape(-1, 4)</c> reads it. Sim's LiDAR frame is KITTI's, so points are written
/// as they are, in firing order.
/// </summary>
public static class KittiVelodyne
{
    /// <summary>Bytes a point.</summary>
    public const int PointSize = 16;

    /// <summary>The file name of frame <paramref name="frame"/>: six digits, <c>000042.bin</c>.</summary>
    public static string FileName(int frame) => $"{frame:D6}.bin";

    /// <summary>Writes LiDAR points (position and intensity; ring, class, time and instance are not part of the format)
    /// to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<LidarPoint> points)
    {
        using var buffer = new PooledBuffer(points.Length * PointSize);
        Encode(points, buffer);
        AtomicFile.WriteAllBytes(path, buffer.Written);
    }

    /// <summary>Encodes LiDAR points as a scan file's bytes (see <see cref="Write(string, ReadOnlySpan{LidarPoint})"/>),
    /// appended to <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<LidarPoint> points, System.Buffers.IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        const int Batch = 4096;
        for (int start = 0; start < points.Length; start += Batch)
        {
            ReadOnlySpan<LidarPoint> batch = points.Slice(start, Math.Min(Batch, points.Length - start));
            Span<byte> bytes = destination.GetSpan(batch.Length * PointSize);
            Span<float> values = MemoryMarshal.Cast<byte, float>(bytes[..(batch.Length * PointSize)]);
            for (int i = 0; i < batch.Length; i++)
            {
                values[(4 * i) + 0] = batch[i].X;
                values[(4 * i) + 1] = batch[i].Y;
                values[(4 * i) + 2] = batch[i].Z;
                values[(4 * i) + 3] = batch[i].Intensity;
            }

            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), MemoryMarshal.Cast<float, int>(values));
            }

            destination.Advance(batch.Length * PointSize);
        }
    }

    /// <summary>Writes KITTI points to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<KittiVelodynePoint> points)
    {
        var bytes = new byte[points.Length * PointSize];
        for (int i = 0; i < points.Length; i++)
        {
            Put(bytes.AsSpan(i * PointSize), points[i].X, points[i].Y, points[i].Z, points[i].Reflectance);
        }

        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads a scan.</summary>
    /// <exception cref="KittiFormatException">The file's length is not a whole number of 16-byte points.</exception>
    public static KittiVelodynePoint[] Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % PointSize != 0)
        {
            throw new KittiFormatException(path, 0, null, $"{bytes.Length} bytes is not a whole number of {PointSize}-byte points (x y z reflectance as float32); {bytes.Length % PointSize} bytes are left over at byte {bytes.Length - (bytes.Length % PointSize)}");
        }

        var points = new KittiVelodynePoint[bytes.Length / PointSize];
        for (int i = 0; i < points.Length; i++)
        {
            ReadOnlySpan<byte> p = bytes.AsSpan(i * PointSize, PointSize);
            points[i] = new KittiVelodynePoint(
                BinaryPrimitives.ReadSingleLittleEndian(p), BinaryPrimitives.ReadSingleLittleEndian(p[4..]),
                BinaryPrimitives.ReadSingleLittleEndian(p[8..]), BinaryPrimitives.ReadSingleLittleEndian(p[12..]));
        }

        return points;
    }

    private static void Put(Span<byte> target, float x, float y, float z, float reflectance)
    {
        BinaryPrimitives.WriteSingleLittleEndian(target, x);
        BinaryPrimitives.WriteSingleLittleEndian(target[4..], y);
        BinaryPrimitives.WriteSingleLittleEndian(target[8..], z);
        BinaryPrimitives.WriteSingleLittleEndian(target[12..], reflectance);
    }
}
