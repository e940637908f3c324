using System.Numerics;

namespace Sim.Sensors.Camera;

/// <summary>
/// A pinhole camera: intrinsics in pixels (focal lengths fx, fy; principal point cx, cy; image width × height) and its
/// pose in the world — position (m) and orientation as yaw (rad, CCW from east, about z) then pitch (rad, nose down
/// positive, about the camera's left axis). The optical frame is KITTI's: x right, y down, z forward; pixel (u, v)
/// has its centre at (u + ½, v + ½) and looks along ((u + ½ − cx) / fx, (v + ½ − cy) / fy, 1).
/// </summary>
/// <param name="Fx">Focal length along u, px.</param>
/// <param name="Fy">Focal length along v, px.</param>
/// <param name="Cx">Principal point u, px.</param>
/// <param name="Cy">Principal point v, px.</param>
/// <param name="Width">Image width, px.</param>
/// <param name="Height">Image height, px.</param>
/// <param name="X">Position east, m.</param>
/// <param name="Y">Position north, m.</param>
/// <param name="Z">Height, m.</param>
/// <param name="Yaw">Heading, rad CCW from east.</param>
/// <param name="Pitch">Downward tilt, rad.</param>
/// <param name="Near">Nearest distance drawn along the optical axis, m.</param>
/// <param name="Far">Farthest, m.</param>
public sealed record PinholeCamera(double Fx, double Fy, double Cx, double Cy, int Width, int Height, double X, double Y, double Z, double Yaw, double Pitch = 0, double Near = 0.1, double Far = 1000)
{
    /// <summary>The largest image side.</summary>
    public const int MaxSide = 16_384;

    /// <summary>A camera with a horizontal field of view of <paramref name="hfovDegrees"/>, square pixels, principal point
    /// at the image centre.</summary>
    public static PinholeCamera WithFov(int width, int height, double hfovDegrees, double x, double y, double z, double yaw, double pitch = 0)
    {
        double f = width / 2.0 / Math.Tan(hfovDegrees * Math.PI / 360);
        return new PinholeCamera(f, f, width / 2.0, height / 2.0, width, height, x, y, z, yaw, pitch);
    }

    /// <summary>Throws when a parameter is out of range.</summary>
    /// <exception cref="ArgumentException">Names the parameter and its range.</exception>
    public void Validate()
    {
        if (Width is < 1 or > MaxSide || Height is < 1 or > MaxSide)
        {
            throw new ArgumentException($"Image {Width} × {Height} px; each side must be 1–{MaxSide}.");
        }

        if (!(Fx > 0 && Fy > 0) || !double.IsFinite(Cx) || !double.IsFinite(Cy) || !(Near > 0 && Far > Near))
        {
            throw new ArgumentException($"Focal lengths {Fx}, {Fy} px must be positive, the principal point finite and 0 < near {Near} < far {Far} m.");
        }
    }

    /// <summary>The camera's axes in the world: right, down and forward (the optical x, y, z).</summary>
    public (Vector3 Right, Vector3 Down, Vector3 Forward) Axes()
    {
        (double sy, double cy) = Math.SinCos(Yaw);
        (double sp, double cp) = Math.SinCos(Pitch);
        var forward = new Vector3((float)(cp * cy), (float)(cp * sy), (float)-sp);
        var right = new Vector3((float)sy, (float)-cy, 0);
        Vector3 down = Vector3.Cross(forward, right);
        return (right, down, forward);
    }

    /// <summary>Projects a world point to pixel coordinates and its depth along the optical axis (negative behind).</summary>
    public (double U, double V, double Depth) Project(Vector3 world)
    {
        (Vector3 right, Vector3 down, Vector3 forward) = Axes();
        Vector3 d = world - new Vector3((float)X, (float)Y, (float)Z);
        double xc = Vector3.Dot(d, right), yc = Vector3.Dot(d, down), zc = Vector3.Dot(d, forward);
        return ((Fx * xc / zc) + Cx, (Fy * yc / zc) + Cy, zc);
    }
}
