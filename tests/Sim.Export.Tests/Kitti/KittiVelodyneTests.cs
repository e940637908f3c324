using System.Buffers.Binary;
using Sim.Export.Kitti;
using Sim.Sensors.Lidar;

namespace Sim.Export.Tests.Kitti;

public sealed class KittiVelodyneTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-velodyne-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_scan_round_trips_bit_for_bit_including_odd_floats()
    {
        float[] odd = [0f, -0f, float.Epsilon, -float.MaxValue, float.PositiveInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234), 1e-38f, 123.456f];
        var points = new KittiVelodynePoint[odd.Length * 2];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new KittiVelodynePoint(odd[i % odd.Length], odd[(i + 1) % odd.Length], odd[(i + 3) % odd.Length], odd[(i + 5) % odd.Length]);
        }

        string path = Path.Combine(_dir, KittiVelodyne.FileName(3));
        Assert.EndsWith("000003.bin", path, StringComparison.Ordinal);
        KittiVelodyne.Write(path, points);
        KittiVelodynePoint[] read = KittiVelodyne.Read(path);
        Assert.Equal(points.Length, read.Length);
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(Bits(points[i]), Bits(read[i]));
        }
    }

    [Fact]
    public void LiDAR_points_are_written_as_four_little_endian_floats_x_y_z_intensity()
    {
        LidarPoint[] points = KittiTestScene.Shared.Value.Points;
        string path = Path.Combine(_dir, "scan.bin");
        KittiVelodyne.Write(path, points);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(points.Length * 16, bytes.Length);
        for (int i = 0; i < points.Length; i += 997)
        {
            ReadOnlySpan<byte> p = bytes.AsSpan(i * 16, 16);
            Assert.Equal(BitConverter.SingleToInt32Bits(points[i].X), BinaryPrimitives.ReadInt32LittleEndian(p));
            Assert.Equal(BitConverter.SingleToInt32Bits(points[i].Y), BinaryPrimitives.ReadInt32LittleEndian(p[4..]));
            Assert.Equal(BitConverter.SingleToInt32Bits(points[i].Z), BinaryPrimitives.ReadInt32LittleEndian(p[8..]));
            Assert.Equal(BitConverter.SingleToInt32Bits(points[i].Intensity), BinaryPrimitives.ReadInt32LittleEndian(p[12..]));
        }

        KittiVelodynePoint[] read = KittiVelodyne.Read(path);
        Assert.Equal(points.Select(p => new KittiVelodynePoint(p.X, p.Y, p.Z, p.Intensity)), read);
        Assert.All(read, p => Assert.InRange(p.Reflectance, 0, 1));
    }

    [Fact]
    public void A_file_that_is_not_whole_points_is_refused_with_its_length()
    {
        string path = Path.Combine(_dir, "cut.bin");
        File.WriteAllBytes(path, new byte[16 * 3 + 5]);
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiVelodyne.Read(path));
        Assert.Equal($"{path}: 53 bytes is not a whole number of 16-byte points (x y z reflectance as float32); 5 bytes are left over at byte 48", e.Message);
        File.WriteAllBytes(path, []);
        Assert.Empty(KittiVelodyne.Read(path));
        KittiVelodyne.Write(path, ReadOnlySpan<LidarPoint>.Empty);
        Assert.Empty(File.ReadAllBytes(path));
    }

    private static (int, int, int, int) Bits(KittiVelodynePoint p) =>
        (BitConverter.SingleToInt32Bits(p.X), BitConverter.SingleToInt32Bits(p.Y), BitConverter.SingleToInt32Bits(p.Z), BitConverter.SingleToInt32Bits(p.Reflectance));
}
