using System.Text;
using CsCheck;
using Sim.Export.PointClouds;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.Tests.PointClouds;

public class PcdFileTests
{
    private const string ExpectedHeader3 =
        "# .PCD v0.7 - Point Cloud Data file format\n" +
        "VERSION 0.7\n" +
        "FIELDS x y z intensity ring t label instance\n" +
        "SIZE 4 4 4 4 2 4 4 8\n" +
        "TYPE F F F F U F U U\n" +
        "COUNT 1 1 1 1 1 1 1 1\n" +
        "WIDTH 3\n" +
        "HEIGHT 1\n" +
        "VIEWPOINT 0 0 0 1 0 0 0\n" +
        "POINTS 3\n" +
        "DATA binary\n";

    [Fact]
    public void The_header_is_the_pcd_v07_header_byte_for_byte_followed_by_34_byte_packed_little_endian_records()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("sweep.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(ExpectedHeader3, Encoding.ASCII.GetString(bytes, 0, ExpectedHeader3.Length));
        Assert.Equal(ExpectedHeader3.Length + (3 * 34), bytes.Length);

        // The first record, field by field at the offsets the SIZE line implies.
        byte[] r = bytes[ExpectedHeader3.Length..(ExpectedHeader3.Length + 34)];
        Assert.Equal(12.5f, BitConverter.ToSingle(r, 0));
        Assert.Equal(-3.25f, BitConverter.ToSingle(r, 4));
        Assert.Equal(0.75f, BitConverter.ToSingle(r, 8));
        Assert.Equal(0.5f, BitConverter.ToSingle(r, 12));
        Assert.Equal((ushort)7, BitConverter.ToUInt16(r, 16));
        Assert.Equal(0.0125f, BitConverter.ToSingle(r, 18));
        Assert.Equal((uint)SemanticClass.Car, BitConverter.ToUInt32(r, 22)); // U 4, PCL's label type
        Assert.Equal(0xFEDCBA9876543210, BitConverter.ToUInt64(r, 26));
    }

    [Fact]
    public void Any_cloud_round_trips_bit_exactly()
    {
        using var folder = new ScratchFolder();
        int sample = 0;
        PointCloudTestData.Point.Array[0, 200].Sample(points =>
        {
            string path = folder.File($"random-{Interlocked.Increment(ref sample)}.pcd");
            PcdWriter.Write(path, points);
            PointCloudTestData.AssertBitExact(points, PcdReader.Read(path));
        }, iter: 200);
    }

    [Fact]
    public void An_empty_cloud_is_a_header_with_zero_points_and_reads_back_empty()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("empty.pcd");
        PcdWriter.Write(path, []);

