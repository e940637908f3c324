using System.Globalization;
using System.Text;
using Sim.Export.Imaging;
using Sim.Export.PointClouds;
using Sim.Sensors;
using Sim.Sensors.Lidar;
using Sim.Tests.Infrastructure;

namespace Sim.Export.Tests.PointClouds;

/// <summary>A fact that runs only where the Point Cloud Library's command-line tools are installed (Debian:
/// <c>apt-get install pcl-tools</c>), since they are an independent reader of both formats.</summary>
public sealed class RequiresPclFactAttribute : FactAttribute
{
    public RequiresPclFactAttribute()
    {
        if (PclTools.Find("pcl_convert_pcd_ascii_binary") is null || PclTools.Find("pcl_ply2pcd") is null || PclTools.Find("pcl_pcd2png") is null)
        {
            Skip = "PCL's command-line tools are not installed (apt-get install pcl-tools).";
        }
    }
}

internal static class PclTools
{
    public static string? Find(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, tool))
        .FirstOrDefault(File.Exists);

    public static void Run(string tool, params string[] arguments)
    {
        ChildProcessResult result = ChildProcess.Run(Find(tool)!, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
    }

    /// <summary>The point lines of a PCD file that PCL wrote as DATA ascii, split into values.</summary>
    public static string[][] AsciiRows(string path)
    {
        string[] lines = File.ReadAllLines(path, Encoding.ASCII);
        int data = Array.FindIndex(lines, l => l.StartsWith("DATA ascii", StringComparison.Ordinal));
        Assert.True(data >= 0, $"{path} is not DATA ascii.");
        return [.. lines[(data + 1)..].Where(l => l.Length > 0).Select(l => l.Split(' '))];
    }
}

/// <summary>Our files through the Point Cloud Library, an independent reader: what it reads is what we wrote.</summary>
public class PclInteropTests
{
    [RequiresPclFact]
    public void Pcl_reads_our_pcd_and_writes_back_the_same_records_with_the_full_64_bit_instance()
    {
        using var folder = new ScratchFolder();
        string ours = folder.File("ours.pcd"), binary = folder.File("pcl-binary.pcd"), ascii = folder.File("pcl-ascii.pcd");
        LidarPoint[] points = PointCloudTestData.Sample();
        PcdWriter.Write(ours, points);

        // Binary: PCL writes the same header and records, then pads the file with zeros to a page.
        PclTools.Run("pcl_convert_pcd_ascii_binary", ours, binary, "1");
        byte[] written = File.ReadAllBytes(ours), rewritten = File.ReadAllBytes(binary);
        Assert.Equal(written, rewritten[..written.Length]);
        Assert.All(rewritten[written.Length..], b => Assert.Equal(0, b));
        PointCloudTestData.AssertBitExact(points, PcdReader.Read(binary));

        // ASCII: PCL prints the values it parsed from our binary records.
        PclTools.Run("pcl_convert_pcd_ascii_binary", ours, ascii, "0");
        AssertRows(points, PclTools.AsciiRows(ascii), instanceColumns: 1);
        PointCloudTestData.AssertBitExact(points, PcdReader.Read(ascii));
    }

    [RequiresPclFact]
    public void Pcl_reads_our_ply_with_every_property_and_the_instance_as_two_words()
    {
        using var folder = new ScratchFolder();
        string ours = folder.File("ours.ply"), binary = folder.File("from-ply.pcd"), ascii = folder.File("from-ply-ascii.pcd");
        LidarPoint[] points = PointCloudTestData.Sample();
        PlyWriter.Write(ours, points);

        PclTools.Run("pcl_ply2pcd", ours, binary);
        string header = Encoding.ASCII.GetString(File.ReadAllBytes(binary)).Split("DATA binary\n")[0];
        Assert.Contains("FIELDS x y z intensity ring t label instance_lo instance_hi\n", header, StringComparison.Ordinal);

        PclTools.Run("pcl_convert_pcd_ascii_binary", binary, ascii, "0");
        AssertRows(points, PclTools.AsciiRows(ascii), instanceColumns: 2);
    }

