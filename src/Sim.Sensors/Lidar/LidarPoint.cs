using System.Runtime.InteropServices;

namespace Sim.Sensors.Lidar;

/// <summary>
/// One LiDAR return in the sensor frame (ISO 8855: x forward, y left, z up; m): intensity 0–1, the ring (channel) that
/// fired it, the time of the firing within the sweep (s), the semantic class and instance (stable id; 0 for the ground
/// and weather) of what it hit — kept even when noise moves the point.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct LidarPoint(float X, float Y, float Z, float Intensity, ushort Ring, SemanticClass Class, byte Reserved, float Time, ulong Instance)
{
    /// <summary>Range from the sensor, m.</summary>
    public float Range => MathF.Sqrt((X * X) + (Y * Y) + (Z * Z));
}
