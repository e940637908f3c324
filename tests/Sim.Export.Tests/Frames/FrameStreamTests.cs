using System.Globalization;
using Sim.Export.Frames;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;
using Sim.Tests.Infrastructure;

namespace Sim.Export.Tests.Frames;

public sealed class FrameStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-frames-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static DatasetFrame Frame(int index)
    {
        var camera = PinholeCamera.WithFov(8, 6, 90, 1, 2, 1.5, 0.1);
        var label = new ObjectLabel(3, 42, SemanticClass.Car, new Box3(11, 2.5, 0.75, 0.2, 4.5, 1.8, 1.5), (-0.5, 0.8, 10.2), -1.3, new Box2(1, 2, 5.5, 4), new Box2(0.5, 1.5, 6, 4.5), 12, 15, 0.1, 1);
        var hidden = label with { Id = 43, Tight = null, Amodal = null, VisiblePixels = 0 };
        LidarPoint[] points =
        [
            new(1.5f, -2.25f, 0.125f, 0.5f, 7, SemanticClass.Car, 0, 0.0125f, 42),
            new(-30f, 4f, -1.7f, 0.01f, 63, SemanticClass.Road, 0, 0.099f, 0),
            new(float.Epsilon, 0, 1e6f, 1, ushort.MaxValue, SemanticClass.Weather, 0, 0, ulong.MaxValue),
        ];
        return new DatasetFrame(
            index, 100 + index, index * 0.1, new EgoState(1, 2, 0, 0.1, 10, 1),
            [new ActorSnapshot(1, SemanticClass.Car, new Box3(1, 2, 0.75, 0.1, 4.5, 1.8, 1.5), 10, 1), new ActorSnapshot(42, SemanticClass.Car, label.World, -3, 0.5)],
            camera, new CameraFrame(8, 6), [label, hidden], points, new Dictionary<ulong, int> { [42] = 1 });
    }

    private string WriteStream(int frames)
    {
        string path = Path.Combine(_dir, "frames.msgpack");
        using FileStream file = File.Create(path);
        file.Write(FrameStream.EncodeHeader("test", frames, SensorRig.KittiLike));
        for (int i = 0; i < frames; i++)
        {
            file.Write(FrameStream.EncodeFrame(Frame(i), new Dictionary<string, string> { ["image"] = $"image_2/{i:000000}.png", ["velodyne"] = $"velodyne/{i:000000}.bin" }));
        }

        return path;
    }

    [Fact]
    public void Frames_read_back_equal_to_what_was_written()
    {
        string path = WriteStream(3);
        using var reader = new FrameStreamReader(path);
        Assert.Equal(3, reader.FrameCount);
        List<FrameRecord> frames = [.. reader.Frames()];
        Assert.Equal([0, 1, 2], frames.Select(f => f.Frame));
        DatasetFrame expected = Frame(2);
        FrameRecord got = frames[2];
        Assert.Equal(expected.Tick, got.Tick);
        Assert.Equal(expected.Time, got.Time);
        Assert.Equal(expected.Ego, got.Ego);
        Assert.Equal("image_2/000002.png", got.Files["image"]);
        Assert.Equal(expected.Points, got.Points); // bit-exact, extreme values included
        Assert.Equal(2, got.Actors.Count);
        Assert.Equal(42UL, got.Actors[1].Id);
        Assert.Equal([11, 2.5, 0.75, 0.2, 4.5, 1.8, 1.5], got.Actors[1].Box);
        ObjectRecord car = got.Objects[0];
        Assert.Equal(("car", 42UL, 12, 1, 1), (car.Class, car.Id, car.VisiblePixels, car.Occlusion, car.LidarPoints));
        Assert.Equal([1, 2, 5.5, 4], car.Bbox!);
        Assert.Equal(0.8, car.Visibility, 12);
        Assert.Null(got.Objects[1].Bbox);
        Assert.Equal(0, got.Objects[1].LidarPoints);
    }

    [Fact]
    public void Tally_counts_visible_labels_and_points_of_whole_objects_and_summaries_alike()
    {
        DatasetFrame frame = Frame(0);
        var files = new Dictionary<string, string>();
        foreach (bool withPoints in new[] { true, false })
        {
            var labels = new Dictionary<string, int> { ["van"] = 2 };
            Assert.Equal(3, FrameStream.Tally(FrameStream.EncodeFrame(frame, files, withPoints), labels, "f"));
            Assert.Equal(new Dictionary<string, int> { ["van"] = 2, ["car"] = 1 }, labels); // the hidden car is not counted
        }

        Assert.Contains("g: not a frame object", Assert.Throws<InvalidDataException>(() => FrameStream.Tally(new byte[] { 0x93, 1, 2 }, new Dictionary<string, int>(), "g")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_stream_and_a_foreign_file_are_refused_by_name()
    {
        string path = WriteStream(2);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        using (var reader = new FrameStreamReader(path))
        {
            var e = Assert.Throws<InvalidDataException>(() => reader.Frames().ToList());
            Assert.Contains("frames.msgpack: object 2", e.Message, StringComparison.Ordinal);
            Assert.Contains("ends inside an object", e.Message, StringComparison.Ordinal);
        }

        File.WriteAllBytes(path, [0x81, 0xA6, .. "format"u8, 0xA3, .. "png"u8]);
        var foreign = Assert.Throws<InvalidDataException>(() => new FrameStreamReader(path));
        Assert.Contains("format is 'png', expected 'sim.frames'", foreign.Message, StringComparison.Ordinal);
    }

    [PythonFact]
    public void Python_msgpack_and_numpy_read_the_stream_without_our_code()
    {
        string path = WriteStream(2);
        const string Script = """
            import sys, msgpack, numpy as np
            u = msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False)
            header = next(u)
            dtype = np.dtype([(name, dt) for name, dt in header["point_fields"]])
            for frame in u:
                p = frame["points"]
                cols = {name: np.frombuffer(p[name], dt) for name, dt in header["point_fields"]}
                n = p["count"]
                assert all(len(c) == n for c in cols.values())
                print(frame["frame"], frame["time"], n, repr(float(cols["x"][0])), int(cols["ring"][2]), int(cols["instance"][2]), header["classes"][int(cols["label"][0])], frame["objects"][0]["bbox"], frame["files"]["image"])
            print(header["format"], header["version"], header["frames"], len(header["camera"]["camera_to_vehicle"]))
            """;
        string[] lines = Python.Run(Script, path).Trim().Split('\n');
        Assert.Equal("0 0.0 3 1.5 65535 18446744073709551615 car [1.0, 2.0, 5.5, 4.0] image_2/000000.png", lines[0]);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"1 0.1 3 1.5 65535 18446744073709551615 car [1.0, 2.0, 5.5, 4.0] image_2/000001.png"), lines[1]);
        Assert.Equal("sim.frames 1 2 12", lines[2]);
    }
}
