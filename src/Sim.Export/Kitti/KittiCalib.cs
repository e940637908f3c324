using System.Text;
using Sim.Export.Files;
using Sim.Sensors.Camera;
using Sim.Sensors.Rig;

namespace Sim.Export.Kitti;

/// <summary>
/// A KITTI object calibration file (<c>calib/NNNNNN.txt</c>): seven lines <c>KEY: v1 v2 …</c>, each value in C's
/// <c>%.12e</c> (<c>7.215377000000e+02</c>), every matrix row-major — the projections P0–P3 (3 × 4) of the rectified
/// cameras, the rectifying rotation R0_rect (3 × 3), and the rigid transforms Tr_velo_to_cam (LiDAR → camera 0) and
/// Tr_imu_to_velo (IMU → LiDAR), 3 × 4 [R | t]. A LiDAR point y lands in the image at x = P2 · R0_rect ·
/// Tr_velo_to_cam · y (homogeneous), in KITTI's 0-based pixel-centre coordinates.
/// </summary>
/// <remarks>
/// Sim has one camera, so P0 = P1 = P2 = P3 = K [I | 0] with K's principal point moved by −½ px: Sim's pixel (u, v) is
/// centred at (u + ½, v + ½), KITTI's at (u, v), so P2 maps a camera-frame point straight to KITTI's coordinates, and
/// the 2D boxes of the label files (also shifted by −½ px) agree with it. The camera is its own rectified frame:
/// R0_rect = I. The vehicle stands in for KITTI's IMU. The file is written with no blank line after the seventh:
/// readers that skip blank lines and readers that split every line at ':' both take it.
/// </remarks>
public sealed class KittiCalib
{
    /// <summary>The keys, in the order the files list them.</summary>
    public static IReadOnlyList<string> Keys => KeyNames;

    private static readonly string[] KeyNames = ["P0", "P1", "P2", "P3", "R0_rect", "Tr_velo_to_cam", "Tr_imu_to_velo"];

    private readonly double[][] _matrices;

