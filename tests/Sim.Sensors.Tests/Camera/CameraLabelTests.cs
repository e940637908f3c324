using Sim.Core.Traffic;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;

namespace Sim.Sensors.Tests.Camera;

public class CameraLabelTests
{
    private static readonly PinholeCamera Front = PinholeCamera.WithFov(640, 360, 90, 0, 0, 1.6, 0);

    private static (CameraFrame Frame, IReadOnlyList<ObjectLabel> Labels) Shoot(Scene scene, PinholeCamera? camera = null)
    {
        camera ??= Front;
        CameraFrame frame = CpuCamera.Render(camera, scene, threads: 2);
        return (frame, CameraLabeler.Label(camera, scene, frame));
    }

    [Fact]
    public void A_box_of_known_size_and_pose_gets_its_true_3d_label_and_the_projection_of_its_corners_as_amodal_box()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Car, 77, 0.5f), 20, 2, 0.3, 4.5, 1.8, 1.5);
        (_, IReadOnlyList<ObjectLabel> labels) = Shoot(scene);

        ObjectLabel car = Assert.Single(labels);
        Assert.Equal((77UL, SemanticClass.Car), (car.Id, car.Class));
        Assert.Equal(new Box3(20, 2, 0.75, 0.3, 4.5, 1.8, 1.5), car.World);
        // Camera frame: x right (world −y), y down (world −z), z forward (world x).
        Assert.Equal(-2, car.CameraCentre.X, 5);
        Assert.Equal(1.6 - 0.75, car.CameraCentre.Y, 5);
        Assert.Equal(20, car.CameraCentre.Z, 5);
        Assert.Equal(-(Math.PI / 2) - 0.3, car.RotationY, 6); // heading 0.3 rad left of the camera's axis

        // The amodal box is the bounding box of the 8 corners' pinhole projections.
        double f = 320 / Math.Tan(Math.PI / 4);
        (double U, double V)[] corners = [.. car.World.Corners().Select(c => ((f * -(c.Y - 0) / c.X) + 320, (f * -(c.Z - 1.6) / c.X) + 180))];
        Box2 amodal = car.Amodal!.Value;
        Assert.Equal(corners.Min(c => c.U), amodal.Left, 3);
        Assert.Equal(corners.Max(c => c.U), amodal.Right, 3);
        Assert.Equal(corners.Min(c => c.V), amodal.Top, 3);
        Assert.Equal(corners.Max(c => c.V), amodal.Bottom, 3);

        // Unoccluded, the tight box is the amodal box to within a pixel, and every pixel it could cover is visible.
        Box2 tight = car.Tight!.Value;
        Assert.InRange(tight.Left - amodal.Left, -1, 1);
        Assert.InRange(tight.Right - amodal.Right, -1, 1);
        Assert.InRange(tight.Top - amodal.Top, -1, 1);
        Assert.InRange(tight.Bottom - amodal.Bottom, -1, 1);
        Assert.Equal(car.UnoccludedPixels, car.VisiblePixels);
        Assert.Equal((1.0, 0, 0.0), (car.Visibility, car.Occlusion, car.Truncation));
    }

    [Fact]
    public void An_object_fully_behind_a_wall_has_visibility_0_and_is_not_labelled_visible()
    {
        var scene = new Scene();
        scene.AddBox(new SceneInstance(ActorClass.Building, 1, 0.3f), 10.5, 0, 0, 1, 30, 10);
        int car = scene.AddBox(new SceneInstance(ActorClass.Car, 2, 0.5f), 20, 0, 0, 4.5, 1.8, 1.5);
        (CameraFrame frame, IReadOnlyList<ObjectLabel> labels) = Shoot(scene);

        ObjectLabel hidden = labels.Single(l => l.Instance == car);
        Assert.Equal(0, hidden.VisiblePixels);
        Assert.True(hidden.UnoccludedPixels > 500, $"{hidden.UnoccludedPixels} pixels without the wall");
        Assert.Equal(0, hidden.Visibility);
        Assert.False(hidden.IsVisible);
        Assert.Null(hidden.Tight);
        Assert.Equal(3, hidden.Occlusion);
        Assert.DoesNotContain((uint)car + 1, frame.Instance);
    }

    [Fact]
    public void A_half_hidden_object_is_partly_occluded_and_one_leaving_the_image_is_truncated()
    {
        var scene = new Scene();
        int car = scene.AddBox(new SceneInstance(ActorClass.Car, 2, 0.5f), 20, 0, Math.PI / 2, 4.5, 1.8, 1.5); // broadside
        // A barrier at 12 m whose top is on the sightline to the car's mid-height (0.75 m at 20 m): the lower half is hidden.
        scene.AddBox(new SceneInstance(ActorClass.Barrier, 3, 0.5f), 12, 0, Math.PI / 2, 20, 0.3, 1.6 - ((1.6 - 0.75) * 12 / 20));
        ObjectLabel half = Shoot(scene).Labels.Single(l => l.Instance == car);
        Assert.InRange(half.Visibility, 0.4, 0.6);
        Assert.InRange(half.Occlusion, 1, 2);

        // A car straddling the right edge of the image: 90° HFOV, so at 20 m ahead the edge is 20 m to the right.
        var edge = new Scene();
        edge.AddBox(new SceneInstance(ActorClass.Car, 4, 0.5f), 20, -20, 0, 4.5, 1.8, 1.5);
        ObjectLabel cut = Shoot(edge).Labels.Single();
        Assert.InRange(cut.Truncation, 0.2, 0.8);
        Assert.True(cut.Amodal!.Value.Right <= 640 && cut.Tight!.Value.Right == 640);
    }
}
