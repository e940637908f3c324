using Sim.Sensors.Camera;
using Sim.Sensors.Lidar;

namespace Sim.Sensors.Rig;

/// <summary>
/// The sensors on the ego vehicle and where they sit: one camera and one LiDAR, each with a mount in the vehicle frame
/// (ISO 8855: x forward, y left, z up; origin on the ground under the centre of the vehicle's box) and a capture rate.
/// The camera's intrinsics come from <see cref="Camera"/> (its pose fields are ignored: the mount places it); the
/// camera's optical frame is KITTI's (x right, y down, z forward), reached from its mount by
/// <see cref="RigidTransform.BodyToOptical"/>.
/// </summary>
/// <param name="Camera">Intrinsics, image size and clip range.</param>
/// <param name="CameraMount">Camera body pose in the vehicle frame.</param>
/// <param name="CameraHz">Camera frames per second.</param>
/// <param name="Lidar">The LiDAR's beam pattern and noise.</param>
/// <param name="LidarMount">LiDAR pose in the vehicle frame (its azimuth 0 looks along the mount's x).</param>
/// <param name="LidarHz">LiDAR sweeps per second (its rotation rate).</param>
public sealed record SensorRig(PinholeCamera Camera, RigidTransform CameraMount, double CameraHz, LidarSpec Lidar, RigidTransform LidarMount, double LidarHz)
{
    /// <summary>Maps LiDAR-frame points into the camera's optical frame (KITTI's Tr_velo_to_cam).</summary>
    public RigidTransform LidarToCamera => RigidTransform.BodyToOptical.After(CameraMount.Inverse()).After(LidarMount);

    /// <summary>Maps vehicle-frame points into the LiDAR frame (KITTI's Tr_imu_to_velo, the vehicle standing in for the
    /// IMU).</summary>
    public RigidTransform VehicleToLidar => LidarMount.Inverse();

    /// <summary>
    /// A KITTI-like rig: a 1242 × 375 camera with KITTI's focal length (721.5 px) 1.65 m up at the windscreen, and a
    /// 64-channel LiDAR (elevations −24.9° to +2°, 2048 columns, 10 Hz, like an HDL-64E) on the roof at 1.73 m, both at
    /// 10 Hz.
    /// </summary>
    public static SensorRig KittiLike { get; } = new(
        new PinholeCamera(721.5377, 721.5377, 621, 187.5, 1242, 375, 0, 0, 0, 0),
        RigidTransform.Mount(0.8, 0, 1.65, 0),
        10,
        LidarSpec.Uniform(64, -24.9, 2, 2048),
        RigidTransform.Mount(0.53, 0, 1.73, 0),
        10);
}
