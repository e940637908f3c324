using Sim.Export.Dataset;
using Sim.Export.Manifest;
using Sim.Export.Tests.Frames;
using Sim.Sensors.Rig;

namespace Sim.Export.Tests.Dataset;

public sealed class DatasetWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_damaged_work_file_stops_completion_naming_its_line_and_no_manifest_is_written()
    {
        string folder = Path.Combine(_dir, "v000000");
        DatasetWriter writer = DatasetWriter.Open(folder, "t", "key", [DatasetFormats.Kitti], SensorRig.KittiLike, overwrite: false);
        writer.WriteFrame(FrameStreamTests.Frame(0));
        string tracking = Path.Combine(folder, DatasetWriter.WorkFolder, "tracking", "000000.txt");
        Assert.NotEmpty(File.ReadAllText(tracking)); // the frame has a labelled car
        File.WriteAllText(tracking, "not a tracking fragment\n");

        var e = Assert.Throws<InvalidDataException>(() => writer.Complete(1, new ScenarioProvenance("t", "t.yaml", "0", 1, 0, []), "v", "r", "c", new Dictionary<string, double>()));
        Assert.Contains($"{tracking}:1: expected a stable id", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, DatasetManifest.FileName)));
    }
}
