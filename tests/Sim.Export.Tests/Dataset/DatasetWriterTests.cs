using Sim.Export.Dataset;
using Sim.Export.Frames;
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
        DatasetWriter writer = DatasetWriter.Open(folder, "t", "key", 1, [DatasetFormats.Kitti], SensorRig.KittiLike, overwrite: false);
        writer.WriteFrame(FrameStreamTests.Frame(0));
        writer.Flush();
        string tracking = Path.Combine(folder, DatasetWriter.WorkFolder, "tracking", "000000.txt");
        Assert.NotEmpty(File.ReadAllText(tracking)); // the frame has a labelled car
        File.WriteAllText(tracking, "not a tracking fragment\n");

        var e = Assert.Throws<InvalidDataException>(() => writer.Complete(1, new ScenarioProvenance("t", "t.yaml", "0", 1, 0, []), "v", "r", "c", new Dictionary<string, double>()));
        Assert.Contains($"{tracking}:1: expected a stable id", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, DatasetManifest.FileName)));
    }

    private static readonly string[] Formats = [DatasetFormats.Kitti, DatasetFormats.Pcd, DatasetFormats.MessagePack, DatasetFormats.Depth];

    private static DatasetWriter OpenFive(string folder) => DatasetWriter.Open(folder, "t", "key", 5, Formats, SensorRig.KittiLike, overwrite: false);

    private static DatasetManifest Finish(DatasetWriter writer) => writer.Complete(5, new ScenarioProvenance("t", "t.yaml", "0", 1, 0, []), "v", "r", "c", new Dictionary<string, double>());

    [Fact]
    public void A_stopped_run_resumes_after_its_last_intact_frame_to_the_bytes_of_an_uninterrupted_one()
    {
        string whole = Path.Combine(_dir, "whole"), cut = Path.Combine(_dir, "cut");
        using (DatasetWriter writer = OpenFive(whole))
        {
            for (int i = 0; i < 5; i++)
            {
                writer.WriteFrame(FrameStreamTests.Frame(i));
            }

            DatasetManifest manifest = Finish(writer);
            foreach (ManifestFile f in manifest.Files)
            {
                Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(whole, f.Path)))), f.Sha256);
            }
        }

        using (DatasetWriter writer = OpenFive(cut))
        {
            for (int i = 0; i < 4; i++)
            {
                writer.WriteFrame(FrameStreamTests.Frame(i));
            }

            writer.Flush();
        }

        // What a kill and a machine crash leave: frame 3 without its marker (killed before it was written), half a frame
        // object after the stream's end, and frame 2's point cloud renamed into place but empty.
        File.Delete(Path.Combine(cut, DatasetWriter.WorkFolder, "frames", "000003.msgpack"));
        using (FileStream stream = new(Path.Combine(cut, DatasetWriter.WorkFolder, "frames.msgpack"), FileMode.Append))
        {
            stream.Write(FrameStream.EncodeFrame(FrameStreamTests.Frame(3), new Dictionary<string, string>()).AsSpan(0, 100));
        }

        File.WriteAllBytes(Path.Combine(cut, "pcd", "000002.pcd"), []);

        using (DatasetWriter resumed = OpenFive(cut))
        {
            Assert.True(resumed.HasFrame(1));
            Assert.False(resumed.HasFrame(2));
            Assert.False(resumed.HasFrame(3));
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => resumed.WriteFrame(FrameStreamTests.Frame(3)));
            Assert.Contains("the next is frame 2, not 3", e.Message, StringComparison.Ordinal);
            for (int i = 2; i < 5; i++)
            {
                resumed.WriteFrame(FrameStreamTests.Frame(i));
            }

            Finish(resumed);
        }

        string[] files = [.. DatasetManifest.ListPaths(whole)];
        Assert.Equal(files, DatasetManifest.ListPaths(cut));
        foreach (string f in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(whole, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(cut, f))), f);
        }

        Assert.Equal(DatasetManifest.Read(Path.Combine(whole, DatasetManifest.FileName)).Files, DatasetManifest.Read(Path.Combine(cut, DatasetManifest.FileName)).Files);
    }

    [Fact]
    public void A_failed_write_is_thrown_by_the_next_call_as_itself_and_no_manifest_is_written()
    {
        string folder = Path.Combine(_dir, "v000000");
        using DatasetWriter writer = OpenFive(folder);
        Directory.CreateDirectory(Path.Combine(folder, "pcd", "000000.pcd")); // a folder where the frame's cloud goes
        writer.WriteFrame(FrameStreamTests.Frame(0));
        Assert.ThrowsAny<IOException>(() =>
        {
            for (int i = 1; i < 5; i++)
            {
                writer.WriteFrame(FrameStreamTests.Frame(i));
            }

            Finish(writer);
        });
        Assert.False(File.Exists(Path.Combine(folder, DatasetManifest.FileName)));
        Assert.False(File.Exists(Path.Combine(folder, DatasetWriter.WorkFolder, "frames", "000000.msgpack")));
    }
}
