using System.Text;
using CsCheck;
using Sim.Export.PointClouds;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.Tests.PointClouds;

public class PlyFileTests
{
    private const string ExpectedHeader3 =
        "ply\n" +
        "format binary_little_endian 1.0\n" +
        "comment Sim LiDAR sweep: x y z m in the sensor frame (x forward, y left, z up), t s since the sweep began, label Sim semantic class, stable id = instance_lo + 2^32 instance_hi\n" +
        "element vertex 3\n" +
        "property float x\n" +
        "property float y\n" +
        "property float z\n" +
        "property float intensity\n" +
        "property ushort ring\n" +
        "property float t\n" +
        "property uint label\n" +
        "property uint instance_lo\n" +
        "property uint instance_hi\n" +
        "end_header\n";

    [Fact]
    public void The_header_is_byte_for_byte_the_expected_one_and_the_records_are_the_pcd_files_with_the_64_bit_id_as_two_uint_words_low_first()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("sweep.ply");
        PlyWriter.Write(path, PointCloudTestData.Sample());

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(ExpectedHeader3, Encoding.ASCII.GetString(bytes, 0, ExpectedHeader3.Length));
        Assert.Equal(ExpectedHeader3.Length + (3 * 34), bytes.Length);
        int r = ExpectedHeader3.Length;
        Assert.Equal((uint)SemanticClass.Car, BitConverter.ToUInt32(bytes, r + 22));
        Assert.Equal(0x76543210u, BitConverter.ToUInt32(bytes, r + 26));
        Assert.Equal(0xFEDCBA98u, BitConverter.ToUInt32(bytes, r + 30));

        string pcd = folder.File("sweep.pcd");
        PcdWriter.Write(pcd, PointCloudTestData.Sample());
        Assert.Equal(bytes[r..], File.ReadAllBytes(pcd)[^(3 * 34)..]);
    }

    [Fact]
    public void Any_cloud_round_trips_bit_exactly()
    {
        using var folder = new ScratchFolder();
        int sample = 0;
        PointCloudTestData.Point.Array[0, 200].Sample(points =>
        {
            string path = folder.File($"random-{Interlocked.Increment(ref sample)}.ply");
            PlyWriter.Write(path, points);
            PointCloudTestData.AssertBitExact(points, PlyReader.Read(path));
        }, iter: 200);
    }

    [Fact]
    public void An_empty_cloud_has_zero_vertices_and_reads_back_empty()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("empty.ply");
        PlyWriter.Write(path, []);

        Assert.Equal(ExpectedHeader3.Replace("element vertex 3", "element vertex 0", StringComparison.Ordinal), File.ReadAllText(path, Encoding.ASCII));
        Assert.Empty(PlyReader.Read(path));
    }

    [Fact]
    public void A_truncated_file_or_trailing_bytes_are_errors_that_name_the_file()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("cut.ply");
        PlyWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^1]);
        var cut = Assert.Throws<PointCloudFormatException>(() => PlyReader.Read(path));
        Assert.StartsWith($"{path}: the binary payload is 101 bytes; 3 vertices × 34 bytes needs exactly 102 (truncated file?)", cut.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, [.. bytes, 0]);
        var extra = Assert.Throws<PointCloudFormatException>(() => PlyReader.Read(path));
        Assert.Contains("103 bytes", extra.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..(ExpectedHeader3.Length - 12)]);
        var header = Assert.Throws<PointCloudFormatException>(() => PlyReader.Read(path));
        Assert.Equal(13, header.Line);
    }

    [Theory]
    [InlineData("format binary_little_endian 1.0", "format ascii 1.0", 2)]
    [InlineData("property ushort ring", "property short ring", 9)]
    [InlineData("property uint instance_lo\nproperty uint instance_hi", "property uint instance_hi\nproperty uint instance_lo", 12)]
    [InlineData("end_header", "element face 0\nend_header", 14)]
    public void A_header_that_differs_from_sims_layout_is_an_error_at_that_line(string text, string replacement, int line)
    {
        using var folder = new ScratchFolder();
        string path = folder.File("bad.ply");
        PlyWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);
        string header = ExpectedHeader3.Replace(text, replacement, StringComparison.Ordinal);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. bytes[ExpectedHeader3.Length..]]);

        var error = Assert.Throws<PointCloudFormatException>(() => PlyReader.Read(path));
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"{path}:{line}: expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sized_type_aliases_and_extra_comments_are_read()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("aliases.ply");
        PlyWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);
        string header = ExpectedHeader3
            .Replace("property float x", "property float32 x", StringComparison.Ordinal)
            .Replace("property ushort ring", "obj_info from a test\nproperty uint16 ring", StringComparison.Ordinal)
            .Replace("property uint label", "property uint32 label", StringComparison.Ordinal)
            .Replace("property uint instance_hi", "property uint32 instance_hi", StringComparison.Ordinal);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. bytes[ExpectedHeader3.Length..]]);

        PointCloudTestData.AssertBitExact(PointCloudTestData.Sample(), PlyReader.Read(path));
    }

    [Theory]
    [InlineData("uchar")]
    [InlineData("uint8")]
    public void A_file_with_the_old_one_byte_label_still_reads(string type)
    {
        using var folder = new ScratchFolder();
        string path = folder.File("old.ply");
        LidarPoint[] points = PointCloudTestData.Sample();
        PlyWriter.Write(path, points);
        byte[] bytes = File.ReadAllBytes(path);

        // The layout before the label took PCL's four-byte label type: 31-byte records, the label one byte at offset 22.
        string header = ExpectedHeader3.Replace("property uint label", $"property {type} label", StringComparison.Ordinal);
        var old = new List<byte>(Encoding.ASCII.GetBytes(header));
        for (int i = 0; i < points.Length; i++)
        {
            byte[] r = bytes[(ExpectedHeader3.Length + (i * 34))..(ExpectedHeader3.Length + ((i + 1) * 34))];
            old.AddRange([.. r[..22], r[22], .. r[26..]]);
        }

        File.WriteAllBytes(path, [.. old]);
        PointCloudTestData.AssertBitExact(points, PlyReader.Read(path));
    }
}
