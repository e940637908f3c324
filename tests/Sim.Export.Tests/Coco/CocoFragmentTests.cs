using Sim.Export.Coco;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Labels;

namespace Sim.Export.Tests.Coco;

public class CocoFragmentTests
{
    [Fact]
    public void Each_visible_object_gets_its_own_pixels_as_rle_with_area_the_pixel_count_and_bbox_the_mask_extent()
    {
        (CameraFrame frame, ObjectLabel[] labels) = CocoTestScenes.Street();
        CocoFrame fragment = CocoFragment.Build(4, 0.4, "image_2/000004.png", frame, labels);

        Assert.Equal(new CocoImage(5, "image_2/000004.png", 40, 24, new CocoImageSim(4, 0.4)), fragment.Image);
        Assert.Equal(3, fragment.Annotations.Count);
        for (int i = 0; i < labels.Length; i++)
        {
            CocoAnnotation a = fragment.Annotations[i];
            bool[] expected = CocoTestScenes.MaskOf(frame, (uint)i + 1);
            bool[] decoded = CocoRle.Decode(CocoRle.FromCountsString(a.Segmentation.Counts), a.Segmentation.Width, a.Segmentation.Height);

            Assert.Equal((24, 40), (a.Segmentation.Height, a.Segmentation.Width));
            Assert.Equal(expected, decoded);
            Assert.Equal(decoded.Count(m => m), a.Area);
            Assert.Equal(labels[i].VisiblePixels, a.Area);
            (double x, double y, double w, double h) = CocoTestScenes.Extent(decoded, 40);
            Assert.Equal(new CocoBox(x, y, w, h), a.Bbox);
            Assert.False(a.IsCrowd);
            Assert.Equal((0L, 5L), (a.Id, a.ImageId));
        }

        // The pedestrian is partly behind the van: fewer pixels than its box, and its mask is not a rectangle.
        CocoAnnotation pedestrian = fragment.Annotations[1];
        Assert.Equal(CocoCategories.All.Single(c => c.Name == "pedestrian").Id, pedestrian.CategoryId);
        Assert.Equal(40, pedestrian.Area);
        Assert.Equal(new CocoBox(20, 4, 4, 16), pedestrian.Bbox);
    }

    [Fact]
    public void The_sim_extras_carry_track_id_visibility_occlusion_truncation_amodal_box_distance_and_both_3d_boxes()
    {
        (CameraFrame frame, ObjectLabel[] labels) = CocoTestScenes.Street();
        CocoObjectSim sim = CocoFragment.Build(0, 0, "a.png", frame, labels).Annotations[1].Sim!;
        ObjectLabel label = labels[1];

        Assert.Equal(42UL, sim.TrackId);
        Assert.Equal(label.Visibility, sim.Visibility);
        Assert.Equal(40 / 64.0, sim.Visibility);
        Assert.Equal(1, sim.Occlusion);
        Assert.Equal(label.Truncation, sim.Truncation);
        Assert.Equal(new CocoBox(20, 4, 4, 16), sim.Amodal);
        (double x, double y, double z) = label.CameraCentre;
        Assert.Equal(Math.Sqrt((x * x) + (y * y) + (z * z)), sim.Distance);
        Assert.Equal(new CocoBox3(x, y, z, label.World.Length, label.World.Width, label.World.Height, label.RotationY), sim.Camera);
        Assert.Equal(new CocoBox3(label.World.X, label.World.Y, label.World.Z, label.World.Length, label.World.Width, label.World.Height, label.World.Yaw), sim.World);
    }

    [Fact]
    public void Objects_with_no_visible_pixel_get_no_annotation()
    {
        // The second car is wholly behind the van painted after it.
        (CameraFrame frame, ObjectLabel[] labels) = CocoTestScenes.Paint(
            30, 20,
            new PaintedObject(SemanticClass.Car, 1, 0, 0, 5, 5),
            new PaintedObject(SemanticClass.Car, 2, 12, 6, 16, 10),
            new PaintedObject(SemanticClass.Van, 3, 10, 4, 20, 12));

        CocoFrame fragment = CocoFragment.Build(0, 0, "a.png", frame, labels);

        Assert.Equal([1UL, 3UL], fragment.Annotations.Select(a => a.Sim!.TrackId));
    }