    /// <summary>A calibration from its matrices, each row-major.</summary>
    /// <exception cref="ArgumentException">A matrix has the wrong number of values (12 for 3 × 4, 9 for R0_rect) or a
    /// value that is not finite.</exception>
    public KittiCalib(IReadOnlyList<double> p0, IReadOnlyList<double> p1, IReadOnlyList<double> p2, IReadOnlyList<double> p3, IReadOnlyList<double> r0Rect, IReadOnlyList<double> trVeloToCam, IReadOnlyList<double> trImuToVelo)
    {
        IReadOnlyList<double>[] given = [p0, p1, p2, p3, r0Rect, trVeloToCam, trImuToVelo];
        _matrices = new double[Keys.Count][];
        for (int i = 0; i < given.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(given[i], Keys[i]);
            if (given[i].Count != Expected(i) || given[i].Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"{Keys[i]} needs {Expected(i)} finite values; got {given[i].Count}.", Keys[i]);
            }

            _matrices[i] = [.. given[i]];
        }
    }

    /// <summary>Projection of camera 0 (grey left in KITTI), 3 × 4.</summary>
    public IReadOnlyList<double> P0 => _matrices[0];

    /// <summary>Projection of camera 1, 3 × 4.</summary>
    public IReadOnlyList<double> P1 => _matrices[1];

    /// <summary>Projection of camera 2, the colour camera the labels are for, 3 × 4.</summary>
    public IReadOnlyList<double> P2 => _matrices[2];

    /// <summary>Projection of camera 3, 3 × 4.</summary>
    public IReadOnlyList<double> P3 => _matrices[3];

    /// <summary>Rectifying rotation, 3 × 3.</summary>
    public IReadOnlyList<double> R0Rect => _matrices[4];

    /// <summary>LiDAR to camera 0, [R | t] 3 × 4 (m).</summary>
    public IReadOnlyList<double> TrVeloToCam => _matrices[5];

    /// <summary>IMU (Sim: the vehicle frame) to LiDAR, [R | t] 3 × 4 (m).</summary>
    public IReadOnlyList<double> TrImuToVelo => _matrices[6];

    /// <summary>The matrix of <paramref name="key"/> (one of <see cref="Keys"/>).</summary>
    /// <exception cref="KeyNotFoundException">Not a key of the file.</exception>
    public IReadOnlyList<double> this[string key] => Array.IndexOf(KeyNames, key) is var i and >= 0 ? _matrices[i] : throw new KeyNotFoundException($"'{key}' is not a KITTI calibration key ({string.Join(", ", Keys)}).");

    /// <summary>
    /// The calibration of a Sim camera and LiDAR: P0–P3 = K [I | 0] with the principal point at (cx − ½, cy − ½),
    /// R0_rect = I, and the given transforms (<see cref="SensorRig.LidarToCamera"/> and
    /// <see cref="SensorRig.VehicleToLidar"/>).
    /// </summary>
    public static KittiCalib ForCamera(PinholeCamera camera, RigidTransform lidarToCamera, RigidTransform vehicleToLidar)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(lidarToCamera);
        ArgumentNullException.ThrowIfNull(vehicleToLidar);
        double[] p = [camera.Fx, 0, camera.Cx - 0.5, 0, 0, camera.Fy, camera.Cy - 0.5, 0, 0, 0, 1, 0];
        return new KittiCalib(p, p, p, p, [1, 0, 0, 0, 1, 0, 0, 0, 1], lidarToCamera.ToMatrix3x4(), vehicleToLidar.ToMatrix3x4());
    }

    /// <summary>The calibration of a rig (see <see cref="ForCamera"/>).</summary>
    public static KittiCalib ForRig(SensorRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        return ForCamera(rig.Camera, rig.LidarToCamera, rig.VehicleToLidar);
    }

    /// <summary>Projects a point of the rectified camera frame (m) with P2: KITTI pixel coordinates (integers at pixel
    /// centres) and the homogeneous depth (the point's z for a K [I | 0] projection).</summary>
    public (double U, double V, double Depth) ProjectRectified(double x, double y, double z)
    {
        double[] p = _matrices[2];
        double u = (p[0] * x) + (p[1] * y) + (p[2] * z) + p[3];
        double v = (p[4] * x) + (p[5] * y) + (p[6] * z) + p[7];
        double w = (p[8] * x) + (p[9] * y) + (p[10] * z) + p[11];
        return (u / w, v / w, w);
    }

    /// <summary>A LiDAR point (m, LiDAR frame) in the rectified camera frame: R0_rect · Tr_velo_to_cam · y.</summary>
    public (double X, double Y, double Z) VelodyneToRectified(double x, double y, double z)
    {
        double[] t = _matrices[5], r = _matrices[4];
        double cx = (t[0] * x) + (t[1] * y) + (t[2] * z) + t[3];
        double cy = (t[4] * x) + (t[5] * y) + (t[6] * z) + t[7];
        double cz = (t[8] * x) + (t[9] * y) + (t[10] * z) + t[11];
        return ((r[0] * cx) + (r[1] * cy) + (r[2] * cz), (r[3] * cx) + (r[4] * cy) + (r[5] * cz), (r[6] * cx) + (r[7] * cy) + (r[8] * cz));
    }

    /// <summary>Projects a LiDAR point (m, LiDAR frame) into camera 2's image: P2 · R0_rect · Tr_velo_to_cam · y.</summary>
    public (double U, double V, double Depth) ProjectVelodyne(double x, double y, double z)
    {
        (double rx, double ry, double rz) = VelodyneToRectified(x, y, z);
        return ProjectRectified(rx, ry, rz);
    }

    /// <summary>The file's text: seven lines, LF-terminated.</summary>
    public string ToText()
    {
        var text = new StringBuilder(1600);
        for (int i = 0; i < Keys.Count; i++)
        {
            text.Append(Keys[i]).Append(':');
            foreach (double v in _matrices[i])
            {
                text.Append(' ').Append(KittiText.Scientific(v));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the file atomically (temporary name, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToText());

    /// <summary>Reads a calibration file: exactly the seven keys, each once, in any order, each with its 12 (9 for
    /// R0_rect) finite numbers; blank lines after the last are allowed.</summary>
    /// <exception cref="KittiFormatException">A line breaks the format: <c>FILE:LINE: KEY: expected …, found …</c>.</exception>
    public static KittiCalib Read(string path)
    {
        List<string> lines = KittiText.Lines(path, allowBlankEnd: true);
        var found = new double[Keys.Count][];
        var foundAt = new int[Keys.Count];
        for (int n = 0; n < lines.Count; n++)
        {
            string line = lines[n];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string key = colon >= 0 ? line[..colon] : line;
            int i = Array.IndexOf(KeyNames, key);
            if (colon < 0 || i < 0)
            {
                throw new KittiFormatException(path, n + 1, null, $"expected a line 'KEY: values' with KEY one of {string.Join(", ", Keys)}, found '{Shorten(line)}'");
            }

            if (found[i] is not null)
            {
                throw new KittiFormatException(path, n + 1, key, $"a second {key} line (the first is line {foundAt[i]})");
            }

            if (!line.AsSpan(colon).StartsWith(": ", StringComparison.Ordinal))
            {
                throw new KittiFormatException(path, n + 1, key, "expected ': ' (a colon and one space) after the key");
            }

            string[] fields = KittiText.Fields(line[(colon + 2)..], path, n + 1, $"{Expected(i)} numbers after '{key}: '", Expected(i));
            found[i] = [.. fields.Select((f, k) => KittiText.Number(f, path, n + 1, $"{key}[{k}]"))];
            foundAt[i] = n + 1;
        }

        int missing = Array.FindIndex(found, m => m is null);
        if (missing >= 0)
        {
            throw new KittiFormatException(path, 0, Keys[missing], $"missing; a KITTI calibration file has the keys {string.Join(", ", Keys)}");
        }

        return new KittiCalib(found[0], found[1], found[2], found[3], found[4], found[5], found[6]);
    }

    private static int Expected(int key) => Keys[key] == "R0_rect" ? 9 : 12;

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
