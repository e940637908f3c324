using System.Numerics;
using Sim.Export.Kitti;
using Sim.Sensors;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;

namespace Sim.Export.Tests.Kitti;

public class KittiObjectConversionTests
{
    private static KittiTestScene Street => KittiTestScene.Shared.Value;

    [Fact]
    public void A_labelled_car_keeps_its_size_and_its_location_is_the_bottom_face_centre_in_the_camera_frame()
    {
        ObjectLabel label = Street.Label(KittiTestScene.CarId);
        KittiObject o = KittiObject.FromLabel(label, Street.Camera)!;
        Assert.Equal("Car", o.Type);
        Assert.Equal((label.World.Height, label.World.Width, label.World.Length), (o.Height, o.Width, o.Length));

        // The bottom-face centre in the world, carried into the optical frame by the camera's own projection.
        (double u, double v, double depth) = Street.Camera.Project(new Vector3((float)label.World.X, (float)label.World.Y, (float)(label.World.Z - (label.World.Height / 2))));
        Assert.Equal(depth, o.Z, 4);
        Assert.Equal((u - Street.Camera.Cx) * depth / Street.Camera.Fx, o.X, 4);
        Assert.Equal((v - Street.Camera.Cy) * depth / Street.Camera.Fy, o.Y, 4);
        Assert.Equal(label.CameraCentre.Y + (label.World.Height / 2), o.Y, 5); // a level camera: straight down is +y

        Assert.Equal(KittiObject.WrapAngle(o.RotationY - Math.Atan2(label.CameraCentre.X, label.CameraCentre.Z)), o.Alpha, 12);
        Assert.InRange(o.Alpha, -Math.PI, Math.PI);
        Assert.Equal(0, o.Truncated);
        Assert.Equal(label.Occlusion, o.Occluded);
    }

    [Fact]
    public void Rotation_y_is_zero_along_camera_x_and_half_pi_facing_the_camera_as_the_devkit_draws_it()
    {
        var camera = new PinholeCamera(300, 300, 160, 60, 320, 120, 0, 0, 1.5, 0); // looking east
        foreach ((double yaw, double expected) in new[] { (-Math.PI / 2, 0.0), (Math.PI, Math.PI / 2), (0.0, -Math.PI / 2) })
        {
            // A car 12 m ahead heading south (camera x, "right"), west (towards the camera) or east (away).
            var scene = new Scene();
            scene.AddShape(new SceneInstance(SemanticClass.Car, 1, 0.5f), new Box3(12, 0, 0.75, yaw, 4.5, 1.8, 1.5), [Part.Whole]);
            CameraFrame frame = CpuCamera.Render(camera, scene);
            KittiObject o = KittiObject.FromLabel(CameraLabeler.Label(camera, scene, frame)[0], camera)!;
            Assert.Equal(expected, o.RotationY, 5);
            Assert.Equal(expected, o.Alpha, 5); // on the optical axis alpha equals rotation_y
            (double X, double Y, double Z)[] corners = o.Corners();
            double hz = corners[0].Z - corners[3].Z; // rear to front along the length
            Assert.Equal(yaw == 0 ? 4.5 : yaw == Math.PI ? -4.5 : 0, hz, 5);
        }
    }

    [Fact]
    public void The_box_is_the_amodal_box_moved_half_a_pixel_to_KITTIs_pixel_centres()
    {
        ObjectLabel label = Street.Label(KittiTestScene.CarId);
        KittiObject o = KittiObject.FromLabel(label, Street.Camera)!;
        Box2 amodal = label.Amodal!.Value;
        Assert.Equal(amodal.Left - 0.5, o.Left, 12);
        Assert.Equal(amodal.Top - 0.5, o.Top, 12);
        Assert.Equal(amodal.Right - 0.5, o.Right, 12);
        Assert.Equal(amodal.Bottom - 0.5, o.Bottom, 12);

        // A tight box of pixels 10..19 (continuous [10, 20)) reads [9.5, 19.5] in KITTI's coordinates, and boxes clip to
        // the outermost pixel centres.
        Assert.Equal((9.5, 0.0, 19.5, 119.0), KittiObject.ToKittiBox(new Box2(10, -3, 20, 140), 320, 120));
        Assert.Equal((0.0, 0.0, 0.0, 0.0), KittiObject.ToKittiBox(new Box2(0, 0, 0.2, 0.3), 320, 120));
    }

