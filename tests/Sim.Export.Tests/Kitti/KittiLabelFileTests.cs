using CsCheck;
using Sim.Export.Kitti;

namespace Sim.Export.Tests.Kitti;

public sealed class KittiLabelFileTests : IDisposable
{
    // Lines of KITTI's object training labels (label_2): a plain object, a "-0.00", an occluded cyclist, a DontCare region.
    private static readonly string[] DatasetLines =
    [
        "Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57",
        "Cyclist 0.00 0 0.01 585.62 163.56 607.47 184.76 1.74 0.60 1.79 -0.68 0.34 59.06 -0.00",
        "Cyclist 0.00 3 -1.65 676.60 163.95 688.98 193.93 1.86 0.60 2.02 4.59 1.32 45.84 -1.55",
        "DontCare -1 -1 -10 503.89 169.71 590.61 190.13 -1 -1 -1 -1000 -1000 -1000 -10",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-labels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lines_of_the_KITTI_dataset_read_and_write_back_byte_for_byte()
    {
        string path = Path.Combine(_dir, "000000.txt");
        File.WriteAllText(path, string.Join('\n', DatasetLines) + "\n");
        IReadOnlyList<KittiObject> objects = KittiLabelFile.Read(path);
        Assert.Equal(new KittiObject("Car", 0, 0, 1.85, 387.63, 181.54, 423.81, 203.12, 1.67, 1.87, 3.69, -16.53, 2.39, 58.49, 1.57), objects[0]);
        Assert.True(objects[3].IsDontCare);
        string copy = Path.Combine(_dir, "copy.txt");
        KittiLabelFile.Write(copy, objects);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_line_has_fifteen_fields_two_decimals_and_an_optional_sixteenth_score()
    {
        var o = new KittiObject("Pedestrian", 0.123, 1, -3.14159, 10.005, 20, 30.5, 99.999, 1.75, 0.6, 0.5, -2.345, 1.6, 12.3456, 3.14159);
        string line = KittiLabelFile.FormatLine(o);
        Assert.Equal("Pedestrian 0.12 1 -3.14 10.01 20.00 30.50 100.00 1.75 0.60 0.50 -2.35 1.60 12.35 3.14", line);
        Assert.Equal(15, line.Split(' ').Length);
        string scored = KittiLabelFile.FormatLine(o with { Score = 0.876 });
        Assert.Equal(16, scored.Split(' ').Length);
        Assert.EndsWith(" 0.88", scored, StringComparison.Ordinal);
        Assert.Equal(0.88, KittiLabelFile.ParseLine(scored).Score);
    }

    [Fact]
    public void Objects_on_the_files_two_decimal_grid_round_trip_exactly()
    {
        // Integers of hundredths, divided once, so every value is the double nearest its two-decimal text.
        Gen<int> cents = Gen.Int[-200_000, 200_000];
        Gen<KittiObject> objects = Gen.Select(
            Gen.OneOf("Car", "Van", "Truck", "Pedestrian", "Person_sitting", "Cyclist", "Tram", "Misc"), Gen.Int[0, 100], Gen.Int[0, 3], Gen.Int[-314, 314],
            Gen.Select(cents, cents, Gen.Int[0, 5000], Gen.Int[0, 5000]),
            Gen.Select(Gen.Int[0, 2000], Gen.Int[0, 2000], Gen.Int[0, 2000]),
            Gen.Select(cents, cents, cents, Gen.Int[-314, 314]),
            (type, truncated, occluded, alpha, box, size, place) => new KittiObject(
                type, truncated / 100.0, occluded, alpha / 100.0, box.Item1 / 100.0, box.Item2 / 100.0, (box.Item1 + box.Item3) / 100.0, (box.Item2 + box.Item4) / 100.0,
                size.Item1 / 100.0, size.Item2 / 100.0, size.Item3 / 100.0, place.Item1 / 100.0, place.Item2 / 100.0, place.Item3 / 100.0, place.Item4 / 100.0));
        int n = 0;
        objects.Array[0, 20].Sample(list =>
        {
            string path = Path.Combine(_dir, $"grid-{Interlocked.Increment(ref n)}.txt"); // samples run in parallel
            KittiLabelFile.Write(path, list);
            Assert.Equal(list, KittiLabelFile.Read(path));
        }, iter: 200);
    }

    [Fact]
    public void Converted_labels_read_back_within_the_files_rounding()
    {
        KittiTestScene street = KittiTestScene.Shared.Value;
        IReadOnlyList<KittiObject> objects = KittiObject.FromLabels(street.Labels, street.Camera);
        string path = Path.Combine(_dir, KittiLabelFile.FileName(7));
        Assert.EndsWith("000007.txt", path, StringComparison.Ordinal);
        KittiLabelFile.Write(path, objects);
        IReadOnlyList<KittiObject> read = KittiLabelFile.Read(path);
        Assert.Equal(objects.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            double[] a = Values(objects[i]), b = Values(read[i]);
            Assert.Equal(objects[i].Type, read[i].Type);
            Assert.Equal(objects[i].Occluded, read[i].Occluded);
            Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 0.005 + 1e-9));
        }

        foreach (string line in File.ReadAllLines(path))
        {
            string[] f = line.Split(' ');
            Assert.Equal(15, f.Length);
            Assert.Contains(f[0], KittiClasses.All);
            Assert.All(f[1..], x => Assert.Matches(@"^-?\d+(\.\d\d)?$", x));
            Assert.Matches("^-?[0-3]$", f[2]);
        }

        Assert.False(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories).Any()); // the temporary file was renamed
    }

    [Theory]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49", 2, null, "14 fields; expected 15 or 16")]
    [InlineData("car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "type", "expected one of Car, Van")]
    [InlineData("Car 1.50 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "truncated", "[0, 1]")]
    [InlineData("Car 0.00 4 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "occluded", "expected an integer in [-1, 3], found 4")]
    [InlineData("Car 0.00 0.5 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "occluded", "found '0.5'")]
    [InlineData("Car 0.00 0 4.00 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "alpha", "[−π, π]")]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 abc 1.57", 2, "z", "expected a finite decimal number, found 'abc'")]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 NaN 1.57", 2, "z", "found 'NaN'")]
    [InlineData("Car 0.00 0 1.85 423.81 181.54 387.63 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "bbox", "left ≤ right")]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 -1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, "height", "≥ 0 m")]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57 ", 2, null, "trailing space")]
    [InlineData("Car 0.00 0 1.85  387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57", 2, null, "two spaces")]
    [InlineData("Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57\r", 2, null, "CRLF")]
    [InlineData("", 2, null, "empty line")]
    public void Bad_lines_are_reported_with_file_line_and_field(string badLine, int line, string? field, string expected)
    {
        string path = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(path, DatasetLines[0] + "\n" + badLine + "\n" + DatasetLines[3] + "\n");
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiLabelFile.Read(path));
        Assert.Equal((path, line, field), (e.Path, e.Line, e.Field));
        Assert.StartsWith($"{path}:{line}: {(field is null ? "" : field + ": ")}", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_last_line_has_no_line_feed_is_refused_and_an_empty_file_has_no_objects()
    {
        string path = Path.Combine(_dir, "unterminated.txt");
        File.WriteAllText(path, DatasetLines[0]);
        Assert.Contains(":1: the last line does not end with a line feed", Assert.Throws<KittiFormatException>(() => KittiLabelFile.Read(path)).Message, StringComparison.Ordinal);
        File.WriteAllText(path, "");
        Assert.Empty(KittiLabelFile.Read(path));
    }

    [Fact]
    public void The_writer_refuses_what_KITTI_cannot_hold()
    {
        var good = new KittiObject("Car", 0, 0, 1, 1, 2, 3, 4, 1.5, 1.8, 4.5, 1, 1.6, 10, 1);
        Assert.Contains("type", Assert.Throws<ArgumentException>(() => KittiLabelFile.FormatLine(good with { Type = "Bus" })).Message, StringComparison.Ordinal);
        Assert.Contains("z", Assert.Throws<ArgumentException>(() => KittiLabelFile.FormatLine(good with { Z = double.NaN })).Message, StringComparison.Ordinal);
        Assert.Contains("score", Assert.Throws<ArgumentException>(() => KittiLabelFile.FormatLine(good with { Score = double.PositiveInfinity })).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "refused.txt")));
        Assert.Throws<ArgumentException>(() => KittiLabelFile.Write(Path.Combine(_dir, "refused.txt"), [good, good with { Occluded = 7 }]));
        Assert.False(File.Exists(Path.Combine(_dir, "refused.txt"))); // nothing half-written
    }

    private static double[] Values(KittiObject o) =>
        [o.Truncated, o.Alpha, o.Left, o.Top, o.Right, o.Bottom, o.Height, o.Width, o.Length, o.X, o.Y, o.Z, o.RotationY];
}