        string expected = ExpectedHeader3.Replace("WIDTH 3", "WIDTH 0", StringComparison.Ordinal).Replace("POINTS 3", "POINTS 0", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(path, Encoding.ASCII));
        Assert.Empty(PcdReader.Read(path));
    }

    [Fact]
    public void A_truncated_payload_is_an_error_that_names_the_file_and_the_missing_bytes()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("cut.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        var error = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("97 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 102", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_header_is_an_error_at_the_line_that_is_missing()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("cut-header.pcd");
        File.WriteAllText(path, string.Join('\n', ExpectedHeader3.Split('\n')[..6]) + "\n", Encoding.ASCII);

        var error = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Equal(7, error.Line);
        Assert.StartsWith($"{path}:7: expected WIDTH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FIELDS x y z intensity ring t label instance", "FIELDS x y z ring intensity t label instance", 3)]
    [InlineData("SIZE 4 4 4 4 2 4 4 8", "SIZE 4 4 4 4 2 4 4 4", 4)]
    [InlineData("SIZE 4 4 4 4 2 4 4 8", "SIZE 4 4 4 4 2 4 2 8", 4)]
    [InlineData("TYPE F F F F U F U U", "TYPE F F F F U F U I", 5)]
    [InlineData("COUNT 1 1 1 1 1 1 1 1", "COUNT 1 1 1 1 1 1 1 2", 6)]
    [InlineData("POINTS 3", "POINTS 4", 10)]
    [InlineData("VIEWPOINT 0 0 0 1 0 0 0", "VIEWPOINT 1 0 0 1 0 0 0", 9)]
    [InlineData("DATA binary", "DATA binary_compressed", 11)]
    [InlineData("VERSION 0.7", "VERSION 0.6", 2)]
    public void A_header_line_that_differs_from_sims_layout_is_an_error_at_that_line(string line, string replacement, int lineNumber)
    {
        using var folder = new ScratchFolder();
        string path = folder.File("bad.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);
        string header = ExpectedHeader3.Replace(line, replacement, StringComparison.Ordinal);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. bytes[ExpectedHeader3.Length..]]);

        var error = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Equal(lineNumber, error.Line);
        Assert.StartsWith($"{path}:{lineNumber}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_padding_after_the_points_as_pcls_writer_leaves_is_accepted_and_anything_else_is_not()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("padded.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, [.. bytes, .. new byte[4096 - bytes.Length]]);
        PointCloudTestData.AssertBitExact(PointCloudTestData.Sample(), PcdReader.Read(path));

        File.WriteAllBytes(path, [.. bytes, 0, 0, 1]);
        var error = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Contains("3 bytes follow the last of the 3 points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_that_is_no_semantic_class_is_an_error_naming_the_point()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("label.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[ExpectedHeader3.Length + 34 + 22] = 200;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Contains("point 1: label 200 is not a Sim semantic class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_the_old_one_byte_label_still_reads()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("old.pcd");
        LidarPoint[] points = PointCloudTestData.Sample();
        PcdWriter.Write(path, points);
        byte[] bytes = File.ReadAllBytes(path);

        // The layout before the label took PCL's U 4: 31-byte records, the label one byte at offset 22.
        string header = ExpectedHeader3.Replace("SIZE 4 4 4 4 2 4 4 8", "SIZE 4 4 4 4 2 4 1 8", StringComparison.Ordinal);
        var old = new List<byte>(Encoding.ASCII.GetBytes(header));
        for (int i = 0; i < points.Length; i++)
        {
            byte[] r = bytes[(ExpectedHeader3.Length + (i * 34))..(ExpectedHeader3.Length + ((i + 1) * 34))];
            old.AddRange([.. r[..22], r[22], .. r[26..]]);
        }

        File.WriteAllBytes(path, [.. old]);
        PointCloudTestData.AssertBitExact(points, PcdReader.Read(path));
    }

    [Fact]
    public void Data_ascii_files_are_read_too_with_comments_a_missing_count_and_nan()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("ascii.pcd");
        File.WriteAllText(path, """
            # .PCD v0.7 - Point Cloud Data file format
            # written by hand
            VERSION .7
            FIELDS x y z intensity ring t label instance
            SIZE 4 4 4 4 2 4 1 8
            TYPE F F F F U F U U
            WIDTH 2
            HEIGHT 1
            POINTS 2
            DATA ascii
            12.5 -3.25 0.75 0.5 7 0.0125 2 18364758544493064720
            nan nan nan 0 31 0.05 0 0

            """.ReplaceLineEndings("\r\n"), Encoding.ASCII);

        LidarPoint[] points = PcdReader.Read(path);

        Assert.Equal(2, points.Length);
        Assert.Equal(new LidarPoint(12.5f, -3.25f, 0.75f, 0.5f, 7, SemanticClass.Car, 0, 0.0125f, 0xFEDCBA9876543210), points[0]);
        Assert.True(float.IsNaN(points[1].X) && float.IsNaN(points[1].Z));
        Assert.Equal((ushort)31, points[1].Ring);
    }

    [Fact]
    public void An_ascii_file_with_a_short_line_or_too_few_points_is_an_error_at_the_line_or_the_count()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("ascii-bad.pcd");
        string header = ExpectedHeader3.Replace("DATA binary", "DATA ascii", StringComparison.Ordinal);

        File.WriteAllText(path, header + "1 2 3 0.5 7 0.1 2 5\n1 2 3 0.5 7 0.1 2\n1 2 3 0.5 7 0.1 2 5\n", Encoding.ASCII);
        var shortLine = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Equal(13, shortLine.Line);

        File.WriteAllText(path, header + "1 2 3 0.5 7 0.1 2 5\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n", Encoding.ASCII);
        var tooFew = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Contains("1 points; POINTS says 3", tooFew.Message, StringComparison.Ordinal);

        File.WriteAllText(path, header.Replace("3", "2000000000", StringComparison.Ordinal) + "1 2 3 0.5 7 0.1 2 5\n", Encoding.ASCII);
        var huge = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.Contains("too short for POINTS 2000000000", huge.Message, StringComparison.Ordinal);

        File.WriteAllText(path, header + "1 2 3 0.5 70000 0.1 2 5\n1 2 3 0.5 7 0.1 2 5\n1 2 3 0.5 7 0.1 2 5\n", Encoding.ASCII);
        var ring = Assert.Throws<PointCloudFormatException>(() => PcdReader.Read(path));
        Assert.StartsWith($"{path}:12: ring: expected an integer 0–65535, found '70000'", ring.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        using var folder = new ScratchFolder();
        string path = folder.File("sub/dir/sweep.pcd");
        PcdWriter.Write(path, PointCloudTestData.Sample());
        PcdWriter.Write(path, PointCloudTestData.Sample()[..1]);

        Assert.Single(PcdReader.Read(path));
        Assert.Equal(["sweep.pcd"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }
}
