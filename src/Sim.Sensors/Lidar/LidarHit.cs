using System.Runtime.InteropServices;

namespace Sim.Sensors.Lidar;

/// <summary>
/// What one LiDAR ray hit before any noise or weather: the distance along the ray (m), the scene instance index
/// (<see cref="Ground"/> for the ground plane, <see cref="Nothing"/> when the ray met nothing in range) and the cosine
/// of the angle of incidence, |n · d| for the surface's unit normal n and the ray's unit direction d.
/// </summary>
/// <param name="Distance">Metres along the ray (+∞ for a miss).</param>
/// <param name="Instance">Index into the scene's instances, <see cref="Ground"/> or <see cref="Nothing"/>.</param>
/// <param name="CosIncidence">|n · d|, 0–1 (0 for a miss).</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct LidarHit(float Distance, int Instance, float CosIncidence)
{
    /// <summary>The instance index of the ground plane.</summary>
    public const int Ground = -1;

    /// <summary>The instance index of a ray that hit nothing in range.</summary>
    public const int Nothing = -2;

    /// <summary>A ray that hit nothing.</summary>
    public static LidarHit Miss => new(float.PositiveInfinity, Nothing, 0);

    /// <summary>Whether the ray hit something (an instance or the ground).</summary>
    public bool IsHit => Instance != Nothing;
}
