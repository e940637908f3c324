using Sim.Export.Kitti;
using Sim.Sensors.Labels;

namespace Sim.Export.Tests.Kitti;

public sealed class KittiTrackingFileTests : IDisposable
{
    // A line of KITTI's tracking training labels (label_02/0000.txt): six decimals, integer truncation and occlusion.
    private const string DatasetLine = "0 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488";

    // The dataset's DontCare lines, whose invalid 3D values sit one field off the readme's order.
    private const string DatasetDontCare = "0 -1 DontCare -1 -1 -10.000000 219.310000 188.490000 245.500000 218.560000 -1000.000000 -1000.000000 -1000.000000 -10.000000 -1.000000 -1.000000 -1.000000";

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-tracking-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_dataset_line_reads_and_writes_back_byte_for_byte_and_its_DontCare_lines_read()
    {
        string path = Path.Combine(_dir, "0000.txt");
        File.WriteAllText(path, DatasetLine + "\n" + DatasetDontCare + "\n");
        IReadOnlyList<KittiTrackingObject> read = KittiTrackingFile.Read(path);
        Assert.Equal((0, 0, 0, "Van", 0), (read[0].Frame, read[0].TrackId, read[0].TruncationLevel, read[0].Object.Type, read[0].Object.Occluded));
        Assert.Equal(-1, read[0].Object.Truncated); // the file holds a level, not a share
        Assert.Equal(DatasetLine, KittiTrackingFile.FormatLine(read[0]));
        Assert.Equal((-1, -1, "DontCare"), (read[1].TrackId, read[1].TruncationLevel, read[1].Object.Type));

        // Written, a DontCare region follows the readme's order.
        Assert.Equal(
            "0 -1 DontCare -1 -1 -10.000000 219.310000 188.490000 245.500000 218.560000 -1.000000 -1.000000 -1.000000 -1000.000000 -1000.000000 -1000.000000 -10.000000",
            KittiTrackingFile.FormatLine(KittiTrackingObject.From(0, 5, KittiObject.DontCareRegion(219.31, 188.49, 245.5, 218.56))));
    }

    [Fact]
    public void Labels_become_tracks_by_their_stable_ids_with_truncation_levels_and_DontCare_at_the_end()
    {
        KittiTestScene street = KittiTestScene.Shared.Value;
        IReadOnlyList<KittiTrackingObject> tracks = KittiTrackingObject.FromLabels(12, street.Labels, street.Camera);
        Assert.Equal([(int)KittiTestScene.CarId, (int)KittiTestScene.VanId, (int)KittiTestScene.PedestrianId, -1], tracks.Select(t => t.TrackId));
        Assert.All(tracks, t => Assert.Equal(12, t.Frame));
        ObjectLabel van = street.Label(KittiTestScene.VanId);
        Assert.Equal(van.Truncation < 0.5 ? 1 : 2, tracks[1].TruncationLevel);
        Assert.Equal(0, tracks[0].TruncationLevel);
        Assert.Equal((-1, -1), (tracks[3].TruncationLevel, tracks[3].Object.Occluded));

        Assert.Equal(0, KittiTrackingObject.LevelOf(0.004));
        Assert.Equal(1, KittiTrackingObject.LevelOf(0.005));
        Assert.Equal(1, KittiTrackingObject.LevelOf(0.49));
        Assert.Equal(2, KittiTrackingObject.LevelOf(0.5));

        ObjectLabel huge = street.Label(KittiTestScene.CarId) with { Id = (ulong)int.MaxValue + 1 };
        Assert.Throws<ArgumentException>(() => KittiTrackingObject.FromLabels(0, [huge], street.Camera));
    }

    [Fact]
    public void A_sequence_is_written_sorted_by_frame_with_seventeen_fields_and_reads_back()
    {
        KittiTestScene street = KittiTestScene.Shared.Value;
        List<KittiTrackingObject> tracks = [.. KittiTrackingObject.FromLabels(3, street.Labels, street.Camera), .. KittiTrackingObject.FromLabels(1, street.Labels, street.Camera)];
        tracks.Add(tracks[0] with { Frame = 2, Object = tracks[0].Object with { Score = 0.25 } });
        string path = Path.Combine(_dir, KittiTrackingFile.FileName(4));
        Assert.EndsWith("0004.txt", path, StringComparison.Ordinal);
        KittiTrackingFile.Write(path, tracks);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal([1, 1, 1, 1, 2, 3, 3, 3, 3], lines.Select(l => int.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(lines, l => Assert.Equal(l.StartsWith("2 ", StringComparison.Ordinal) ? 18 : 17, l.Split(' ').Length));
        Assert.All(lines, l => Assert.All(l.Split(' ')[5..], x => Assert.Matches(@"^-?\d+\.\d{6}$", x)));

        IReadOnlyList<KittiTrackingObject> read = KittiTrackingFile.Read(path);
        List<KittiTrackingObject> expected = [.. tracks.OrderBy(t => t.Frame)];
        for (int i = 0; i < read.Count; i++)
        {
            Assert.Equal((expected[i].Frame, expected[i].TrackId, expected[i].TruncationLevel), (read[i].Frame, read[i].TrackId, read[i].TruncationLevel));
            Assert.Equal(KittiTrackingFile.FormatLine(expected[i]), KittiTrackingFile.FormatLine(read[i]));
            Assert.Equal(expected[i].Object.RotationY, read[i].Object.RotationY, 0.5e-6 + 1e-12);
        }
    }

    [Theory]
    [InlineData("0 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495", null, "16 fields; expected 17 or 18")]
    [InlineData("-1 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488", "frame", "found -1")]
    [InlineData("0 -2 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488", "track_id", "found -2")]
    [InlineData("0 0 Van 3 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488", "truncated", "[-1, 2], found 3")]
    [InlineData("0 0 Van 0.50 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488", "truncated", "found '0.50'")]
    [InlineData("0 0 Bus 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488", "type", "found 'Bus'")]
    [InlineData("0 0 Van 0 0 -1.793451 296.744956 161.752147 455.226042 292.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -7.0", "rotation_y", "[−π, π]")]
    public void Bad_lines_are_reported_with_file_line_and_field(string badLine, string? field, string expected)
    {
        string path = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(path, DatasetLine + "\n" + badLine + "\n");
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiTrackingFile.Read(path));
        Assert.Equal((path, 2, field), (e.Path, e.Line, e.Field));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_out_of_order_are_refused_where_they_go_back()
    {
        string path = Path.Combine(_dir, "order.txt");
        File.WriteAllText(path, "1" + DatasetLine[1..] + "\n" + DatasetLine + "\n");
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiTrackingFile.Read(path));
        Assert.Equal($"{path}:2: frame: expected frames in order, found 0 after 1", e.Message);
    }
}
