using Sim.Core.Traffic.Roads;

namespace Sim.Core.Traffic.Pedestrians;

/// <summary>Writing an actor's pose from a position, heading and speed along the heading.</summary>
internal static class ActorKinematics
{
    public static void Write(ref ActorPose pose, double x, double y, double heading, double speed)
    {
        heading = Pose2.WrapAngle(heading);
        (double sin, double cos) = Math.SinCos(heading);
        pose.X = x;
        pose.Y = y;
        pose.Heading = heading;
        pose.Vx = speed * cos;
        pose.Vy = speed * sin;
    }

    /// <summary>Keeps position and heading, zero velocity.</summary>
    public static void Stop(ref ActorPose pose)
    {
        pose.Vx = 0;
        pose.Vy = 0;
    }
}
