using Sim.Sensors.Rig;

namespace Sim.Sensors.Tests.Rig;

public class RigidTransformTests
{
    [Fact]
    public void A_point_ahead_of_the_lidar_lands_ahead_of_the_camera_in_the_optical_frame()
    {
        SensorRig rig = SensorRig.KittiLike;
        (double x, double y, double z) = rig.LidarToCamera.Apply(10, 0, 0);
        Assert.Equal(0, x, 9);
        Assert.Equal(1.65 - 1.73, y, 9); // the LiDAR sits 8 cm above the camera: y points down
        Assert.Equal(10 + 0.53 - 0.8, z, 9);
        (x, y, z) = rig.LidarToCamera.Apply(0, 2, 0); // 2 m to the LiDAR's left is 2 m to the camera's −x
        Assert.Equal(-2, x, 9);
    }

    [Fact]
    public void Mount_yaw_pitch_and_roll_turn_the_axes_as_documented()
    {
        RigidTransform pitched = RigidTransform.Mount(0, 0, 0, 0, pitch: 0.1);
        (double x, double _, double z) = pitched.Rotate(1, 0, 0);
        Assert.Equal(Math.Cos(0.1), x, 12);
        Assert.Equal(-Math.Sin(0.1), z, 12); // nose down
        (double lx, double ly, double _) = RigidTransform.Mount(0, 0, 0, Math.PI / 2).Rotate(1, 0, 0);
        Assert.Equal(0, lx, 12);
        Assert.Equal(1, ly, 12); // yaw +90°: forward becomes left
        (double _, double ry, double rz) = RigidTransform.Mount(0, 0, 0, 0, roll: 0.2).Rotate(0, 1, 0);
        Assert.Equal(Math.Cos(0.2), ry, 12);
        Assert.Equal(Math.Sin(0.2), rz, 12);
    }

    [Fact]
    public void Inverse_and_composition_round_trip_and_the_3x4_matrix_reads_back()
    {
        RigidTransform a = RigidTransform.Mount(1.2, -0.4, 1.7, 0.3, 0.05, -0.02);
        RigidTransform b = RigidTransform.Mount(-3, 2, 0.5, -1.1, 0.2, 0.1);
        RigidTransform ab = a.After(b);
        (double x, double y, double z) = b.Apply(0.7, -2.5, 3.1);
        (double ex, double ey, double ez) = a.Apply(x, y, z);
        (double gx, double gy, double gz) = ab.Apply(0.7, -2.5, 3.1);
        Assert.Equal(ex, gx, 12);
        Assert.Equal(ey, gy, 12);
        Assert.Equal(ez, gz, 12);
        (double bx, double by, double bz) = ab.Inverse().Apply(gx, gy, gz);
        Assert.Equal(0.7, bx, 12);
        Assert.Equal(-2.5, by, 12);
        Assert.Equal(3.1, bz, 12);
        RigidTransform back = RigidTransform.FromMatrix3x4(ab.ToMatrix3x4());
        Assert.Equal(ab.ToMatrix3x4(), back.ToMatrix3x4());
        Assert.Throws<ArgumentException>(() => new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, -1], [0, 0, 0])); // a mirror
        Assert.Throws<ArgumentException>(() => new RigidTransform([2, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0]));
        Assert.Throws<ArgumentException>(() => RigidTransform.FromMatrix3x4([1, 2, 3]));
    }
}
