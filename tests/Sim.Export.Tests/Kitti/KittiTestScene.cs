using Sim.Core.Traffic;
using Sim.Sensors.Camera;
using Sim.Sensors.Geometry;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Export.Tests.Kitti;

/// <summary>
/// A small street seen by one rig: the ego at (5, −3) heading 0.3 rad, a 320 × 120 camera whose principal point sits
/// off the pixel grid (so a half-pixel slip shows), a noiseless 64-channel LiDAR, and objects spread across the view
/// (no object hides another from either sensor): a car, a van half off the right edge, a pedestrian, a car too
/// far to label, a wall and a tree. Rendered and scanned once per test run.
/// </summary>
internal sealed class KittiTestScene
{
    public static readonly Lazy<KittiTestScene> Shared = new(() => new KittiTestScene());

    public const ulong CarId = 101, VanId = 102, PedestrianId = 103, FarCarId = 104, WallId = 105, TreeId = 106;

    private KittiTestScene()
    {
        Rig = new SensorRig(
            new PinholeCamera(300, 310, 161.3, 57.8, 320, 120, 0, 0, 0, 0),
            RigidTransform.Mount(0.8, 0, 1.65, 0),
            10,
            LidarSpec.Uniform(64, -24.9, 2, 2048) with { RangeNoise = 0 },
            RigidTransform.Mount(0.53, 0, 1.73, 0),
            10);
        Vehicle = RigidTransform.Mount(5, -3, 0, 0.3);
        RigidTransform cameraPose = Vehicle.After(Rig.CameraMount), lidarPose = Vehicle.After(Rig.LidarMount);
        Camera = Rig.Camera with { X = cameraPose.T(0), Y = cameraPose.T(1), Z = cameraPose.T(2), Yaw = 0.3 };

        // Objects placed in the vehicle frame (x ahead, y left), then moved into the world.
        Scene = new Scene();
        Add(ActorClass.Car, CarId, 14, 0.5, 0.3);
        Add(ActorClass.Van, VanId, 7, -4.3, 0);
        Add(ActorClass.Pedestrian, PedestrianId, 12, -3, 1.2);
        Add(ActorClass.Car, FarCarId, 140, 68, 0.1);
        Add(ActorClass.Building, WallId, 30, -4.5, 0, 0.5, 2, 4);
        Add(ActorClass.Tree, TreeId, 25, 8, 0);
        Frame = CpuCamera.Render(Camera, Scene);
        Labels = CameraLabeler.Label(Camera, Scene, Frame);
        Points = LidarScanner.Scan(Rig.Lidar, Scene, lidarPose.T(0), lidarPose.T(1), lidarPose.T(2), 0.3, LidarWeather.Clear, 7, 0);
    }

    public SensorRig Rig { get; }

    /// <summary>The vehicle's pose in the world.</summary>
    public RigidTransform Vehicle { get; }

    /// <summary>The camera, posed in the world.</summary>
    public PinholeCamera Camera { get; }

    public Scene Scene { get; }

    public CameraFrame Frame { get; }

    public IReadOnlyList<ObjectLabel> Labels { get; }

    /// <summary>One sweep, in the LiDAR frame.</summary>
    public LidarPoint[] Points { get; }

    public ObjectLabel Label(ulong id) => Labels.Single(l => l.Id == id);

    private void Add(ActorClass kind, ulong id, double ahead, double left, double yaw, double? length = null, double? width = null, double? height = null)
    {
        ActorBody body = ActorDimensions.Typical(kind);
        (double x, double y, _) = Vehicle.Apply(ahead, left, 0);
        var box = new Box3(x, y, (height ?? body.Height) / 2, yaw + 0.3, length ?? body.Length, width ?? body.Width, height ?? body.Height);
        Scene.AddShape(new SceneInstance(kind, id, 0.5f), box, Shapes.Of(kind));
    }
}
