using Sim.Export.Kitti;
using Sim.Sensors.Labels;
using Sim.Sensors.Lidar;
using Sim.Sensors.Rig;

namespace Sim.Export.Tests.Kitti;

public sealed class KittiCalibTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-calib-").FullName;

    private static KittiTestScene Street => KittiTestScene.Shared.Value;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private KittiCalib WrittenAndRead()
    {
        string path = Path.Combine(_dir, "000000.txt");
        KittiCalib.ForRig(Street.Rig).Write(path);
        return KittiCalib.Read(path);
    }

    [Fact]
    public void The_file_has_the_seven_keys_in_order_with_twelve_or_nine_values_in_C_scientific_notation()
    {
        string path = Path.Combine(_dir, "000000.txt");
        KittiCalib.ForRig(Street.Rig).Write(path);
        string text = File.ReadAllText(path);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string[] lines = text[..^1].Split('\n');
        Assert.Equal(["P0", "P1", "P2", "P3", "R0_rect", "Tr_velo_to_cam", "Tr_imu_to_velo"], lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(lines, l => Assert.Equal(l.StartsWith("R0_rect", StringComparison.Ordinal) ? 10 : 13, l.Split(' ').Length));
        Assert.All(lines, l => Assert.All(l.Split(' ')[1..], v => Assert.Matches(@"^-?\d\.\d{12}e[+-]\d\d$", v)));

        // K [I | 0] with the principal point moved half a pixel (161.3, 57.8 → 160.8, 57.3); the four cameras alike.
        const string P = "3.000000000000e+02 0.000000000000e+00 1.608000000000e+02 0.000000000000e+00 0.000000000000e+00 3.100000000000e+02 5.730000000000e+01 0.000000000000e+00 0.000000000000e+00 0.000000000000e+00 1.000000000000e+00 0.000000000000e+00";
        Assert.Equal([$"P0: {P}", $"P1: {P}", $"P2: {P}", $"P3: {P}"], lines[..4]);
        Assert.Equal("R0_rect: 1.000000000000e+00 0.000000000000e+00 0.000000000000e+00 0.000000000000e+00 1.000000000000e+00 0.000000000000e+00 0.000000000000e+00 0.000000000000e+00 1.000000000000e+00", lines[4]);
    }

    [Theory]
    [InlineData(721.5377, "7.215377000000e+02")]
    [InlineData(-7.445048e-3, "-7.445048000000e-03")]
    [InlineData(0.0, "0.000000000000e+00")]
    [InlineData(1.0, "1.000000000000e+00")]
    [InlineData(2.5e-100, "2.500000000000e-100")]
    [InlineData(0.1234567890125, "1.234567890125e-01")]
    public void Numbers_print_as_C_prints_them_with_percent_12e(double value, string expected)
    {
        var calib = new KittiCalib([value, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], new double[12], new double[12], new double[12], new double[9], new double[12], new double[12]);
        Assert.StartsWith($"P0: {expected} ", calib.ToText(), StringComparison.Ordinal);
        Assert.Contains(" 0.000000000000e+00", calib.ToText(), StringComparison.Ordinal); // zeros, −0 among them, print as +0
        Assert.DoesNotContain("-0.000000000000e+00", new KittiCalib([-0.0, .. new double[11]], new double[12], new double[12], new double[12], new double[9], new double[12], new double[12]).ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_calibration_reads_back_to_its_twelve_digit_values()
    {
        KittiCalib written = KittiCalib.ForRig(Street.Rig);
        KittiCalib read = WrittenAndRead();
        foreach (string key in KittiCalib.Keys)
        {
            Assert.Equal(written[key].Count, read[key].Count);
            Assert.All(written[key].Zip(read[key]), p => Assert.Equal(p.First, p.Second, 5e-13 * Math.Max(1, Math.Abs(p.First))));
        }

        Assert.Equal(written.ToText(), read.ToText());
        Assert.Equal(Street.Rig.LidarToCamera.ToMatrix3x4(), written.TrVeloToCam);
        Assert.Equal(Street.Rig.VehicleToLidar.ToMatrix3x4(), written.TrImuToVelo);
    }

    [Fact]
    public void The_3D_box_of_an_unclipped_label_projects_through_P2_onto_its_written_2D_box()
    {
        KittiCalib calib = WrittenAndRead();
        foreach (ulong id in new[] { KittiTestScene.CarId, KittiTestScene.PedestrianId })
        {
            ObjectLabel label = Street.Label(id);
            KittiObject o = KittiObject.FromLabel(label, Street.Camera)!;
            Assert.Equal(0, label.Truncation);
            var p = o.Corners().Select(c => calib.ProjectRectified(c.X, c.Y, c.Z)).ToArray();
            Assert.Equal(o.Left, p.Min(c => c.U), 1e-3);
            Assert.Equal(o.Right, p.Max(c => c.U), 1e-3);
            Assert.Equal(o.Top, p.Min(c => c.V), 1e-3);
            Assert.Equal(o.Bottom, p.Max(c => c.V), 1e-3);
        }
    }

    [Fact]
    public void A_point_on_a_camera_pixels_ray_projects_from_the_LiDAR_frame_onto_that_pixels_integer_coordinates()
    {
        KittiCalib calib = WrittenAndRead();
        RigidTransform cameraToLidar = Street.Rig.LidarToCamera.Inverse();
        var camera = Street.Camera;
        foreach ((int u, int v, double depth) in new[] { (0, 0, 3.0), (319, 119, 47.0), (161, 57, 12.5), (37, 90, 8.25) })
        {
            // Sim's pixel (u, v) looks along ((u + ½ − cx) / fx, (v + ½ − cy) / fy, 1).
            double x = (u + 0.5 - camera.Cx) / camera.Fx * depth, y = (v + 0.5 - camera.Cy) / camera.Fy * depth;
            (double lx, double ly, double lz) = cameraToLidar.Apply(x, y, depth);
            (double pu, double pv, double pd) = calib.ProjectVelodyne(lx, ly, lz);
            Assert.Equal(u, pu, 1e-6);
            Assert.Equal(v, pv, 1e-6);
            Assert.Equal(depth, pd, 1e-9);
        }
    }

    [Fact]
    public void LiDAR_points_land_through_the_file_on_pixels_where_the_camera_saw_the_same_object_at_the_same_depth()
    {
        KittiCalib calib = WrittenAndRead();
        var frame = Street.Frame;
        int checkedPoints = 0;
        var seen = new HashSet<ulong>();
        foreach (LidarPoint point in Street.Points)
        {
            if (point.Instance == 0)
            {
                continue; // the ground
            }

            (double u, double v, double depth) = calib.ProjectVelodyne(point.X, point.Y, point.Z);
            int pu = (int)Math.Round(u), pv = (int)Math.Round(v);
            if (depth <= 0 || pu < 1 || pv < 1 || pu >= frame.Width - 1 || pv >= frame.Height - 1)
            {
                continue;
            }

            // Away from silhouettes (all eight neighbours show the same instance), the pixel must show the point's object,
            // and the point's depth must lie within the depths seen round it: its projection falls among those pixel
            // centres (a grazing face can change depth by a metre from one pixel to the next).
            uint here = frame.Instance[(pv * frame.Width) + pu];
            bool interior = true;
            float near = float.PositiveInfinity, far = 0;
            for (int dv = -1; dv <= 1; dv++)
            {
                for (int du = -1; du <= 1; du++)
                {
                    int i = ((pv + dv) * frame.Width) + pu + du;
                    interior &= frame.Instance[i] == here;
                    (near, far) = (Math.Min(near, frame.Depth[i]), Math.Max(far, frame.Depth[i]));
                }
            }

            if (!interior)
            {
                continue;
            }

            Assert.NotEqual(0u, here);
            Assert.Equal(point.Instance, Street.Scene.Instances[(int)here - 1].Id);
            Assert.InRange(depth, near - (0.01 * depth), far + (0.01 * depth));
            checkedPoints++;
            seen.Add(point.Instance);
        }

        Assert.True(checkedPoints > 100, $"only {checkedPoints} LiDAR points checked");
        Assert.Superset(new HashSet<ulong> { KittiTestScene.CarId, KittiTestScene.VanId, KittiTestScene.PedestrianId, KittiTestScene.WallId, KittiTestScene.TreeId }, seen);
    }

    [Theory]
    [InlineData("P4: 1 2 3", 1, null, "KEY one of P0, P1, P2, P3, R0_rect, Tr_velo_to_cam, Tr_imu_to_velo")]
    [InlineData("R0_rect: 1 0 0 0 1 0 0 0", 5, null, "8 fields; expected 9")]
    [InlineData("R0_rect: 1 0 0 0 1 0 0 0 x", 5, "R0_rect[8]", "found 'x'")]
    [InlineData("R0_rect:1 0 0 0 1 0 0 0 1", 5, "R0_rect", "': '")]
    [InlineData("P0: 1 0 0 0 0 1 0 0 0 0 1 0", 5, "P0", "a second P0 line (the first is line 1)")]
    public void Bad_lines_are_reported_with_file_line_and_key(string badLine, int line, string? field, string expected)
    {
        string path = Path.Combine(_dir, "bad.txt");
        string[] lines = KittiCalib.ForRig(Street.Rig).ToText().TrimEnd('\n').Split('\n');
        int at = badLine.StartsWith("P4", StringComparison.Ordinal) ? 0 : 4;
        lines[at] = badLine;
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiCalib.Read(path));
        Assert.Equal((line, field), (e.Line, e.Field));
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_named_and_a_blank_line_at_the_end_is_allowed()
    {
        string path = Path.Combine(_dir, "short.txt");
        string text = KittiCalib.ForRig(Street.Rig).ToText();
        File.WriteAllText(path, text + "\n");
        Assert.Equal(text, KittiCalib.Read(path).ToText());
        File.WriteAllText(path, text[..text.IndexOf("Tr_imu_to_velo", StringComparison.Ordinal)]);
        KittiFormatException e = Assert.Throws<KittiFormatException>(() => KittiCalib.Read(path));
        Assert.Equal($"{path}: Tr_imu_to_velo: missing; a KITTI calibration file has the keys P0, P1, P2, P3, R0_rect, Tr_velo_to_cam, Tr_imu_to_velo", e.Message);
    }
}
