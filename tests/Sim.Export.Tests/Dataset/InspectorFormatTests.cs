using Sim.Export.Dataset;

namespace Sim.Export.Tests.Dataset;

/// <summary>A dataset in any one format, or several, is consistent: frames are counted from whichever per-frame formats
/// were written, and boxes and points mean the same whatever the formats.</summary>
public sealed class InspectorFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("kitti")]
    [InlineData("coco")]
    [InlineData("pcd")]
    [InlineData("ply")]
    [InlineData("msgpack")]
    [InlineData("depth")]
    [InlineData("kitti,coco,pcd,msgpack,depth")]
    [InlineData("kitti,coco,pcd,ply,msgpack,depth")]
    public void A_dataset_in_these_formats_is_consistent_with_the_frames_boxes_and_points_it_holds(string formats)
    {
        InspectorDatasets.Write(_dir, formats);

        DatasetReport report = DatasetInspector.Inspect(_dir);

        Assert.Empty(report.Problems);
        Assert.Equal(InspectorDatasets.Frames, report.Frames);
        Assert.Equal(InspectorDatasets.Frames * InspectorDatasets.VisibleObjects, report.Boxes);
        Assert.Equal(InspectorDatasets.Frames * InspectorDatasets.PointsPerFrame, report.Points);
    }

    [Fact]
    public void The_scene_has_visible_objects_to_count()
    {
        Assert.Equal(4, InspectorDatasets.VisibleObjects);
    }
}
