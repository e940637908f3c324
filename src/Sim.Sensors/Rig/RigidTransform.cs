namespace Sim.Sensors.Rig;

/// <summary>
/// A rigid transform p′ = R·p + t in double precision: a rotation matrix (row-major, 3 × 3) and a translation (m). Used
/// for the fixed transforms between a vehicle, its sensors' bodies and the camera's optical frame, and for the 3 × 4
/// matrices calibration files carry (KITTI's Tr_velo_to_cam and Tr_imu_to_velo).
/// </summary>
public sealed class RigidTransform
{
    private readonly double[] _r; // row-major 3 × 3
    private readonly double[] _t;

    /// <summary>A transform from its rotation (row-major, 9 values, orthonormal) and translation (3 values, m).</summary>
    /// <exception cref="ArgumentException">Wrong lengths, non-finite values, or a rotation that is not orthonormal with
    /// determinant +1 (within 1e−6).</exception>
    public RigidTransform(IReadOnlyList<double> rotation, IReadOnlyList<double> translation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(translation);
        if (rotation.Count != 9 || translation.Count != 3 || rotation.Any(v => !double.IsFinite(v)) || translation.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"A rigid transform needs 9 finite rotation and 3 finite translation values; got {rotation.Count} and {translation.Count}.");
        }