    [Fact]
    public void A_van_half_off_the_image_is_truncated_and_its_box_ends_on_the_last_pixel_centre()
    {
        ObjectLabel label = Street.Label(KittiTestScene.VanId);
        KittiObject o = KittiObject.FromLabel(label, Street.Camera)!;
        Assert.Equal("Van", o.Type);
        Assert.Equal(Street.Camera.Width - 1, o.Right);
        Assert.InRange(o.Truncated, 0.2, 0.95);
        Assert.Equal(label.Truncation, o.Truncated);
    }

    [Fact]
    public void Small_far_objects_become_DontCare_regions_and_unseen_or_unlabelled_ones_are_left_out()
    {
        ObjectLabel far = Street.Label(KittiTestScene.FarCarId);
        Assert.True(far.IsVisible);
        Assert.True(far.Amodal!.Value.Bottom - far.Amodal.Value.Top < KittiObject.MinHeightPixels);
        KittiObject dontCare = KittiObject.FromLabel(far, Street.Camera)!;
        Assert.Equal(KittiObject.DontCareRegion(dontCare.Left, dontCare.Top, dontCare.Right, dontCare.Bottom), dontCare);
        Assert.Equal((-1, -1, -10, -10), (dontCare.Truncated, dontCare.Occluded, dontCare.Alpha, dontCare.RotationY));
        Assert.Equal((-1, -1, -1, -1000, -1000, -1000), (dontCare.Height, dontCare.Width, dontCare.Length, dontCare.X, dontCare.Y, dontCare.Z));

        // A glimpse: tall enough, but too few visible pixels.
        ObjectLabel car = Street.Label(KittiTestScene.CarId);
        Assert.True(KittiObject.FromLabel(car with { VisiblePixels = KittiObject.MinVisiblePixels - 1 }, Street.Camera)!.IsDontCare);
        Assert.False(KittiObject.FromLabel(car with { VisiblePixels = KittiObject.MinVisiblePixels }, Street.Camera)!.IsDontCare);

        Assert.Null(KittiObject.FromLabel(car with { VisiblePixels = 0, Tight = null, Occlusion = 3 }, Street.Camera)); // hidden
        Assert.Null(KittiObject.FromLabel(Street.Label(KittiTestScene.WallId), Street.Camera)); // a building
        Assert.Null(KittiObject.FromLabel(Street.Label(KittiTestScene.TreeId), Street.Camera));
    }

    [Fact]
    public void A_frame_lists_its_objects_in_label_order_then_its_DontCare_regions()
    {
        IReadOnlyList<KittiObject> objects = KittiObject.FromLabels(Street.Labels, Street.Camera);
        Assert.Equal(["Car", "Van", "Pedestrian", "DontCare"], objects.Select(o => o.Type));
    }

    [Fact]
    public void The_location_stays_the_bottom_face_centre_under_a_pitched_camera()
    {
        var camera = new PinholeCamera(300, 300, 160, 60, 320, 120, 0, 0, 1.5, 0.2, Pitch: 0.12);
        var scene = new Scene();
        var box = new Box3(12, 2, 0.75, 0.5, 4.5, 1.8, 1.5);
        scene.AddShape(new SceneInstance(SemanticClass.Car, 1, 0.5f), box, [Part.Whole]);
        KittiObject o = KittiObject.FromLabel(CameraLabeler.Label(camera, scene, CpuCamera.Render(camera, scene))[0], camera)!;
        (double u, double v, double depth) = camera.Project(new Vector3(12, 2, 0));
        Assert.Equal(depth, o.Z, 4);
        Assert.Equal((u - camera.Cx) * depth / camera.Fx, o.X, 4);
        Assert.Equal((v - camera.Cy) * depth / camera.Fy, o.Y, 4);
    }

    [Fact]
    public void Angles_wrap_into_minus_pi_to_pi()
    {
        Assert.Equal(0.5, KittiObject.WrapAngle(0.5 + (4 * Math.PI)), 12);
        Assert.Equal(-Math.PI + 0.1, KittiObject.WrapAngle(Math.PI + 0.1), 12);
        Assert.Equal(Math.PI - 0.1, KittiObject.WrapAngle(-Math.PI - 0.1), 12);
        Assert.InRange(Math.Abs(KittiObject.WrapAngle(3 * Math.PI)), Math.PI - 1e-12, Math.PI);
    }
}
