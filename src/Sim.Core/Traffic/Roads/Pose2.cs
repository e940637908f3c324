namespace Sim.Core.Traffic.Roads;

/// <summary>A planar pose in the world frame: position in metres (x east, y north), heading in radians
/// counter-clockwise from +x.</summary>
/// <param name="X">East, m.</param>
/// <param name="Y">North, m.</param>
/// <param name="Heading">Counter-clockwise from +x, rad.</param>
public readonly record struct Pose2(double X, double Y, double Heading)
{
    /// <summary>The point <paramref name="forward"/> m ahead and <paramref name="left"/> m to the left of this pose.</summary>
    public Pose2 Offset(double forward, double left)
    {
        (double sin, double cos) = Math.SinCos(Heading);
        return new Pose2(X + (forward * cos) - (left * sin), Y + (forward * sin) + (left * cos), Heading);
    }

    /// <summary>Wraps an angle to (−π, π].</summary>
    public static double WrapAngle(double angle)
    {
        angle = Math.IEEERemainder(angle, 2 * Math.PI);
        return angle <= -Math.PI ? angle + (2 * Math.PI) : angle;
    }
}