        _r = [.. rotation];
        _t = [.. translation];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double dot = (_r[i * 3] * _r[j * 3]) + (_r[(i * 3) + 1] * _r[(j * 3) + 1]) + (_r[(i * 3) + 2] * _r[(j * 3) + 2]);
                if (Math.Abs(dot - (i == j ? 1 : 0)) > 1e-6)
                {
                    throw new ArgumentException("The rotation's rows are not orthonormal.", nameof(rotation));
                }
            }
        }

        if (Determinant() < 0)
        {
            throw new ArgumentException("The rotation is a reflection (determinant −1).", nameof(rotation));
        }
    }

    /// <summary>The identity.</summary>
    public static RigidTransform Identity { get; } = new([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0]);

    /// <summary>
    /// The rotation from a body frame (x forward, y left, z up) to the camera's optical frame (KITTI's: x right, y down,
    /// z forward), with no translation.
    /// </summary>
    public static RigidTransform BodyToOptical { get; } = new([0, -1, 0, 0, 0, -1, 1, 0, 0], [0, 0, 0]);

    /// <summary>Rotation matrix element (row, column).</summary>
    public double R(int row, int column) => _r[(row * 3) + column];

    /// <summary>Translation component 0–2 (m).</summary>
    public double T(int index) => _t[index];

    /// <summary>
    /// The pose of a frame mounted at (x, y, z) in its parent with yaw ψ (about z, CCW), then pitch θ (nose down
    /// positive, about the mounted frame's y) and roll φ (about its x, right side down positive): maps points from the
    /// mounted frame into the parent. Both frames are x forward, y left, z up.
    /// </summary>
    public static RigidTransform Mount(double x, double y, double z, double yaw, double pitch = 0, double roll = 0)
    {
        (double sy, double cy) = Math.SinCos(yaw);
        (double sp, double cp) = Math.SinCos(pitch);
        (double sr, double cr) = Math.SinCos(roll);

        // R = Rz(ψ) · Ry(θ) · Rx(φ), with nose-down pitch positive: a rotation of +θ about y tips x towards −z.
        double[] r =
        [
            cy * cp, (cy * sp * sr) - (sy * cr), (cy * sp * cr) + (sy * sr),
            sy * cp, (sy * sp * sr) + (cy * cr), (sy * sp * cr) - (cy * sr),
            -sp, cp * sr, cp * cr,
        ];
        return new RigidTransform(r, [x, y, z]);
    }

    /// <summary>Applies the transform to a point.</summary>
    public (double X, double Y, double Z) Apply(double x, double y, double z) =>
        ((_r[0] * x) + (_r[1] * y) + (_r[2] * z) + _t[0],
         (_r[3] * x) + (_r[4] * y) + (_r[5] * z) + _t[1],
         (_r[6] * x) + (_r[7] * y) + (_r[8] * z) + _t[2]);

    /// <summary>Rotates a direction (no translation).</summary>
    public (double X, double Y, double Z) Rotate(double x, double y, double z) =>
        ((_r[0] * x) + (_r[1] * y) + (_r[2] * z),
         (_r[3] * x) + (_r[4] * y) + (_r[5] * z),
         (_r[6] * x) + (_r[7] * y) + (_r[8] * z));

    /// <summary>This transform after <paramref name="first"/>: p ↦ this(first(p)).</summary>
    public RigidTransform After(RigidTransform first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var r = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                r[(i * 3) + j] = (_r[i * 3] * first._r[j]) + (_r[(i * 3) + 1] * first._r[3 + j]) + (_r[(i * 3) + 2] * first._r[6 + j]);
            }
        }

        (double tx, double ty, double tz) = Apply(first._t[0], first._t[1], first._t[2]);
        return new RigidTransform(Orthonormalised(r), [tx, ty, tz]);
    }

    /// <summary>The inverse: p ↦ Rᵀ(p − t).</summary>
    public RigidTransform Inverse()
    {
        double[] r = [_r[0], _r[3], _r[6], _r[1], _r[4], _r[7], _r[2], _r[5], _r[8]];
        double tx = -((r[0] * _t[0]) + (r[1] * _t[1]) + (r[2] * _t[2]));
        double ty = -((r[3] * _t[0]) + (r[4] * _t[1]) + (r[5] * _t[2]));
        double tz = -((r[6] * _t[0]) + (r[7] * _t[1]) + (r[8] * _t[2]));
        return new RigidTransform(r, [tx, ty, tz]);
    }

    /// <summary>The 3 × 4 matrix [R | t], row-major (12 values), as calibration files write it.</summary>
    public double[] ToMatrix3x4() => [_r[0], _r[1], _r[2], _t[0], _r[3], _r[4], _r[5], _t[1], _r[6], _r[7], _r[8], _t[2]];

    /// <summary>A transform from a row-major 3 × 4 matrix [R | t].</summary>
    /// <exception cref="ArgumentException">Not 12 values, or R not a rotation.</exception>
    public static RigidTransform FromMatrix3x4(IReadOnlyList<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Count != 12)
        {
            throw new ArgumentException($"A 3 × 4 matrix has 12 values; got {m.Count}.", nameof(m));
        }

        return new RigidTransform([m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]], [m[3], m[7], m[11]]);
    }

    private double Determinant() =>
        (_r[0] * ((_r[4] * _r[8]) - (_r[5] * _r[7]))) - (_r[1] * ((_r[3] * _r[8]) - (_r[5] * _r[6]))) + (_r[2] * ((_r[3] * _r[7]) - (_r[4] * _r[6])));

    // Products of rotations drift from orthonormal in the last bits; one Gram–Schmidt pass keeps long chains valid.
    private static double[] Orthonormalised(double[] r)
    {
        double n0 = Math.Sqrt((r[0] * r[0]) + (r[1] * r[1]) + (r[2] * r[2]));
        double[] a = [r[0] / n0, r[1] / n0, r[2] / n0];
        double d = (a[0] * r[3]) + (a[1] * r[4]) + (a[2] * r[5]);
        double[] b = [r[3] - (d * a[0]), r[4] - (d * a[1]), r[5] - (d * a[2])];
        double n1 = Math.Sqrt((b[0] * b[0]) + (b[1] * b[1]) + (b[2] * b[2]));
        b = [b[0] / n1, b[1] / n1, b[2] / n1];
        double[] c = [(a[1] * b[2]) - (a[2] * b[1]), (a[2] * b[0]) - (a[0] * b[2]), (a[0] * b[1]) - (a[1] * b[0])];
        return [a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]];
    }
}