    [Fact]
    public void A_camera_frame_rendered_and_labelled_by_the_sensors_gives_annotations_that_agree_with_its_labels()
    {
        (CameraFrame frame, IReadOnlyList<ObjectLabel> labels) = CocoTestScenes.Rendered();
        ObjectLabel[] visible = [.. labels.Where(l => l.IsVisible)];
        Assert.True(visible.Length >= 3, "the scene should show at least three objects");

        CocoFrame fragment = CocoFragment.Build(0, 0, "a.png", frame, labels);

        Assert.Equal(visible.Length, fragment.Annotations.Count);
        foreach ((ObjectLabel label, CocoAnnotation a) in visible.Zip(fragment.Annotations))
        {
            Assert.Equal(label.VisiblePixels, a.Area);
            Box2 tight = label.Tight!.Value;
            Assert.Equal(new CocoBox(tight.Left, tight.Top, tight.Right - tight.Left, tight.Bottom - tight.Top), a.Bbox);
            Assert.True(CocoCategories.TryGetClass(a.CategoryId, out SemanticClass c) && c == label.Class);
            Assert.Equal(label.Id, a.Sim!.TrackId);
        }
    }

    [Fact]
    public void Labels_from_another_frame_are_refused_with_the_object_named()
    {
        (CameraFrame frame, _) = CocoTestScenes.Street();
        (_, ObjectLabel[] moved) = CocoTestScenes.Street(shift: 1);

        var error = Assert.Throws<ArgumentException>(() => CocoFragment.Build(0, 0, "a.png", frame, moved));
        Assert.Contains($"Object {0xFEDCBA9876543210UL} (instance 0, Car)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not this frame's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visible_object_of_a_class_without_a_category_is_refused()
    {
        (CameraFrame frame, ObjectLabel[] labels) = CocoTestScenes.Paint(10, 10, new PaintedObject(SemanticClass.Weather, 5, 1, 1, 3, 3));

        var error = Assert.Throws<ArgumentException>(() => CocoFragment.Build(0, 0, "a.png", frame, labels));
        Assert.Contains("Weather", error.Message, StringComparison.Ordinal);
        Assert.Contains("no COCO category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_fragment_reads_back_equal_under_its_frame_name_with_no_annotation_ids()
    {
        using var folder = new ScratchFolder();
        (CameraFrame frame, ObjectLabel[] labels) = CocoTestScenes.Street();
        CocoFrame built = CocoFragment.Build(12, 1.2, "image_2/000012.png", frame, labels);

        Assert.False(CocoFragment.Exists(folder.Path, 12));
        string path = CocoFragment.Write(folder.Path, built);

        Assert.Equal(folder.Combine("frame-00000012.json"), path);
        Assert.True(CocoFragment.Exists(folder.Path, 12));
        CocoFrame read = CocoFragment.Read(path);
        Assert.Equal(built.Image, read.Image);
        Assert.Equal(built.Annotations, read.Annotations);
        string text = File.ReadAllText(path);
        Assert.StartsWith("{\"format\":\"sim-coco-fragment/1\",\"image\":{\"id\":13,\"file_name\":\"image_2/000012.png\",\"width\":40,\"height\":24,\"sim\":{\"frame\":12,\"time\":1.2}},\"annotations\":[{\"category_id\":1,\"segmentation\":{\"size\":[24,40],\"counts\":\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"image_id\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_category_table_is_fixed()
    {
        Assert.Equal(
            [
                (1, "car", "vehicle"), (2, "van", "vehicle"), (3, "truck", "vehicle"), (4, "bus", "vehicle"),
                (5, "motorcycle", "vehicle"), (6, "bicycle", "vehicle"), (7, "pedestrian", "person"), (8, "deer", "animal"),
                (9, "tree", "vegetation"), (10, "building", "structure"), (11, "barrier", "structure"),
            ],
            CocoCategories.All.Select(c => (c.Id, c.Name, c.Supercategory)));
        Assert.True(CocoCategories.TryGet(SemanticClass.Deer, out CocoCategory? deer) && deer.Id == 8);
        Assert.False(CocoCategories.TryGet(SemanticClass.Road, out _));
    }
}