    /// <summary>
    /// PCL loads our label into its own label type (<c>pcl::Label</c>, the label of <c>pcl::PointXYZL</c>: a uint32),
    /// which it matches by name, size and type: a one-byte label is dropped with "Failed to find match for field
    /// 'label'" and reads as 0. <c>pcl_pcd2png --field label --colors mono</c> converts the cloud to
    /// <c>PointCloud&lt;pcl::Label&gt;</c> and writes each label as a 16-bit grey value, so the picture holds exactly the
    /// labels PCL read. It takes only organised clouds, so the six points are declared as 3 × 2 (same records).
    /// </summary>
    [RequiresPclFact]
    public void Pcl_reads_our_label_field_as_its_own_label_type_from_pcd_and_ply()
    {
        using var folder = new ScratchFolder();
        LidarPoint[] points = [.. PointCloudTestData.Sample(), .. PointCloudTestData.Sample().Select((p, i) => p with { Class = (SemanticClass)(8 + i) })];
        string pcd = folder.File("ours.pcd"), ply = folder.File("ours.ply"), fromPly = folder.File("from-ply.pcd");
        PcdWriter.Write(pcd, points);
        PlyWriter.Write(ply, points);
        PclTools.Run("pcl_ply2pcd", ply, fromPly);

        foreach (string cloud in new[] { pcd, fromPly })
        {
            string organised = cloud.Replace(".pcd", "-3x2.pcd", StringComparison.Ordinal), png = cloud.Replace(".pcd", "-labels.png", StringComparison.Ordinal);
            byte[] bytes = File.ReadAllBytes(cloud);
            int data = bytes.AsSpan().IndexOf("DATA binary\n"u8);
            string header = Encoding.ASCII.GetString(bytes, 0, data);
            Assert.Contains("WIDTH 6\nHEIGHT 1\n", header, StringComparison.Ordinal);
            File.WriteAllBytes(organised, [.. Encoding.ASCII.GetBytes(header.Replace("WIDTH 6\nHEIGHT 1\n", "WIDTH 3\nHEIGHT 2\n", StringComparison.Ordinal)), .. bytes[data..]]);

            ChildProcessResult r = ChildProcess.Run(PclTools.Find("pcl_pcd2png")!, ["--field", "label", "--colors", "mono", organised, png]);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.DoesNotContain("Failed to find match", r.Stdout + r.Stderr, StringComparison.Ordinal);
            PngImage labels = PngReader.Read(png);
            Assert.Equal((3, 2, 1, 16), (labels.Width, labels.Height, labels.Channels, labels.BitDepth));
            Assert.Equal(points.Select(p => (ushort)p.Class), labels.Samples);
        }
    }

    private static void AssertRows(LidarPoint[] points, string[][] rows, int instanceColumns)
    {
        Assert.Equal(points.Length, rows.Length);
        for (int i = 0; i < points.Length; i++)
        {
            LidarPoint p = points[i];
            string[] v = rows[i];
            Assert.Equal(7 + instanceColumns, v.Length);
            float[] floats = [.. new[] { 0, 1, 2, 3, 5 }.Select(c => float.Parse(v[c], CultureInfo.InvariantCulture))];
            Assert.Equal([p.X, p.Y, p.Z, p.Intensity, p.Time], floats);
            Assert.Equal(p.Ring.ToString(CultureInfo.InvariantCulture), v[4]);
            Assert.Equal(((byte)p.Class).ToString(CultureInfo.InvariantCulture), v[6]);
            ulong instance = instanceColumns == 1
                ? ulong.Parse(v[7], CultureInfo.InvariantCulture)
                : ulong.Parse(v[7], CultureInfo.InvariantCulture) | (ulong.Parse(v[8], CultureInfo.InvariantCulture) << 32);
            Assert.Equal(p.Instance, instance);
        }
    }
}
