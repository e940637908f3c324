using System.Text.Json;
using Sim.Export.Manifest;

namespace Sim.Export.Tests.Manifest;

public sealed class DatasetManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_manifest_reads_back_equal_and_lists_the_files_with_their_hashes()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "image_2"));
        File.WriteAllText(Path.Combine(_dir, "image_2", "000000.png"), "abc");
        File.WriteAllText(Path.Combine(_dir, "b.txt"), "");
        Directory.CreateDirectory(Path.Combine(_dir, ".parts"));
        File.WriteAllText(Path.Combine(_dir, ".parts", "x"), "work file of an unfinished run");
        File.WriteAllText(Path.Combine(_dir, ".hidden.tmp"), "temp");
        IReadOnlyList<ManifestFile> files = DatasetManifest.ListFiles(_dir);
        Assert.Equal(["b.txt", "image_2/000000.png"], files.Select(f => f.Path));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", files[1].Sha256); // SHA-256("abc")
        Assert.Equal(3, files[1].Bytes);

        using JsonDocument sensors = JsonDocument.Parse("""{"camera": {"fx": 721.5}}""");
        var manifest = new DatasetManifest(
            "0.1.0+abc",
            new ScenarioProvenance("cut_in", "scenarios/cut_in.yaml", new string('0', 64), ulong.MaxValue, 3, [new("actors.lead.speed", 21.5, null), new("weather.kind", null, "fog")]),
            sensors.RootElement.Clone(), "gl: llvmpipe", "cpu", ["kitti", "msgpack"], 3,
            new Dictionary<string, int> { ["pedestrian"] = 2, ["car"] = 7 }, 123_456_789_012, files, new Dictionary<string, double> { ["total_s"] = 1.23456 });
        manifest.Write(_dir);
        DatasetManifest back = DatasetManifest.Read(Path.Combine(_dir, DatasetManifest.FileName));
        Assert.Equal(manifest.ToolVersion, back.ToolVersion);
        Assert.Equal(manifest.Scenario.Parameters, back.Scenario.Parameters);
        Assert.Equal(manifest.Scenario with { Parameters = back.Scenario.Parameters }, back.Scenario);
        Assert.Equal(721.5, back.Sensors.GetProperty("camera").GetProperty("fx").GetDouble());
        Assert.Equal(manifest.Files, back.Files);
        Assert.Equal(7, back.LabelsPerClass["car"]);
        Assert.Equal(123_456_789_012, back.LidarPoints);
        Assert.Equal(1.235, back.Timings["total_s"]);
        Assert.DoesNotContain(DatasetManifest.FileName, DatasetManifest.ListFiles(_dir).Select(f => f.Path));
    }

    [Fact]
    public void A_broken_manifest_is_refused_with_the_field_named()
    {
        string path = Path.Combine(_dir, DatasetManifest.FileName);
        File.WriteAllText(path, """{"format": "sim.dataset", "version": 1, "tool_version": 5}""");
        var e = Assert.Throws<InvalidDataException>(() => DatasetManifest.Read(path));
        Assert.Contains("'tool_version' is Number, expected String", e.Message, StringComparison.Ordinal);
        File.WriteAllText(path, "{");
        Assert.Contains("not JSON", Assert.Throws<InvalidDataException>(() => DatasetManifest.Read(path)).Message, StringComparison.Ordinal);
        File.WriteAllText(path, """{"format": "coco", "version": 1}""");
        Assert.Contains("expected 'sim.dataset'", Assert.Throws<InvalidDataException>(() => DatasetManifest.Read(path)).Message, StringComparison.Ordinal);
    }
}
