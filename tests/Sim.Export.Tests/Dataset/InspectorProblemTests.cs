using System.Text.Json.Nodes;
using Sim.Export.Dataset;
using Sim.Export.Manifest;
using Sim.Sensors;
using Sim.Sensors.Lidar;

namespace Sim.Export.Tests.Dataset;

/// <summary>What the inspector finds wrong in each format, each problem naming its file; it never throws for a
/// dataset's content.</summary>
public sealed class InspectorProblemTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(params string[] parts) => Path.Combine([_dir, .. parts]);

    private static void EditJson(string path, Action<JsonNode> edit)
    {
        JsonNode node = JsonNode.Parse(System.IO.File.ReadAllText(path))!;
        edit(node);
        System.IO.File.WriteAllText(path, node.ToJsonString());
    }

    private IReadOnlyList<string> Problems()
    {
        DatasetReport report = DatasetInspector.Inspect(_dir);
        Assert.False(report.IsConsistent);
        return report.Problems;
    }

    private static void AssertProblem(IReadOnlyList<string> problems, string start, string part) =>
        Assert.True(problems.Any(p => p.StartsWith(start, StringComparison.Ordinal) && p.Contains(part, StringComparison.Ordinal)), $"no problem starting '{start}' with '{part}' in:\n{string.Join('\n', problems)}");

    [Fact]
    public void A_coco_box_outside_its_image_is_named_by_annotation()
    {
        InspectorDatasets.Write(_dir, "coco");
        EditJson(File("coco", "instances.json"), n => n["annotations"]![0]!["bbox"]![0] = 150);

        AssertProblem(Problems(), File("coco", "instances.json"), "is not inside image 1 (160 × 90)");
    }

    [Fact]
    public void A_coco_file_with_fewer_images_than_frames_or_an_image_without_its_file_is_named()
    {
        InspectorDatasets.Write(_dir, "coco");
        EditJson(File("coco", "instances.json"), n =>
        {
            n["images"]!.AsArray().RemoveAt(1);
            JsonArray annotations = n["annotations"]!.AsArray();
            foreach (JsonNode? a in annotations.Where(a => (int)a!["image_id"]! == 2).ToList())
            {
                annotations.Remove(a);
            }
        });
        System.IO.File.Delete(File("image_2", "000000.png"));

        IReadOnlyList<string> problems = Problems();
        AssertProblem(problems, File("coco", "instances.json"), "holds 1 frames; the manifest says 2");
        AssertProblem(problems, File("coco", "instances.json"), $"image 1: its file {File("image_2", "000000.png")} is missing");
    }

    [Fact]
    public void A_depth_map_that_is_not_16_bit_grey_is_named()
    {
        InspectorDatasets.Write(_dir, "coco,depth");
        System.IO.File.Copy(File("image_2", "000001.png"), File("depth", "000001.png"), overwrite: true);

        AssertProblem(Problems(), File("depth", "000001.png"), "8-bit with 3 channels; expected 16-bit grey");
    }

    [Fact]
    public void A_missing_depth_map_is_a_missing_frame()
    {
        InspectorDatasets.Write(_dir, "depth");
        System.IO.File.Delete(File("depth", "000001.png"));

        AssertProblem(Problems(), File("depth"), "holds 1 frames; the manifest says 2");
    }

    [Fact]
    public void A_broken_or_out_of_range_tracking_line_is_named_by_line()
    {
        InspectorDatasets.Write(_dir, "kitti");
        string tracking = File("label_02", "0000.txt");
        string[] lines = System.IO.File.ReadAllLines(tracking);
        System.IO.File.WriteAllLines(tracking, [.. lines, "7 " + lines[^1][(lines[^1].IndexOf(' ', StringComparison.Ordinal) + 1)..]]);
        AssertProblem(Problems(), tracking + ":" + (lines.Length + 1), "frame 7 is not one of the sequence's 0 to 1");

        System.IO.File.WriteAllLines(tracking, [.. lines, "0 1 Car nonsense"]);
        AssertProblem(Problems(), tracking + ":" + (lines.Length + 1), "");
    }

    [Fact]
    public void A_non_finite_value_in_any_point_format_is_named_there_intensity_included()
    {
        LidarPoint[] points = [new(1, 2, 0, float.NaN, 0, SemanticClass.Road, 0, 0, 0), new(float.PositiveInfinity, 0, 0, 1, 0, SemanticClass.Road, 0, 0, 0)];
        InspectorDatasets.Write(_dir, "kitti,pcd,ply,msgpack", points);

        IReadOnlyList<string> problems = Problems();
        foreach (string where in new[] { File("velodyne", "000000.bin"), File("pcd", "000001.pcd"), File("ply", "000000.ply"), File("frames.msgpack") + ": frame 1" })
        {
            AssertProblem(problems, where, ": holds a non-finite point (point 0: 1, 2, 0, intensity NaN)");
        }
    }

    [Fact]
    public void Box_and_point_counts_that_differ_from_the_manifests_are_named()
    {
        InspectorDatasets.Write(_dir, "coco,msgpack");
        EditJson(File(DatasetManifest.FileName), n =>
        {
            n["labels_per_class"]!["car"] = 5;
            n["lidar_points"] = 99;
        });

        IReadOnlyList<string> problems = Problems();
        AssertProblem(problems, File("coco", "instances.json"), "holds 8 boxes of visible objects; the manifest's labels_per_class add up to 11");
        AssertProblem(problems, File("frames.msgpack"), "holds 8 boxes of visible objects; the manifest's labels_per_class add up to 11");
        AssertProblem(problems, File("frames.msgpack"), "holds 6 LiDAR points; the manifest says 99");
    }

    [Fact]
    public void A_manifest_path_that_leaves_the_folder_is_a_plain_sentence()
    {
        InspectorDatasets.Write(_dir, "msgpack");
        EditJson(File(DatasetManifest.FileName), n => n["files"]!.AsArray().Add(new JsonObject { ["path"] = "../elsewhere.txt", ["bytes"] = 0, ["sha256"] = "" }));

        string problem = Assert.Single(Problems());
        Assert.Equal($"{File(DatasetManifest.FileName)}: files: Dataset path '../elsewhere.txt' leaves the dataset folder {_dir}.", problem);
    }
}
