using System.Globalization;
using Sim.Export.Kitti;
using Sim.Tests.Infrastructure;

namespace Sim.Export.Tests.Kitti;

/// <summary>
/// Our KITTI files read the way KITTI's own tools and common loaders read them, in Debian's Python with NumPy and
/// Pillow: labels split on single spaces with int() and float() per field (the tracking devkit's evaluator), scans
/// with np.fromfile, calibration split at ':' and reshaped, and the LiDAR projected with P2 · R0_rect · Tr_velo_to_cam
/// in NumPy. Skipped where those are missing.
/// </summary>
public sealed class KittiPythonReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-kitti-python-").FullName;

    private static KittiTestScene Street => KittiTestScene.Shared.Value;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact]
    public void Object_and_tracking_labels_parse_with_the_devkits_field_types()
    {
        string labels = Path.Combine(_dir, "000000.txt"), tracking = Path.Combine(_dir, "0000.txt");
        IReadOnlyList<KittiObject> objects = KittiObject.FromLabels(Street.Labels, Street.Camera);
        KittiLabelFile.Write(labels, objects);
        KittiTrackingFile.Write(tracking, [.. KittiTrackingObject.FromLabels(0, Street.Labels, Street.Camera), .. KittiTrackingObject.FromLabels(1, Street.Labels, Street.Camera)]);
        const string Script = """
            import sys
            for line in open(sys.argv[1]):
                f = line.rstrip("\n").split(" ")
                assert len(f) == 15, f
                v = [f[0], float(f[1]), int(f[2])] + [float(x) for x in f[3:]]
                print(" ".join(repr(x) for x in v[1:]))
            n = 0
            for line in open(sys.argv[2]):
                f = line.strip().split(" ")
                assert len(f) == 17, f
                frame, track, kind, trunc, occ = int(float(f[0])), int(float(f[1])), f[2].lower(), int(f[3]), int(f[4])
                assert (track == -1) == (kind == "dontcare") and trunc in (-1, 0, 1, 2) and occ in (-1, 0, 1, 2, 3)
                x = [float(v) for v in f[5:]]
                n += 1
            print(n)
            """;
        string[] lines = Python.Run(Script, labels, tracking).TrimEnd('\n').Split('\n');
        Assert.Equal(objects.Count + 1, lines.Length);
        Assert.Equal((2 * objects.Count).ToString(CultureInfo.InvariantCulture), lines[^1]);
        for (int i = 0; i < objects.Count; i++)
        {
            double[] python = [.. lines[i].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
            KittiObject o = objects[i];
            double[] ours = [o.Truncated, o.Occluded, o.Alpha, o.Left, o.Top, o.Right, o.Bottom, o.Height, o.Width, o.Length, o.X, o.Y, o.Z, o.RotationY];
            Assert.All(ours.Zip(python), p => Assert.Equal(p.First, p.Second, 0.005 + 1e-9));
        }
    }

    [PythonFact]
    public void NumPy_reads_the_scan_and_projects_it_through_the_calibration_as_we_do()
    {
        string velodyne = Path.Combine(_dir, "000000.bin"), calibPath = Path.Combine(_dir, "calib.txt");
        KittiVelodyne.Write(velodyne, Street.Points);
        KittiCalib calib = KittiCalib.ForRig(Street.Rig);
        calib.Write(calibPath);
        const string Script = """
            import sys
            import numpy as np
            scan = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, 4)
            calib = {}
            for line in open(sys.argv[2]):
                line = line.rstrip()
                if line:
                    key, value = line.split(":", 1)
                    calib[key] = np.array([float(x) for x in value.split()])
            P2 = calib["P2"].reshape(3, 4)
            R0 = np.eye(4); R0[:3, :3] = calib["R0_rect"].reshape(3, 3)
            Tr = np.eye(4); Tr[:3, :4] = calib["Tr_velo_to_cam"].reshape(3, 4)
            pts = np.hstack([scan[:, :3].astype(np.float64), np.ones((len(scan), 1))])
            x = (P2 @ R0 @ Tr @ pts.T).T
            print(len(scan))
            for i in range(0, len(scan), 1009):
                print(" ".join(repr(float(v)) for v in scan[i]), repr(x[i, 0] / x[i, 2]), repr(x[i, 1] / x[i, 2]), repr(x[i, 2]))
            """;
        string[] lines = Python.Run(Script, velodyne, calibPath).TrimEnd('\n').Split('\n');
        Assert.Equal(Street.Points.Length.ToString(CultureInfo.InvariantCulture), lines[0]);
        for (int k = 1; k < lines.Length; k++)
        {
            double[] v = [.. lines[k].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
            var p = Street.Points[(k - 1) * 1009];
            Assert.Equal([p.X, p.Y, p.Z, p.Intensity], v[..4]); // float32 → double exactly
            (double u, double pv, double depth) = calib.ProjectVelodyne(p.X, p.Y, p.Z);
            Assert.Equal(u, v[4], 1e-6 * Math.Max(1, Math.Abs(u)));
            Assert.Equal(pv, v[5], 1e-6 * Math.Max(1, Math.Abs(pv)));
            Assert.Equal(depth, v[6], 1e-9 * Math.Max(1, Math.Abs(depth)));
        }
    }

    [PythonFact]
    public void A_depth_PNG_reads_back_as_KITTIs_depth_devkit_reads_it()
    {
        string path = Path.Combine(_dir, "depth.png");
        KittiDepth.Write(path, Street.Frame.Width, Street.Frame.Height, Street.Frame.Depth);
        const string Script = """
            import sys
            import numpy as np
            from PIL import Image
            depth_png = np.array(Image.open(sys.argv[1]), dtype=int)
            assert np.max(depth_png) > 255
            depth = depth_png.astype(np.float64) / 256.0
            depth[depth_png == 0] = -1.0
            print(depth.shape[1], depth.shape[0])
            print(" ".join(repr(float(v)) for v in depth.reshape(-1)))
            """;
        string[] lines = Python.Run(Script, path).TrimEnd('\n').Split('\n');
        Assert.Equal($"{Street.Frame.Width} {Street.Frame.Height}", lines[0]);
        double[] depth = [.. lines[1].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
        for (int i = 0; i < depth.Length; i++)
        {
            float ours = Street.Frame.Depth[i];
            ushort value = KittiDepth.Encode(ours);
            Assert.Equal(value == 0 ? -1 : value / 256.0, depth[i]);
            if (value != 0)
            {
                Assert.Equal(ours, depth[i], (0.5 / 256) + 1e-6); // within half a step of the rendered depth
            }
        }
    }

    [PythonFact]
    public void Numbers_print_byte_for_byte_as_C_printf_prints_them()
    {
        var random = new Random(20240611);
        List<double> values = [0, 0.125, -0.125, 0.375, 2.5, 1.005, 1e22, 5e-324, 1241, -999.995, Math.PI, -Math.PI, 0.0049999999999999, 0.005];
        for (int i = 0; i < 300; i++)
        {
            values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 5)));
            values.Add(Math.Round((random.NextDouble() - 0.5) * 2000, 3)); // ties at the third decimal
        }

        string input = Path.Combine(_dir, "values.txt");
        File.WriteAllLines(input, values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        const string Script = """
            import sys
            for line in open(sys.argv[1]):
                v = float(line)
                print("%.2f %f %.12e" % (v, v, v))
            """;
        string[] lines = Python.Run(Script, input).TrimEnd('\n').Split('\n');
        Assert.Equal(values.Count, lines.Length);
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            var o = new KittiObject("Car", 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, v, 0, 0, 0);
            string label = KittiLabelFile.FormatLine(o).Split(' ')[11];
            string track = KittiTrackingFile.FormatLine(KittiTrackingObject.From(0, 1, o)).Split(' ')[13];
            string calib = new KittiCalib([v, .. new double[11]], new double[12], new double[12], new double[12], new double[9], new double[12], new double[12]).ToText().Split(' ')[1];
            string expected = lines[i];
            if (v == 0)
            {
                expected = expected.Replace("-", "", StringComparison.Ordinal); // −0 is written +0 on purpose
            }

            Assert.Equal(expected, $"{label} {track} {calib}");
        }
    }
}
